package domain_test

import (
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"
	goical "github.com/emersion/go-ical"

	"cairn/domain"
)

// TestFeedSpeaksItsOwnersLanguage: a French mentee's calendar feed names
// the check-in, the series and the action item in French, and both
// parsers read it; the English mentor's feed stays English.
func TestFeedSpeaksItsOwnersLanguage(t *testing.T) {
	w := newWorld(t)
	w.patchPerson(w.mentee, domain.PersonPatch{Language: ptr("fr")})
	w.series(domain.SeriesOf{PairingID: w.pairing.ID})
	w.action(false) // owned by the mentee

	feed := func(a domain.Actor) string {
		t.Helper()
		url, err := w.svc.CalendarURL(w.ctx, a)
		w.must(err)
		out, err := w.svc.CalendarFeedICS(w.ctx, strings.TrimSuffix(url[strings.LastIndex(url, "/")+1:], ".ics"))
		w.must(err)
		return out
	}
	fr := feed(w.mentee)
	if _, err := ics.ParseCalendar(strings.NewReader(fr)); err != nil {
		t.Fatalf("golang-ical cannot read the feed: %v\n%s", err, fr)
	}
	cal, err := goical.NewDecoder(strings.NewReader(fr)).Decode()
	if err != nil {
		t.Fatalf("go-ical cannot read the feed: %v\n%s", err, fr)
	}
	summaries := map[string]int{}
	var descriptions []string
	for _, c := range cal.Children {
		if c.Name != goical.CompEvent && c.Name != goical.CompToDo {
			continue
		}
		s, _ := c.Props.Text(goical.PropSummary)
		d, _ := c.Props.Text(goical.PropDescription)
		summaries[c.Name+": "+s]++
		descriptions = append(descriptions, d)
	}
	// The one-off check-in and the series' master event.
	if summaries["VEVENT: Point d'étape avec Mona Mentor"] != 2 || summaries["VTODO: Draft the team charter"] != 1 {
		t.Errorf("French feed summaries: %v", summaries)
	}
	if !strings.Contains(strings.Join(descriptions, "\n"), "Action à mener avec Mona Mentor · https://cairn.test/pairings/") {
		t.Errorf("French to-do description: %q", descriptions)
	}
	en := feed(w.mentor)
	if strings.Count(en, "SUMMARY:Check-in with Milo Mentee") != 2 || strings.Contains(en, "Point d") {
		t.Errorf("English feed:\n%s", en)
	}
}
