package domain

import (
	"context"
	"fmt"
	"time"
)

// PersonRef names a person in a list.
type PersonRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// Timezone is the person's zone where the reader fills it in (the
	// participants of a pairing or an engagement), so a page can show a
	// time on their clock too; never answered as JSON.
	Timezone string `json:"-"`
}

// AgendaItem is one meeting in a person's agenda, as seen by that person.
type AgendaItem struct {
	Kind  MeetingKind `json:"kind"`
	ID    int64       `json:"id"`
	Title string      `json:"title"`
	With  PersonRef   `json:"with"`
	// WithTimezone is the other participant's zone, for the time on their
	// clock beside the viewer's.
	WithTimezone    string        `json:"-"`
	ScheduledAt     time.Time     `json:"scheduled_at"`
	DurationMinutes int           `json:"duration_minutes"`
	Location        string        `json:"location"`
	Status          MeetingStatus `json:"status"`
	Format          MeetingFormat `json:"format"`
	ProgrammeID     int64         `json:"programme_id"`
	ProgrammeName   string        `json:"programme_name"`
	Sequence        int           `json:"-"`
	SeriesID        *int64        `json:"series_id,omitempty"` // set on an occurrence of a series
	GoalTitle       string        `json:"-"`
	LeaderID        int64         `json:"-"`    // the mentor or coach
	Role            string        `json:"role"` // the viewer's part: mentor, mentee, coach or coachee
}

// ViewerRole names the part a person plays in a meeting of this kind:
// the leader of a check-in is its mentor, of a session its coach.
func ViewerRole(kind MeetingKind, leads bool) string {
	switch {
	case kind == MeetingCheckin && leads:
		return "mentor"
	case kind == MeetingCheckin:
		return "mentee"
	case leads:
		return "coach"
	}
	return "coachee"
}

// Agenda is a person's meetings in a range, by time. Truncated says the
// range held more than MaxAgendaItems and only the first ones are here.
type Agenda struct {
	Items     []AgendaItem `json:"items"`
	Truncated bool         `json:"truncated"`
}

// MaxAgendaRange bounds one agenda request.
const MaxAgendaRange = 366 * 24 * time.Hour

// MaxAgendaItems bounds the meetings one agenda request lists.
const MaxAgendaItems = 1000

// Agenda lists the actor's own meetings of both kinds in [from, to), by
// time, at most MaxAgendaItems of them: one query over the meetings table.
func (s *Service) Agenda(ctx context.Context, a Actor, from, to time.Time) (Agenda, error) {
	if !InstantInRange(from) {
		return Agenda{}, InvalidText("from", "error.a1.years", "From", MinYear, "To", MaxYear)
	}
	if !InstantInRange(to) {
		return Agenda{}, InvalidText("to", "error.a1.years", "From", MinYear, "To", MaxYear)
	}
	if !to.After(from) {
		return Agenda{}, InvalidText("to", "error.a1.to_after_from")
	}
	if to.Sub(from) > MaxAgendaRange {
		return Agenda{}, InvalidText("to", "error.a1.range_at_most", "Days", 366)
	}
	// One more than shown tells a full range from one cut short.
	items, err := s.store.Meetings.AgendaOf(ctx, a.Person.ID, from.UTC(), to.UTC(), MaxAgendaItems+1)
	if err != nil {
		return Agenda{}, fmt.Errorf("agenda of person %d: %w", a.Person.ID, err)
	}
	out := Agenda{Items: items}
	if len(items) > MaxAgendaItems {
		out.Items, out.Truncated = items[:MaxAgendaItems], true
	}
	w := s.wordsFor(a.Person)
	for i := range out.Items {
		out.Items[i].Role = ViewerRole(out.Items[i].Kind, out.Items[i].LeaderID == a.Person.ID)
		out.Items[i].Title = agendaTitle(w, out.Items[i])
	}
	return out, nil
}

func agendaTitle(w words, it AgendaItem) string {
	switch {
	case it.Kind == MeetingSession && it.GoalTitle != "":
		return w.T("ics.title.session_goal", "Name", it.With.Name, "Goal", it.GoalTitle)
	case it.Kind == MeetingSession:
		return w.T("ics.title.session", "Name", it.With.Name)
	case it.Format == FormatInformal:
		return w.T("ics.title.informal", "Name", it.With.Name)
	}
	return w.T("ics.title.checkin", "Name", it.With.Name)
}

// AgendaDay is a group of agenda items under a heading.
type AgendaDay struct {
	Label string
	// Group names the heading for the reader's words: earlier, today,
	// tomorrow, this_week or later.
	Group string
	Items []AgendaItem
}

// agendaGroups are the AgendaDay groups in order.
var agendaGroups = []string{"earlier", "today", "tomorrow", "this_week", "later"}

// GroupAgenda sorts items into today, tomorrow, this week (the five days
// after tomorrow) and later, by the viewer's calendar in loc.
func GroupAgenda(items []AgendaItem, now time.Time, loc *time.Location) []AgendaDay {
	today := DateOf(now, loc)
	labels := []string{"Earlier", "Today", "Tomorrow", "This week", "Later"}
	groups := make([][]AgendaItem, len(labels))
	for _, it := range items {
		days := today.DaysUntil(DateOf(it.ScheduledAt, loc))
		g := 4
		switch {
		case days < 0:
			g = 0
		case days == 0:
			g = 1
		case days == 1:
			g = 2
		case days < 7:
			g = 3
		}
		groups[g] = append(groups[g], it)
	}
	var out []AgendaDay
	for i, g := range groups {
		if len(g) > 0 {
			out = append(out, AgendaDay{Label: labels[i], Group: agendaGroups[i], Items: g})
		}
	}
	return out
}
