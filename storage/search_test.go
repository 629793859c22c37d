package storage_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
)

// People search answers the same on both stores, through each one's own
// text index (migration 00022): anywhere in name, email or department,
// whatever the case and accents for a query of three characters or more,
// and kept in step with inserts, updates and deletes.
func TestPeopleSearchSameOnBothStores(t *testing.T) {
	type person struct{ name, email, dept string }
	people := []person{
		{"José Núñez", "jose.nunez@example.org", "Ventes"},
		{"Zoë Glover", "zoe@example.org", "Research"},
		{"Björn Lovén", "bjorn@example.org", "R&D"},
		{"ANNA MÜLLER", "anna@example.org", "Customer Support"},
		{"Al", "al@ex.org", "HR"},
		{"Per Cent", "100%_sure@ex.org", "Quotes \"here\""},
	}
	type step struct {
		q    string
		want string // emails' local parts, in id order, comma-separated
	}
	before := []step{
		{"jose", "jose.nunez"}, {"JOSÉ", "jose.nunez"}, {"núñez", "jose.nunez"}, {"NUNEZ", "jose.nunez"},
		{"lov", "zoe,bjorn"}, {"LOVEN", "bjorn"}, {"müller", "anna"}, {"Muller", "anna"}, {"zoë", "zoe"},
		{"ventes", "jose.nunez"}, {"example.org", "jose.nunez,zoe,bjorn,anna"}, {"r&d", "bjorn"},
		{"glo", "zoe"}, {"gl", "zoe"}, {"al", "al"}, {"AL", "al"}, {"hr", "al"}, {"ö", "bjorn"}, {"Ü", "anna"},
		{"%", "100%_sure"}, {"%_s", "100%_sure"}, {`"here"`, "100%_sure"}, {`s "h`, "100%_sure"},
		{"nobody", ""}, {"son\nzo", ""},
	}
	after := []step{{"finance", "al"}, {"hr", ""}, {"glover", ""}, {"stone", "zoe"}, {"loven", ""}, {"lov", ""}}
	got := map[string][]string{} // store -> answers in order
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		ids := map[string]int64{}
		for _, p := range people {
			dp := newPerson(p.email)
			dp.Name, dp.Department = p.name, p.dept
			if err := s.CreatePerson(ctx, &dp); err != nil {
				t.Fatal(err)
			}
			ids[p.email] = dp.ID
		}
		search := func(steps []step) {
			for _, c := range steps {
				found, err := s.ListPeople(ctx, domain.PeopleFilter{Query: c.q, Limit: 50})
				if err != nil {
					t.Fatalf("q=%q: %v", c.q, err)
				}
				var names []string
				for _, p := range found {
					names = append(names, strings.Split(p.Email, "@")[0])
				}
				answer := strings.Join(names, ",")
				got[s.Dialect()] = append(got[s.Dialect()], c.q+" -> "+answer)
				if answer != c.want {
					t.Errorf("q=%q: %q, want %q", c.q, answer, c.want)
				}
			}
		}
		search(before)
		al, err := s.PersonByID(ctx, ids["al@ex.org"])
		if err != nil {
			t.Fatal(err)
		}
		al.Department = "Finance"
		zoe, err := s.PersonByID(ctx, ids["zoe@example.org"])
		if err != nil {
			t.Fatal(err)
		}
		zoe.Name = "Zoë Stone"
		for _, p := range []*domain.Person{&al, &zoe} {
			if err := s.UpdatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		db := s.DB()
		if _, err := db.ExecContext(ctx, db.Rebind(`DELETE FROM people WHERE id = ?`), ids["bjorn@example.org"]); err != nil {
			t.Fatal(err)
		}
		search(after)
	})
	if len(got) == 2 && !slices.Equal(got["sqlite"], got["postgres"]) {
		t.Errorf("the stores answer differently:\nSQLite     %q\nPostgreSQL %q", got["sqlite"], got["postgres"])
	}
}
