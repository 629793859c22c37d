package domain

import (
	"fmt"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	eical "github.com/emersion/go-ical"
)

func TestTextProblemKey(t *testing.T) {
	for _, tc := range []struct {
		s          string
		one, multi bool // acceptable as one line, as free text
	}{
		{"Ada Lovelace", true, true},
		{"O'Brien, Pat; \"the Rock\": é 😀", true, true},
		{"tab\there", true, true},
		{"", true, true},
		{"a\x00b", false, false},
		{"a\x1bb", false, false},
		{"a\x7fb", false, false},
		{"a\u0085b", false, true},
		{"a\u009bb", false, false},
		{"\xff\xfe", false, false},
		{"a\xc3", false, false},
		{"line\nbreak", false, true},
		{"line\r\nbreak", false, true},
		{"lone\rreturn", false, false},
		{"end\r", false, false},
		{"a\u2028b", false, true},
	} {
		if got := TextProblemKey(tc.s, OneLine) == ""; got != tc.one {
			t.Errorf("TextProblemKey(%q, OneLine) accepts: %v, want %v", tc.s, got, tc.one)
		}
		if got := TextProblemKey(tc.s, MultiLine) == ""; got != tc.multi {
			t.Errorf("TextProblemKey(%q, MultiLine) accepts: %v, want %v", tc.s, got, tc.multi)
		}
	}
	if FieldKind("name") != OneLine || FieldKind("email") != OneLine || FieldKind("location") != OneLine || FieldKind("q") != OneLine {
		t.Errorf("names, emails, locations and searches must be one line")
	}
	if FieldKind("notes") != MultiLine || FieldKind("agenda") != MultiLine || FieldKind("goal.description") != MultiLine {
		t.Errorf("notes, agendas and descriptions are free text")
	}
}

// decodeRFC6868 undoes the ^ escapes of a parameter value.
func decodeRFC6868(s string) string {
	return strings.NewReplacer("^^", "^", "^'", `"`, "^n", "\n").Replace(s)
}

func TestInviteNamesAreQuotedParameters(t *testing.T) {
	s := &Service{notify: &notifier{cfg: NotifyConfig{BaseURL: "http://cairn.test"}}}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	pid := int64(3)
	m := Meeting{ID: 7, Kind: MeetingCheckin, PairingID: &pid, ScheduledAt: at, DurationMinutes: 30, Location: "Room 1, east"}
	for _, tc := range []struct{ leader, learner string }{
		{"O'Brien, Pat", "Ada Lovelace"},
		{`Pat "the Rock" O'Brien; Jr: Esq, PhD`, "Zoë ^ Caret, \\ slash"},
		{strings.Repeat("Very Long Name, ", 8), "x"},
	} {
		leader := Person{ID: 1, Name: tc.leader, Email: "lead@example.com"}
		learner := Person{ID: 2, Name: tc.learner, Email: "learn@example.com"}
		out := s.buildInvite(english, "meeting-1@cairn", m, ics.MethodRequest, leader, learner, at)
		wantCN := map[string]string{"mailto:lead@example.com": tc.leader, "mailto:learn@example.com": tc.learner}

		// golang-ical, which wrote it; it reads a backslash in a parameter
		// as an escape, which RFC 5545 does not, so names with one are
		// only compared through the second parser.
		cal, err := ics.ParseCalendar(strings.NewReader(out))
		if err != nil {
			t.Fatalf("golang-ical cannot parse the invite: %v\n%s", err, out)
		}
		evs := cal.Events()
		if len(evs) != 1 {
			t.Fatalf("golang-ical: %d events\n%s", len(evs), out)
		}
		var parties []*ics.IANAProperty
		if p := evs[0].GetProperty(ics.ComponentPropertyOrganizer); p != nil {
			parties = append(parties, p)
		}
		parties = append(parties, evs[0].GetProperties(ics.ComponentPropertyAttendee)...)
		if len(parties) != 3 {
			t.Fatalf("golang-ical: %d organizer and attendee lines, want 3\n%s", len(parties), out)
		}
		for _, p := range parties {
			cn := p.ICalParameters[string(ics.ParameterCn)]
			if want := wantCN[p.Value]; strings.Contains(want, `\`) {
				continue
			} else if len(cn) != 1 || decodeRFC6868(cn[0]) != want {
				t.Errorf("golang-ical: %s CN %q, want %q\n%s", p.IANAToken, cn, want, out)
			}
		}

		// emersion/go-ical, an independent reader that follows RFC 5545 to
		// the letter.
		ecal, err := eical.NewDecoder(strings.NewReader(out)).Decode()
		if err != nil {
			t.Fatalf("go-ical cannot parse the invite: %v\n%s", err, out)
		}
		eevs := ecal.Events()
		if len(eevs) != 1 {
			t.Fatalf("go-ical: %d events\n%s", len(eevs), out)
		}
		props := append(eevs[0].Props.Values(eical.PropOrganizer), eevs[0].Props.Values(eical.PropAttendee)...)
		if len(props) != 3 {
			t.Fatalf("go-ical: %d organizer and attendee lines, want 3\n%s", len(props), out)
		}
		for _, p := range props {
			cn := p.Params[eical.ParamCommonName]
			if want := wantCN[p.Value]; len(cn) != 1 || decodeRFC6868(cn[0]) != want {
				t.Errorf("go-ical: %s CN %q, want %q\n%s", p.Name, cn, want, out)
			}
			if p.Name == eical.PropAttendee && p.Params.Get(eical.ParamRole) != "REQ-PARTICIPANT" {
				t.Errorf("go-ical: attendee role %q", p.Params.Get(eical.ParamRole))
			}
		}
	}
}

// keyWords writes a message as its key and arguments: the words do not
// matter to the tests of this package that use it, the escaping does.
type keyWords struct{}

func (keyWords) Tag() string { return "en" }
func (keyWords) T(key string, args ...any) string {
	return key + fmt.Sprint(args...)
}
func (k keyWords) N(key string, n int, args ...any) string   { return k.T(key, append(args, n)...) }
func (keyWords) When(t time.Time, loc *time.Location) string { return t.In(loc).Format(time.RFC3339) }
