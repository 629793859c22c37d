package domain

import (
	"context"
	"testing"
	"time"
)

// agendaMeetings answers AgendaOf from a list; the embedded port panics
// on anything else, so the test fails loudly if Agenda reads more.
type agendaMeetings struct {
	MeetingStore
	items     []AgendaItem
	lastLimit int
}

func (m *agendaMeetings) AgendaOf(_ context.Context, _ int64, _, _ time.Time, limit int) ([]AgendaItem, error) {
	m.lastLimit = limit
	out := make([]AgendaItem, min(limit, len(m.items)))
	copy(out, m.items)
	return out, nil
}

type agendaDB struct{ meetings *agendaMeetings }

func (d agendaDB) Ports() Ports { return Ports{Meetings: d.meetings} }
func (d agendaDB) InTx(ctx context.Context, fn func(Ports) error) error {
	return fn(d.Ports())
}
func (agendaDB) Ping(context.Context) error { return nil }

func TestAgendaRolesAndTruncation(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	me := Actor{Person: Person{ID: 7, Active: true}}
	item := func(kind MeetingKind, leader int64) AgendaItem {
		return AgendaItem{Kind: kind, LeaderID: leader, With: PersonRef{ID: 9, Name: "Ada"}, ScheduledAt: now}
	}
	for _, c := range []struct {
		name      string
		n         int
		truncated bool
	}{
		{"empty", 0, false},
		{"exactly the cap", MaxAgendaItems, false},
		{"one over the cap", MaxAgendaItems + 1, true},
		{"far over the cap", MaxAgendaItems + 50, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := &agendaMeetings{}
			for i := range c.n {
				m.items = append(m.items, item(MeetingCheckin, int64(7+2*(i%2))))
			}
			svc := NewService(agendaDB{m}, NewFixedClock(now), Config{Translator: english.tr})
			ag, err := svc.Agenda(context.Background(), me, now, now.Add(24*time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			if ag.Truncated != c.truncated || len(ag.Items) != min(c.n, MaxAgendaItems) {
				t.Errorf("truncated %v with %d items; want %v with %d", ag.Truncated, len(ag.Items), c.truncated, min(c.n, MaxAgendaItems))
			}
			if m.lastLimit != MaxAgendaItems+1 {
				t.Errorf("asked storage for %d items", m.lastLimit)
			}
		})
	}
	m := &agendaMeetings{items: []AgendaItem{item(MeetingCheckin, 7), item(MeetingCheckin, 9), item(MeetingSession, 7), item(MeetingSession, 9)}}
	ag, err := NewService(agendaDB{m}, NewFixedClock(now), Config{Translator: english.tr}).Agenda(context.Background(), me, now, now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var roles []string
	for _, it := range ag.Items {
		roles = append(roles, it.Role)
	}
	if want := []string{"mentor", "mentee", "coach", "coachee"}; len(roles) != 4 || roles[0] != want[0] || roles[1] != want[1] ||
		roles[2] != want[2] || roles[3] != want[3] {
		t.Errorf("roles %v, want %v", roles, want)
	}
	if ag.Items[0].Title != "Check-in with Ada" {
		t.Errorf("title %q", ag.Items[0].Title)
	}
}
