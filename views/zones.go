package views

import (
	"context"
	"encoding/json"
	"errors"
	"html/template"
	"net/url"
	"strings"
	"time"

	"cairn/domain"
	"cairn/domain/lang"
)

// Meetings cross zones: a time is shown in the viewer's zone and, beside
// it, in the zone of each other participant whose clock reads differently
// ("Tue 2 Dec 2026, 10:00 CET · 18:00 JST for Leo").

// alsoFor is what follows a time shown in the viewer's zone: the same
// instant for each of people who is not the viewer and whose clock shows
// another time or zone (domain.OtherClocks), "" when all read alike.
func alsoFor(t time.Time, loc *time.Location, viewer *domain.Person, people []domain.Person) string {
	var id int64
	if viewer != nil {
		id = viewer.ID
	}
	cs := domain.OtherClocks(t, loc, id, people)
	if len(cs) == 0 {
		return ""
	}
	return " · " + strings.Join(cs, " · ")
}

// agendaAlso is alsoFor for one agenda item: its time on the other
// participant's clock.
func agendaAlso(it domain.AgendaItem, loc *time.Location) string {
	return alsoFor(it.ScheduledAt, loc, nil, []domain.Person{{ID: it.With.ID, Name: it.With.Name, Timezone: it.WithTimezone}})
}

// zoneOf names a person's zone for a form: "Asia/Tokyo (JST, now 18:00)".
func zoneOf(p domain.Person, now time.Time) string {
	if p.Timezone == "" {
		return ""
	}
	local := now.In(p.Location())
	return p.Timezone + " (" + local.Format("MST") + ", now " + local.Format("15:04") + ")"
}

// placeLink shows a meeting's place; a place that is an http or https
// address becomes a link, anything else stays text.
func placeLink(place string) template.HTML {
	esc := template.HTMLEscapeString(place)
	if u, ok := webAddress(place); ok {
		return template.HTML(`<a href="` + template.HTMLEscapeString(u) + `" rel="noopener noreferrer">` + esc + `</a>`)
	}
	return template.HTML(esc)
}

// webAddress reports whether s is one http(s) address and nothing else.
func webAddress(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, " \t\r\n\"'<>`") {
		return "", false
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil {
		return "", false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.String(), true
	}
	return "", false
}

// refPeople are the participants a pairing or an engagement was read
// with, as people with their zones.
func refPeople(refs ...domain.PersonRef) []domain.Person {
	out := make([]domain.Person, 0, len(refs))
	for _, r := range refs {
		out = append(out, domain.Person{ID: r.ID, Name: r.Name, Timezone: r.Timezone})
	}
	return out
}

// meetingPeople reads the two participants of a relationship for their
// zones. Someone the viewer may no longer see (an inactive person) is
// left out: the time is then shown in the viewer's zone only.
func (s *Server) meetingPeople(ctx context.Context, a domain.Actor, ids ...int64) ([]domain.Person, error) {
	var out []domain.Person
	for _, id := range ids {
		if id == a.Person.ID {
			out = append(out, a.Person)
			continue
		}
		p, err := s.svc.GetPerson(ctx, a, id)
		if errors.Is(err, domain.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// whenText is an instant in loc, as pages show one.
func whenText(w *lang.Words, t time.Time, loc *time.Location) string { return w.When(t, loc) }

// zoneData is the others' zones for the script that shows a time being
// typed on their clocks: [{"for": "Leo", "tz": "Asia/Tokyo"}], "" when
// there is no one else to show.
func zoneData(viewer *domain.Person, people []domain.Person) string {
	type zone struct {
		For string `json:"for"`
		TZ  string `json:"tz"`
	}
	var out []zone
	for _, p := range people {
		if (viewer != nil && p.ID == viewer.ID) || p.Timezone == "" {
			continue
		}
		out = append(out, zone{For: domain.FirstName(p.Name), TZ: p.Timezone})
	}
	if len(out) == 0 {
		return ""
	}
	b, err := json.Marshal(out)
	if err != nil {
		return ""
	}
	return string(b)
}

// zoneNote names, beside a form's time, the zones of the participants who
// are not the viewer: "Leo Brandt is in Asia/Tokyo (JST, now 18:00)."
func zoneNote(viewer *domain.Person, people []domain.Person, now time.Time) string {
	var parts []string
	for _, p := range people {
		if viewer != nil && p.ID == viewer.ID {
			continue
		}
		if z := zoneOf(p, now); z != "" {
			parts = append(parts, p.Name+" is in "+z)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "; ") + "."
}
