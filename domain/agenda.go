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
}

// AgendaItem is one meeting in a person's agenda, as seen by that person.
type AgendaItem struct {
	Kind            MeetingKind   `json:"kind"`
	ID              int64         `json:"id"`
	Title           string        `json:"title"`
	With            PersonRef     `json:"with"`
	ScheduledAt     time.Time     `json:"scheduled_at"`
	DurationMinutes int           `json:"duration_minutes"`
	Location        string        `json:"location"`
	Status          MeetingStatus `json:"status"`
	Format          MeetingFormat `json:"format"`
	ProgrammeID     int64         `json:"programme_id"`
	ProgrammeName   string        `json:"programme_name"`
	Sequence        int           `json:"-"`
	GoalTitle       string        `json:"-"`
	Role            string        `json:"role"` // the viewer's part: mentor, mentee, coach or coachee
}

// MaxAgendaRange bounds one agenda request.
const MaxAgendaRange = 366 * 24 * time.Hour

// Agenda lists the actor's own meetings of both kinds in [from, to), by
// time: one query over the meetings table.
func (s *Service) Agenda(ctx context.Context, a Actor, from, to time.Time) ([]AgendaItem, error) {
	if !to.After(from) {
		return nil, Invalid("to", "must be after from")
	}
	if to.Sub(from) > MaxAgendaRange {
		return nil, Invalid("to", "the range may span at most 366 days")
	}
	items, err := s.store.Meetings.AgendaOf(ctx, a.Person.ID, from.UTC(), to.UTC(), 1000)
	if err != nil {
		return nil, fmt.Errorf("agenda of person %d: %w", a.Person.ID, err)
	}
	for i := range items {
		items[i].Title = agendaTitle(items[i])
	}
	return items, nil
}

func agendaTitle(it AgendaItem) string {
	switch {
	case it.Kind == MeetingSession && it.GoalTitle != "":
		return "Coaching session with " + it.With.Name + ": " + it.GoalTitle
	case it.Kind == MeetingSession:
		return "Coaching session with " + it.With.Name
	case it.Format == FormatInformal:
		return "Informal check-in with " + it.With.Name
	}
	return "Check-in with " + it.With.Name
}

// AgendaDay is a group of agenda items under a heading.
type AgendaDay struct {
	Label string
	Items []AgendaItem
}

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
			out = append(out, AgendaDay{Label: labels[i], Items: g})
		}
	}
	return out
}
