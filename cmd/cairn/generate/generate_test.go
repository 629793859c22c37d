package generate

import (
	"context"
	"reflect"
	"sort"
	"testing"
	"time"

	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
)

var testNow = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

// TestEveryRowPassesTheDomainRules writes a generated organisation and
// checks every pairing, engagement and meeting against the domain's
// validators, replaying the capacity counts in creation order, and every
// person's scheduled meetings against the overlap rule.
func TestEveryRowPassesTheDomainRules(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		p, err := NewPlan(Options{People: 600, Seed: 3, Now: testNow, Location: berlin})
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Write(ctx, s, nil); err != nil {
			t.Fatal(err)
		}
		c := p.Counts()
		if c.Pairings != 300 || c.Engagements != 120 || c.Meetings < 600*8 || c.PrivateNotes == 0 {
			t.Fatalf("counts %+v", c)
		}
		var stored Counts
		for q, dst := range map[string]*int{`SELECT count(*) FROM people`: &stored.People, `SELECT count(*) FROM pairings`: &stored.Pairings,
			`SELECT count(*) FROM engagements`: &stored.Engagements, `SELECT count(*) FROM meetings`: &stored.Meetings,
			`SELECT count(*) FROM programmes`: &stored.Programmes, `SELECT count(*) FROM meeting_private_notes`: &stored.PrivateNotes} {
			if err := s.DB().Get(dst, q); err != nil {
				t.Fatal(err)
			}
		}
		if stored != c {
			t.Errorf("stored %+v, planned %+v", stored, c)
		}

		people := map[int64]domain.Person{}
		for _, x := range p.People {
			people[x.ID] = *x
		}
		progs := map[int64]domain.Programme{}
		for _, x := range p.Programmes {
			progs[x.ID] = *x
		}
		pairings := map[int64]*domain.Pairing{}
		open := map[int64]int{}
		for _, x := range p.Pairings {
			pairings[x.ID] = x
			if err := domain.ValidatePairing(*x, progs[x.ProgrammeID], people[x.MentorID], people[x.MenteeID], open[x.MentorID]); err != nil {
				t.Errorf("pairing %d: %v", x.ID, err)
			}
			if x.Status.IsOpen() {
				open[x.MentorID]++
			}
		}
		engagements := map[int64]*domain.Engagement{}
		coaching := map[int64]int{}
		for _, x := range p.Engagements {
			engagements[x.ID] = x
			if err := domain.ValidateEngagement(*x, progs[x.ProgrammeID], people[x.CoachID], people[x.CoacheeID], coaching[x.CoachID]); err != nil {
				t.Errorf("engagement %d: %v", x.ID, err)
			}
			if x.IsOpen() {
				coaching[x.CoachID]++
			}
		}
		scheduled := map[int64][]domain.Meeting{}
		for _, m := range p.Meetings {
			var pa *domain.Pairing
			var en *domain.Engagement
			if m.PairingID != nil {
				pa = pairings[*m.PairingID]
			}
			if m.EngagementID != nil {
				en = engagements[*m.EngagementID]
			}
			if err := domain.ValidateMeeting(*m, pa, en, berlin); err != nil {
				t.Errorf("meeting %d: %v", m.ID, err)
			}
			if m.Status == domain.StatusScheduled {
				scheduled[m.LeaderID] = append(scheduled[m.LeaderID], *m)
				scheduled[m.LearnerID] = append(scheduled[m.LearnerID], *m)
			}
		}
		for person, ms := range scheduled {
			sort.Slice(ms, func(i, j int) bool { return ms[i].ScheduledAt.Before(ms[j].ScheduledAt) })
			for i := 1; i < len(ms); i++ {
				if ms[i-1].Overlaps(ms[i]) {
					t.Errorf("person %d: meetings %d and %d overlap", person, ms[i-1].ID, ms[i].ID)
				}
			}
		}
	})
}

// TestSameSeedSameOrganisation: a seed names one organisation.
func TestSameSeedSameOrganisation(t *testing.T) {
	a, err := NewPlan(Options{People: 300, Seed: 9, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewPlan(Options{People: 300, Seed: 9, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Error("two plans from one seed differ")
	}
	c, err := NewPlan(Options{People: 300, Seed: 10, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(a.People, c.People) {
		t.Error("another seed gave the same people")
	}
}

// TestFailedWriteLeavesNothing: a meeting the database refuses (its
// leader does not exist) rolls back the people, pairings and engagements
// written before it.
func TestFailedWriteLeavesNothing(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		p, err := NewPlan(Options{People: 200, Seed: 1, Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		p.Meetings[len(p.Meetings)-1].LeaderID = int64(len(p.People)) + 99
		if err := p.Write(ctx, s, nil); err == nil {
			t.Fatal("a meeting with no leader was written")
		}
		for _, table := range []string{"people", "programmes", "pairings", "engagements", "meetings"} {
			var n int
			if err := s.DB().Get(&n, `SELECT count(*) FROM `+table); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Errorf("%d rows left in %s", n, table)
			}
		}
	})
}
