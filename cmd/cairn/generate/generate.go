// Package generate builds a large, consistent, made-up organisation for
// benchmarks and trials (`cairn seed --people N`): people with a seniority
// spread, mentoring and coaching programmes, pairings, engagements and two
// years of meetings. It plans everything in memory, in phases, admitting
// each pairing, engagement and meeting only when the domain's validators
// accept it, then writes the whole plan through the domain's ports in one
// transaction (a bulk load where the database has one), so a failure
// leaves nothing behind.
package generate

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"cairn/domain"
)

// Options shape a generated organisation.
type Options struct {
	People       int
	Seed         uint64 // the same seed gives the same organisation
	Now          time.Time
	PasswordHash string         // given to every generated person ("": none can sign in)
	Location     *time.Location // the organisation's zone, which session dates are read in; nil: UTC
	Progress     io.Writer      // a line per phase; nil for none
	// WithoutProfiles leaves profiles out, for a database whose schema
	// predates them (migration 00018): the upgrade tests fill such ones.
	WithoutProfiles bool
	// Then, when set, runs in the write's transaction once every row is
	// in and the plan holds the database's ids (cairn seed plans the
	// meetings' reminders there).
	Then func(ctx context.Context, tx domain.Ports, p *Plan) error
}

// Counts says what was written.
type Counts struct {
	People, Programmes, Pairings, Engagements, Meetings, PrivateNotes int
}

// Plan is a generated organisation before it is written. Until Write, ids
// are provisional (position + 1 in each list); Write replaces them with
// the database's.
type Plan struct {
	People      []*domain.Person
	Programmes  []*domain.Programme
	Pairings    []*domain.Pairing
	Engagements []*domain.Engagement
	Meetings    []*domain.Meeting
	// Profiles name their person by provisional id.
	Profiles []*domain.Profile
}

// Counts says what the plan holds.
func (p *Plan) Counts() Counts {
	c := Counts{People: len(p.People), Programmes: len(p.Programmes), Pairings: len(p.Pairings),
		Engagements: len(p.Engagements), Meetings: len(p.Meetings)}
	for _, m := range p.Meetings {
		if m.PrivateNotes != "" {
			c.PrivateNotes++
		}
	}
	return c
}

// Generate plans an organisation and writes it to db in one transaction.
func Generate(ctx context.Context, db domain.Database, o Options) (Counts, error) {
	p, err := NewPlan(o)
	if err != nil {
		return Counts{}, err
	}
	if err := p.write(ctx, db, o.Progress, o.Then); err != nil {
		return Counts{}, err
	}
	return p.Counts(), nil
}

// planner holds what the phases share while planning.
type planner struct {
	o     Options
	r     *rand.Rand
	now   time.Time
	today domain.Date
	loc   *time.Location
	plan  Plan
	// busy lists each person's taken half-hour slots (by provisional id;
	// a slot is a Unix time over 1,800), so no one is in two meetings at
	// once. A person has a few dozen: scanning them beats looking them up
	// in a map of millions, which misses the cache every time.
	busy [][]int32
	// openMentees and openCoachees count the open relationships planned so
	// far, for the capacity rules.
	openMentees, openCoachees map[int64]int
	mentoring, coaching       []*domain.Programme
}

// NewPlan plans an organisation of o.People people.
func NewPlan(o Options) (*Plan, error) {
	if o.People < 1 {
		return nil, fmt.Errorf("generate: people must be at least 1, not %d", o.People)
	}
	if o.Location == nil {
		o.Location = time.UTC
	}
	now := o.Now.UTC().Truncate(time.Second)
	g := &planner{o: o, r: rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15)), now: now,
		today: domain.DateOf(now, o.Location), loc: o.Location, busy: make([][]int32, o.People+1),
		openMentees: map[int64]int{}, openCoachees: map[int64]int{}}
	g.people()
	g.programmes()
	if err := g.pairings(); err != nil {
		return nil, err
	}
	if err := g.engagements(); err != nil {
		return nil, err
	}
	return &g.plan, nil
}

func (g *planner) say(format string, a ...any) {
	if g.o.Progress != nil {
		fmt.Fprintf(g.o.Progress, format+"\n", a...)
	}
}

// pick returns a random element of list.
func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// free reserves the half-hour slots of a meeting at at for both people,
// reporting false (and reserving nothing) when one of them is taken.
// Meetings start on the half hour.
func (g *planner) free(a, b int64, at time.Time, minutes int) bool {
	first, n := int32(at.Unix()/1800), int32((minutes+29)/30)
	for _, p := range [2]int64{a, b} {
		for _, taken := range g.busy[p] {
			if taken >= first && taken < first+n {
				return false
			}
		}
	}
	for k := range n {
		g.busy[a], g.busy[b] = append(g.busy[a], first+k), append(g.busy[b], first+k)
	}
	return true
}

// slot is a random half-hour start in the working day of day (UTC).
func (g *planner) slot(day domain.Date) time.Time {
	return day.Start(time.UTC).Add(time.Duration(8*2+g.r.IntN(18)) * 30 * time.Minute)
}

// place finds a free time for a meeting at or a few hours after at,
// trying five times; ok is false when none was free.
func (g *planner) place(leader, learner int64, at time.Time, minutes int, fits func(time.Time) bool) (time.Time, bool) {
	for range 5 {
		if fits(at) && g.free(leader, learner, at, minutes) {
			return at, true
		}
		at = at.Add(time.Duration(1+g.r.IntN(4)) * time.Hour)
	}
	return time.Time{}, false
}

// addMeeting admits m when the domain's meeting rules accept it.
func (g *planner) addMeeting(m *domain.Meeting, p *domain.Pairing, e *domain.Engagement) error {
	m.ID = int64(len(g.plan.Meetings)) + 1
	if err := domain.ValidateMeeting(*m, p, e, g.loc); err != nil {
		return fmt.Errorf("generate: meeting %d breaks the rules: %w", m.ID, err)
	}
	g.plan.Meetings = append(g.plan.Meetings, m)
	return nil
}
