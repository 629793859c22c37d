package domain

import (
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
)

// FuzzCalendarEvents builds a feed the way CalendarFeedICS does from
// meetings whose names, locations, programme and goal titles are arbitrary
// text. Whatever goes in, the output parses with golang-ical, holds one
// VEVENT per meeting with its UID, and each SUMMARY and LOCATION comes back
// as the feed builder meant it (control characters dropped).
func FuzzCalendarEvents(f *testing.F) {
	seeds := [][4]string{
		{"Ada Lovelace", "Room 1", "Mentors 2026", "Lead the team"},
		{`<script>alert("x")</script>`, "Room; 1, \\ east\nBEGIN:VEVENT\nSUMMARY:x", "=1+1", "@SUM(1)"},
		{"\r\nEND:VCALENDAR\r\n", "END:VEVENT", "\x00\x1b", "\u2028\u00e9\U0001F600"},
		{strings.Repeat("long name ", 40), strings.Repeat("é", 100), "", ""},
		{"", "", "", ""}, {"a\\nb", "c\\,d", "e\\;f", "\\"}, {"\xff\xfe", "tab\there", ":", ";"},
	}
	for i, s := range seeds {
		f.Add(s[0], s[1], s[2], s[3], uint8(i%3+1))
	}
	s := &Service{cfg: Config{BaseURL: "http://cairn.test"}}
	stamp := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	uids := uidScheme{from: 3, tag: "5eed0fca1e00"} // old and new UIDs both
	f.Fuzz(func(t *testing.T, name, location, programme, goal string, n uint8) {
		count := int(n%4) + 1
		cal := ics.NewCalendarFor("Cairn")
		cal.SetMethod(ics.MethodPublish)
		cal.SetName("Cairn: " + name)
		var want []AgendaItem
		for i := range count {
			it := AgendaItem{Kind: MeetingCheckin, ID: int64(i + 1), With: PersonRef{ID: 7, Name: name},
				ScheduledAt: stamp.Add(time.Duration(i) * 24 * time.Hour), DurationMinutes: 30, Location: location,
				Status: StatusScheduled, Format: FormatFormal, ProgrammeName: programme, GoalTitle: goal}
			if i%2 == 1 {
				it.Kind, it.Status = MeetingSession, StatusCancelled
			}
			it.Title = agendaTitle(english, it)
			s.addMeetingEvent(cal, uids, it, stamp)
			want = append(want, it)
		}
		out := cal.Serialize()
		parsed, err := ics.ParseCalendar(strings.NewReader(out))
		if err != nil {
			t.Fatalf("the feed does not parse: %v\n%s", err, out)
		}
		evs := parsed.Events()
		if len(evs) != count {
			t.Fatalf("%d events for %d meetings:\n%s", len(evs), count, out)
		}
		for i, ev := range evs {
			it := want[i]
			if uid := ev.GetProperty(ics.ComponentPropertyUniqueId); uid == nil || uid.Value != uids.MeetingUID(it.ID) {
				t.Errorf("event %d: UID %v, want %s", i, uid, uids.MeetingUID(it.ID))
			}
			if sum := ev.GetProperty(ics.ComponentPropertySummary); sum == nil || sum.Value != icsText(it.Title) {
				t.Errorf("event %d: SUMMARY %v, want %q\n%s", i, sum, icsText(it.Title), out)
			}
			loc := ev.GetProperty(ics.ComponentPropertyLocation)
			switch {
			case it.Location == "" && loc != nil:
				t.Errorf("event %d: LOCATION %q for no location", i, loc.Value)
			case it.Location != "" && (loc == nil || loc.Value != icsText(it.Location)):
				t.Errorf("event %d: LOCATION %v, want %q\n%s", i, loc, icsText(it.Location), out)
			}
		}
	})
}
