package domain_test

import (
	"strings"
	"testing"

	"cairn/domain"
)

// TestImportPairingsRules: a pairings file meets the rules of one pairing,
// counting its own rows, and is written whole or not at all.
func TestImportPairingsRules(t *testing.T) {
	cases := []struct {
		name    string
		setup   func(w *world)
		rows    []string // after "<programme id>,"
		want    error
		created int
		column  string // the column a bad row names
	}{
		{"one good row", nil, []string{"mentor@example.org,coachee@example.org,,,,"}, ok, 1, ""},
		{"junior mentor", nil, []string{"mentee@example.org,outsider@example.org,,,,"}, domain.ErrInvalid, 0, "mentor_email"},
		{"junior mentor with a reason", nil, []string{"mentee@example.org,outsider@example.org,,,,expert"}, ok, 1, ""},
		{"already open", nil, []string{"mentor@example.org,mentee@example.org,,,,"}, domain.ErrInvalid, 0, "mentee_email"},
		{"the same pair twice", nil, []string{"mentor@example.org,coachee@example.org,,,,", "mentor@example.org,coachee@example.org,,,,"},
			domain.ErrInvalid, 0, "mentee_email"},
		{"one bad row stops the file", nil, []string{"mentor@example.org,coachee@example.org,,,,", "nobody@example.org,outsider@example.org,,,,"},
			domain.ErrInvalid, 0, "mentor_email"},
		{"the file fills the mentor", func(w *world) { w.setMaxMentees(w.mentor, 2) },
			[]string{"mentor@example.org,coachee@example.org,,,,", "mentor@example.org,outsider@example.org,,,,"}, domain.ErrInvalid, 0, "mentor_email"},
		{"within the mentor's places", func(w *world) { w.setMaxMentees(w.mentor, 3) },
			[]string{"mentor@example.org,coachee@example.org,,,,", "mentor@example.org,outsider@example.org,,,,"}, ok, 2, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorldWith(t, tc.setup)
			csv := strings.Join(domain.PairingsCSVHeader, ",") + "\n"
			for _, r := range tc.rows {
				csv += itoa(w.mentoring.ID) + "," + r + "\n"
			}
			checked, err := w.svc.CheckPairingsCSV(w.ctx, w.admin, strings.NewReader(csv))
			w.must(err)
			if checked.Valid() != (tc.want == nil) {
				t.Errorf("check says valid=%v, want %v: %v", checked.Valid(), tc.want == nil, checked.Err())
			}
			n, err := w.svc.ImportPairings(w.ctx, w.admin, strings.NewReader(csv))
			wantKind(t, err, tc.want)
			if tc.column != "" && !strings.Contains(err.Error(), tc.column) {
				t.Errorf("error %q does not name %s", err, tc.column)
			}
			all, err2 := w.mem.Ports().Pairings.ListPairings(w.ctx, domain.PairingFilter{Limit: 100})
			w.must(err2)
			if n != tc.created || len(all) != 1+tc.created {
				t.Errorf("imported %d, stored %d pairings; want %d new", n, len(all), tc.created)
			}
		})
	}
}
