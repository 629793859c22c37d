package domain

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode"
)

// Fuzz targets. Their seeds run in every `go test`; .ci/run fuzzes each for
// a short while (go test -run '^$' -fuzz '^FuzzX$' -fuzztime 30s ./domain).

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-03-30", "2024-02-29", "2025-02-29", "0000-01-01", "9999-12-31", "2025-3-1",
		"", "30.03.2025", "2025-03-30T00:00:00Z", " 2025-03-30", "+2025-03-30", "2025-13-01", "２０２５-03-30"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !d.IsZero() {
				t.Errorf("ParseDate(%q) failed but returned %v", s, d)
			}
			return
		}
		// A date that parses writes back exactly as given, and survives JSON.
		if d.String() != s {
			t.Errorf("ParseDate(%q).String() = %q", s, d.String())
		}
		j, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		var back Date
		if err := json.Unmarshal(j, &back); err != nil || back != d {
			t.Errorf("JSON round trip of %q: %s -> %v, %v", s, j, back, err)
		}
		if d.AddDays(1).DaysUntil(d) != -1 {
			t.Errorf("%s: a day later is not one day later", s)
		}
	})
}

func FuzzDateUnmarshalJSON(f *testing.F) {
	for _, s := range []string{`"2025-03-30"`, `null`, `""`, `"x"`, `20250330`, `{"a":1}`, `"2025-02-30"`, `"\u0032025-01-01"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var d Date
		if err := d.UnmarshalJSON(b); err != nil {
			return
		}
		out, err := d.MarshalJSON()
		if err != nil {
			t.Fatalf("%q decoded to %v, which does not encode: %v", b, d, err)
		}
		var again Date
		if err := again.UnmarshalJSON(out); err != nil || again != d {
			t.Errorf("%q -> %s -> %v (%v)", b, out, again, err)
		}
	})
}

func FuzzValidTimezone(f *testing.F) {
	for _, s := range []string{"Europe/Berlin", "UTC", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "Local", "",
		"Europe/Atlantis", "../../etc/passwd", "/etc/localtime", "Europe", "europe/berlin", "Europe/Berlin\x00", "zone1970.tab"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if !ValidTimezone(name) {
			// "Local" (the server's zone) loads but is refused; it never
			// reaches a stored person.
			if p := (Person{Timezone: name}); name != "Local" && p.Location() != time.UTC {
				t.Errorf("invalid zone %q still gave a location", name)
			}
			return
		}
		// A valid zone loads, keeps its name, and can be used for a person.
		loc, err := time.LoadLocation(name)
		if err != nil || loc.String() != name {
			t.Errorf("ValidTimezone(%q) but LoadLocation gives %v, %v", name, loc, err)
		}
		if strings.Contains(name, "..") || strings.HasPrefix(name, "/") {
			t.Errorf("ValidTimezone accepts a path: %q", name)
		}
		_ = DateOf(time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC), loc).Start(loc)
	})
}

func FuzzPersonValidate(f *testing.F) {
	f.Add("Ada Lovelace", "ada@example.com", "Analyst", "Research", 5, "Europe/London", "member", 3)
	f.Add("", "", "", "", 0, "", "", -1)
	f.Add("<script>", "a@b", strings.Repeat("x", 201), "", 11, "Local", "owner", 1001)
	f.Add("Bob", "Bob <bob@example.com>", "", "", 1, "UTC", "admin", 0)
	f.Add("Eve", "eve@example.com\r\nBcc: x@example.com", "", "", 3, "UTC", "member", 0)
	f.Add("Q", "\"a b\"@example.com", "", "", 3, "UTC", "member", 0)
	f.Fuzz(func(t *testing.T, name, email, job, dept string, seniority int, zone, role string, capacity int) {
		p := Person{Name: name, Email: email, JobTitle: job, Department: dept, Seniority: seniority,
			Timezone: zone, Role: Role(role), MaxMentees: &capacity}
		err := p.Validate()
		known := map[string]bool{"name": true, "email": true, "job_title": true, "department": true, "seniority": true,
			"timezone": true, "role": true, "max_mentees": true, "max_coachees": true}
		for field := range FieldErrors(err) {
			if !known[field] {
				t.Errorf("error on unknown field %q", field)
			}
		}
		if err != nil {
			if FieldErrors(err) == nil {
				t.Errorf("Validate failed without field errors: %v", err)
			}
			return
		}
		// What passes is safe to store and to put in an email header.
		switch {
		case name == "" || len(name) > 200:
			t.Errorf("name %q accepted", name)
		case seniority < 1 || seniority > 10:
			t.Errorf("seniority %d accepted", seniority)
		case !ValidTimezone(zone):
			t.Errorf("zone %q accepted", zone)
		case role != "admin" && role != "member":
			t.Errorf("role %q accepted", role)
		case capacity < 0 || capacity > 1000:
			t.Errorf("capacity %d accepted", capacity)
		case strings.IndexFunc(email, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
			t.Errorf("email %q with spaces or control characters accepted", email)
		case strings.Count(email, "@") < 1 || strings.ContainsAny(email, "<>,;"):
			t.Errorf("email %q is not one bare address", email)
		}
		if NormalizeEmail(NormalizeEmail(email)) != NormalizeEmail(email) {
			t.Errorf("NormalizeEmail is not idempotent on %q", email)
		}
	})
}
