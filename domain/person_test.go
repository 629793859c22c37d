package domain

import (
	"strings"
	"testing"
)

func TestPersonValidate(t *testing.T) {
	good := Person{Name: "Ada", Email: "ada@example.com", Seniority: 5, Timezone: "Europe/London", Role: RoleMember}
	if err := good.Validate(); err != nil {
		t.Fatalf("good person: %v", err)
	}
	neg := -1
	cases := []struct {
		name  string
		edit  func(p *Person)
		field string
	}{
		{"no name", func(p *Person) { p.Name = "" }, "name"},
		{"long name", func(p *Person) { p.Name = strings.Repeat("a", 201) }, "name"},
		{"no email", func(p *Person) { p.Email = "" }, "email"},
		{"bad email", func(p *Person) { p.Email = "ada at example" }, "email"},
		{"display name", func(p *Person) { p.Email = "Ada <ada@example.com>" }, "email"},
		{"seniority 0", func(p *Person) { p.Seniority = 0 }, "seniority"},
		{"seniority 11", func(p *Person) { p.Seniority = 11 }, "seniority"},
		{"unknown zone", func(p *Person) { p.Timezone = "Europe/Atlantis" }, "timezone"},
		{"Local zone", func(p *Person) { p.Timezone = "Local" }, "timezone"},
		{"empty zone", func(p *Person) { p.Timezone = "" }, "timezone"},
		{"bad role", func(p *Person) { p.Role = "owner" }, "role"},
		{"negative capacity", func(p *Person) { p.MaxMentees = &neg }, "max_mentees"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := good
			c.edit(&p)
			err := p.Validate()
			if FieldErrors(err)[c.field] == "" {
				t.Errorf("Validate() = %v, want an error on %s", err, c.field)
			}
		})
	}
}

func TestPasswordHash(t *testing.T) {
	p := PasswordParams{Memory: 64, Time: 1, Threads: 1}
	h, err := HashPassword("s3cret password", p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("hash %q does not carry its parameters", h)
	}
	if ok, err := CheckPassword("s3cret password", h); !ok || err != nil {
		t.Errorf("right password: %v, %v", ok, err)
	}
	if ok, _ := CheckPassword("S3cret password", h); ok {
		t.Error("wrong password accepted")
	}
	if _, err := CheckPassword("x", "$argon2id$garbage"); err == nil {
		t.Error("malformed hash accepted")
	}
	h2, _ := HashPassword("s3cret password", p)
	if h == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
}

func TestDate(t *testing.T) {
	d, err := ParseDate("2025-03-30")
	if err != nil {
		t.Fatal(err)
	}
	if d.String() != "2025-03-30" || d.AddDays(2).String() != "2025-04-01" || d.DaysUntil(d.AddDays(10)) != 10 {
		t.Errorf("date arithmetic wrong: %s", d)
	}
	for _, bad := range []string{"2025-02-30", "30.03.2025", "", "2025-3-1", "0001-01-01", "1899-12-31"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
	var j Date
	if err := j.UnmarshalJSON([]byte(`"2024-02-29"`)); err != nil || j.String() != "2024-02-29" {
		t.Errorf("json: %v %s", err, j)
	}
	if b, _ := (Date{}).MarshalJSON(); string(b) != "null" {
		t.Errorf("zero date marshals to %s", b)
	}
}
