package storage_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
)

// barrierWait is how long a transaction past its read waits for the
// other. Where the rule takes a lock before its read, the other is held
// at the lock and never arrives, so the first goes on after this wait.
const barrierWait = 150 * time.Millisecond

// barrier holds each of two transactions right after its read until both
// have read (or barrierWait has passed): without a lock, both then write
// on what they read.
type barrier struct {
	mu      sync.Mutex
	arrived int
	release chan struct{}
}

func newBarrier() *barrier { return &barrier{release: make(chan struct{})} }

func (b *barrier) wait() {
	b.mu.Lock()
	b.arrived++
	if b.arrived == 2 {
		close(b.release)
	}
	b.mu.Unlock()
	select {
	case <-b.release:
	case <-time.After(barrierWait):
	}
}

// raceDB is the store with the reads of the count-then-write rules
// followed by the current barrier, inside transactions.
type raceDB struct {
	*storage.Store
	b atomic.Pointer[barrier]
}

func (d *raceDB) pause() {
	if b := d.b.Load(); b != nil {
		b.wait()
	}
}

func (d *raceDB) InTx(ctx context.Context, fn func(tx domain.Ports) error) error {
	return d.Store.InTx(ctx, func(tx domain.Ports) error {
		tx.People = racePeople{tx.People, d}
		tx.Pairings = racePairings{tx.Pairings, d}
		tx.Engagements = raceEngagements{tx.Engagements, d}
		tx.Meetings = raceMeetings{tx.Meetings, d}
		return fn(tx)
	})
}

type racePeople struct {
	domain.PeopleStore
	d *raceDB
}

func (p racePeople) CountActiveAdmins(ctx context.Context) (int, error) {
	n, err := p.PeopleStore.CountActiveAdmins(ctx)
	p.d.pause()
	return n, err
}

type racePairings struct {
	domain.PairingStore
	d *raceDB
}

func (p racePairings) CountMentorPairings(ctx context.Context, ids []int64, st []domain.PairingStatus) (map[int64]int, error) {
	m, err := p.PairingStore.CountMentorPairings(ctx, ids, st)
	p.d.pause()
	return m, err
}

type raceEngagements struct {
	domain.EngagementStore
	d *raceDB
}

func (e raceEngagements) CountCoachEngagements(ctx context.Context, ids []int64, st []domain.EngagementStatus) (map[int64]int, error) {
	m, err := e.EngagementStore.CountCoachEngagements(ctx, ids, st)
	e.d.pause()
	return m, err
}

type raceMeetings struct {
	domain.MeetingStore
	d *raceDB
}

func (m raceMeetings) CountOverlappingMeetings(ctx context.Context, people []int64, from, to time.Time, except int64) (int, error) {
	n, err := m.MeetingStore.CountOverlappingMeetings(ctx, people, from, to, except)
	m.d.pause()
	return n, err
}

// raceWorld is a service on a raceDB, with an admin and one programme of
// each kind.
type raceWorld struct {
	t                   *testing.T
	ctx                 context.Context
	db                  *raceDB
	svc                 *domain.Service
	admin               domain.Actor
	mentoring, coaching domain.Programme
	n                   int
}

var raceStart = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func newRaceWorld(t *testing.T, s *storage.Store) *raceWorld {
	t.Helper()
	w := &raceWorld{t: t, ctx: context.Background(), db: &raceDB{Store: s}}
	w.svc = domain.NewService(w.db, domain.NewFixedClock(raceStart), domain.Config{IdentityCacheTTL: -1,
		PasswordParams: domain.PasswordParams{Memory: 8, Time: 1, Threads: 1}})
	admin, err := w.svc.CreateAdmin(w.ctx, "admin@example.org", "Ada Admin", "correct horse battery")
	w.must(err)
	w.admin = domain.Actor{Person: admin}
	for _, k := range []domain.ProgrammeKind{domain.KindMentoring, domain.KindCoaching} {
		p, err := w.svc.CreateProgramme(w.ctx, w.admin, domain.Programme{Name: string(k), Kind: k,
			StartsOn: domain.NewDate(2026, 1, 1), EndsOn: domain.NewDate(2026, 12, 31)})
		w.must(err)
		if k == domain.KindMentoring {
			w.mentoring = p
		} else {
			w.coaching = p
		}
	}
	return w
}

func (w *raceWorld) must(err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

// person adds someone; limit, when not negative, is both their
// max_mentees and max_coachees.
func (w *raceWorld) person(seniority, limit int, role domain.Role) domain.Person {
	w.t.Helper()
	w.n++
	in := domain.PersonInput{Name: fmt.Sprintf("Person %d", w.n), Email: fmt.Sprintf("p%d@example.org", w.n),
		Seniority: seniority, Role: role}
	if limit >= 0 {
		in.MaxMentees, in.MaxCoachees = &limit, &limit
	}
	p, err := w.svc.CreatePerson(w.ctx, w.admin, in)
	w.must(err)
	return p
}

func (w *raceWorld) pair(mentor, mentee domain.Person) domain.Pairing {
	w.t.Helper()
	p, err := w.svc.CreatePairing(w.ctx, w.admin, domain.PairingInput{ProgrammeID: w.mentoring.ID, MentorID: mentor.ID, MenteeID: mentee.ID})
	w.must(err)
	return p
}

func (w *raceWorld) engagement(coach, coachee domain.Person) domain.EngagementInput {
	return domain.EngagementInput{ProgrammeID: w.coaching.ID, CoachID: coach.ID, CoacheeID: coachee.ID,
		Goal: domain.Goal{Title: "Lead the team", Area: domain.AreaWork}, StartsOn: domain.NewDate(2026, 3, 1),
		EndsOn: domain.NewDate(2026, 6, 30), PlannedSessions: 6}
}

// race runs the two writes at once, each in its own transaction on its
// own connection, held after its read until the other has read too. A
// write may be refused with a conflict; anything else fails the test.
func (w *raceWorld) race(a, b func() error) {
	w.t.Helper()
	w.db.b.Store(newBarrier())
	defer w.db.b.Store(nil)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, f := range []func() error{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = f()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil && !errors.Is(err, domain.ErrConflict) {
			w.t.Errorf("a racing write failed otherwise than with a conflict: %v", err)
		}
	}
	if errs[0] != nil && errs[1] != nil {
		w.t.Errorf("both racing writes were refused: %v; %v", errs[0], errs[1])
	}
}

const raceRounds = 20

// TestCountThenWriteRulesHoldUnderRaces runs each rule that counts and
// then writes with two transactions both past their read before either
// writes, 20 times, and checks the rule after every round.
func TestCountThenWriteRulesHoldUnderRaces(t *testing.T) {
	if testing.Short() {
		t.Skip("races take a few seconds")
	}
	rules := []struct {
		name  string
		round func(w *raceWorld) string // "" when the rule held
	}{
		{"last admin", func(w *raceWorld) string {
			admins, err := w.db.Ports().People.ActiveAdmins(w.ctx)
			w.must(err)
			x := domain.Actor{Person: admins[0]}
			y := domain.Actor{Person: w.person(5, -1, domain.RoleAdmin)}
			member := domain.RoleMember
			w.race(func() error {
				_, err := w.svc.UpdatePerson(w.ctx, x, y.Person.ID, domain.PersonPatch{Role: &member})
				return err
			}, func() error {
				_, err := w.svc.UpdatePerson(w.ctx, y, x.Person.ID, domain.PersonPatch{Role: &member})
				return err
			})
			n, err := w.db.CountActiveAdmins(w.ctx)
			w.must(err)
			if n == 0 {
				// Put one back so the next round has admins to race.
				p, err := w.db.PersonByID(w.ctx, x.Person.ID)
				w.must(err)
				p.Role = domain.RoleAdmin
				w.must(w.db.UpdatePerson(w.ctx, &p))
			}
			if n != 1 {
				return fmt.Sprintf("%d active admins after two demoted each other", n)
			}
			return ""
		}},
		{"mentor capacity", func(w *raceWorld) string {
			mentor, e1, e2 := w.person(8, 1, domain.RoleMember), w.person(2, -1, domain.RoleMember), w.person(2, -1, domain.RoleMember)
			create := func(mentee domain.Person) func() error {
				return func() error {
					_, err := w.svc.CreatePairing(w.ctx, w.admin, domain.PairingInput{ProgrammeID: w.mentoring.ID, MentorID: mentor.ID, MenteeID: mentee.ID})
					return err
				}
			}
			w.race(create(e1), create(e2))
			n, err := w.db.CountMentorPairings(w.ctx, []int64{mentor.ID}, domain.OpenPairingStatuses())
			w.must(err)
			if n[mentor.ID] > 1 {
				return fmt.Sprintf("a mentor of at most 1 has %d open pairings", n[mentor.ID])
			}
			return ""
		}},
		{"one open pair", func(w *raceWorld) string {
			mentor, mentee := w.person(8, -1, domain.RoleMember), w.person(2, -1, domain.RoleMember)
			create := func() error {
				_, err := w.svc.CreatePairing(w.ctx, w.admin, domain.PairingInput{ProgrammeID: w.mentoring.ID, MentorID: mentor.ID, MenteeID: mentee.ID})
				return err
			}
			w.race(create, create)
			ps, err := w.db.ListPairings(w.ctx, domain.PairingFilter{MentorID: mentor.ID, Limit: 10})
			w.must(err)
			if len(ps) != 1 {
				return fmt.Sprintf("%d open pairings of the same two people", len(ps))
			}
			return ""
		}},
		{"coach capacity", func(w *raceWorld) string {
			coach, e1, e2 := w.person(6, 1, domain.RoleMember), w.person(3, -1, domain.RoleMember), w.person(3, -1, domain.RoleMember)
			create := func(coachee domain.Person) func() error {
				return func() error {
					_, err := w.svc.CreateEngagement(w.ctx, w.admin, w.engagement(coach, coachee))
					return err
				}
			}
			w.race(create(e1), create(e2))
			n, err := w.db.CountCoachEngagements(w.ctx, []int64{coach.ID}, domain.OpenEngagementStatuses())
			w.must(err)
			if n[coach.ID] > 1 {
				return fmt.Sprintf("a coach of at most 1 has %d active engagements", n[coach.ID])
			}
			return ""
		}},
		{"meeting overlap", func(w *raceWorld) string {
			mentor := w.person(8, -1, domain.RoleMember)
			p1, p2 := w.pair(mentor, w.person(2, -1, domain.RoleMember)), w.pair(mentor, w.person(2, -1, domain.RoleMember))
			at := raceStart.Add(72 * time.Hour)
			create := func(p domain.Pairing) func() error {
				return func() error {
					_, err := w.svc.CreateCheckin(w.ctx, domain.Actor{Person: mentor}, p.ID, domain.CheckinInput{
						Format: domain.FormatFormal, ScheduledAt: at, DurationMinutes: 30})
					return err
				}
			}
			w.race(create(p1), create(p2))
			n, err := w.db.CountOverlappingMeetings(w.ctx, []int64{mentor.ID}, at, at.Add(30*time.Minute), 0)
			w.must(err)
			if n > 1 {
				return fmt.Sprintf("the mentor has %d scheduled meetings at the same time", n)
			}
			return ""
		}},
	}
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		w := newRaceWorld(t, s)
		for _, r := range rules {
			t.Run(r.name, func(t *testing.T) {
				w.t = t
				broken := 0
				for i := range raceRounds {
					if why := r.round(w); why != "" {
						broken++
						t.Errorf("round %d: %s", i+1, why)
					}
				}
				if broken > 0 {
					t.Logf("the rule broke in %d of %d rounds", broken, raceRounds)
				}
			})
		}
	})
}
