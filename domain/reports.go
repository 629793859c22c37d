package domain

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// ProgrammeStats is what the dashboard counts for one programme.
type ProgrammeStats struct {
	ProgrammeID        int64
	PairingsByStatus   map[string]int
	EngagementsBy      map[string]int // by status
	Outcomes           map[string]int // closed engagements by outcome
	MeetingsThisWeek   int
	CheckinsLast30     int
	GoalsDueSoon       int
	SessionsPlanned    int // of active and completed engagements
	SessionsCompleted  int
	ActiveRelationship int // active pairings and engagements
}

// CheckinStamp is one completed check-in, for monthly counts.
type CheckinStamp struct {
	ProgrammeID int64
	PairingID   int64
	At          time.Time
}

// PeriodCount is how many of something a programme had in one period of a
// list of periods (ReportStore.CheckinCounts).
type PeriodCount struct {
	ProgrammeID int64
	Period      int
	N           int
}

// Outcomes lists the outcomes in the order reports show them.
var Outcomes = []Outcome{OutcomeAchieved, OutcomePartiallyAchieved, OutcomeNotAchieved}

// ReportMonths is how many months of check-ins reports and charts cover.
const ReportMonths = 12

// lastMonths names the last n months up to the one holding now, in loc,
// oldest first ("2026-03"), with the first instant of the oldest.
func lastMonths(now time.Time, loc *time.Location, n int) ([]string, time.Time) {
	t := now.In(loc)
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, loc).AddDate(0, -(n - 1), 0)
	out := make([]string, n)
	for i := range n {
		out[i] = first.AddDate(0, i, 0).Format("2006-01")
	}
	return out, first
}

// PairingReport is one pairing's line in a programme report.
type PairingReport struct {
	ID                 int64      `json:"id"`
	Mentor             PersonRef  `json:"mentor"`
	Mentee             PersonRef  `json:"mentee"`
	Status             string     `json:"status"`
	StartedOn          Date       `json:"started_on"`
	EndedOn            Date       `json:"ended_on"`
	CheckinCadenceDays int        `json:"checkin_cadence_days"`
	CheckinsByMonth    []int      `json:"checkins_by_month"` // aligned with the report's months
	CheckinsTotal      int        `json:"checkins_last_12_months"`
	LastCheckinAt      *time.Time `json:"last_checkin_at"`
	DaysSinceLast      *int       `json:"days_since_last_checkin"`
}

// EngagementReport is one engagement's line in a programme report.
type EngagementReport struct {
	ID                int64          `json:"id"`
	Coach             PersonRef      `json:"coach"`
	Coachee           PersonRef      `json:"coachee"`
	GoalTitle         string         `json:"goal_title"`
	GoalArea          GoalArea       `json:"goal_area"`
	Status            string         `json:"status"`
	StartsOn          Date           `json:"starts_on"`
	EndsOn            Date           `json:"ends_on"`
	PlannedSessions   int            `json:"planned_sessions"`
	SessionsCompleted int            `json:"sessions_completed"`
	ProgressPercent   int            `json:"progress_percent"`
	DeadlineStatus    DeadlineStatus `json:"deadline_status"`
	Outcome           Outcome        `json:"outcome"`
}

// ProgrammeReport is what an admin reports upward about one programme: no
// note, comment or summary text, only dates, counts, statuses and outcomes.
type ProgrammeReport struct {
	Programme         Programme          `json:"programme"`
	GeneratedAt       time.Time          `json:"generated_at"`
	Months            []string           `json:"months"`
	PairingsByStatus  map[string]int     `json:"pairings_by_status"`
	EngagementsBy     map[string]int     `json:"engagements_by_status"`
	Outcomes          map[string]int     `json:"outcomes"`
	SessionsPlanned   int                `json:"sessions_planned"`
	SessionsCompleted int                `json:"sessions_completed"`
	Pairings          []PairingReport    `json:"pairings"`
	Engagements       []EngagementReport `json:"engagements"`
}

// allRows is the limit used where a use case reads every row of a set.
const allRows = 1 << 30

// ProgrammeReport reports on one programme (admins only): counts by status,
// check-ins per pairing per month for the last 12 months with the days
// since the last one, sessions completed against planned, progress,
// deadline status and outcome per engagement. Four queries, whatever the size.
func (s *Service) ProgrammeReport(ctx context.Context, a Actor, id int64) (ProgrammeReport, error) {
	if err := s.requireAdmin(a); err != nil {
		return ProgrammeReport{}, err
	}
	prog, err := s.GetProgramme(ctx, a, id)
	if err != nil {
		return ProgrammeReport{}, err
	}
	now := s.clock.Now()
	months, since := lastMonths(now, s.cfg.OrgLocation, ReportMonths)
	r := ProgrammeReport{Programme: prog, GeneratedAt: now, Months: months, PairingsByStatus: map[string]int{},
		EngagementsBy: map[string]int{}, Outcomes: map[string]int{}, Pairings: []PairingReport{}, Engagements: []EngagementReport{}}
	for _, o := range Outcomes {
		r.Outcomes[string(o)] = 0
	}
	ps, err := s.store.Pairings.ListPairings(ctx, PairingFilter{ProgrammeID: id, Limit: allRows})
	if err != nil {
		return ProgrammeReport{}, fmt.Errorf("report on programme %d: %w", id, err)
	}
	stamps, err := s.store.Reports.CheckinsSince(ctx, id, since, []MeetingStatus{StatusCompleted})
	if err != nil {
		return ProgrammeReport{}, fmt.Errorf("report on programme %d: %w", id, err)
	}
	monthIdx := make(map[string]int, len(months))
	for i, m := range months {
		monthIdx[m] = i
	}
	byPairing := map[int64][]int{}
	for _, st := range stamps {
		i, ok := monthIdx[st.At.In(s.cfg.OrgLocation).Format("2006-01")]
		if !ok {
			continue
		}
		if byPairing[st.PairingID] == nil {
			byPairing[st.PairingID] = make([]int, len(months))
		}
		byPairing[st.PairingID][i]++
	}
	for _, p := range ps {
		r.PairingsByStatus[string(p.Status)]++
		row := PairingReport{ID: p.ID, Mentor: p.Mentor, Mentee: p.Mentee, Status: string(p.Status), StartedOn: p.StartedOn,
			EndedOn: p.EndedOn, CheckinCadenceDays: p.CheckinCadenceDays, CheckinsByMonth: byPairing[p.ID], LastCheckinAt: p.LastCheckinAt}
		if row.CheckinsByMonth == nil {
			row.CheckinsByMonth = make([]int, len(months))
		}
		for _, n := range row.CheckinsByMonth {
			row.CheckinsTotal += n
		}
		if d, ok := p.DaysSinceCheckin(now, s.cfg.OrgLocation); ok {
			row.DaysSinceLast = &d
		}
		r.Pairings = append(r.Pairings, row)
	}
	es, err := s.store.Engagements.ListEngagements(ctx, EngagementFilter{ProgrammeID: id, Limit: allRows})
	if err != nil {
		return ProgrammeReport{}, fmt.Errorf("report on programme %d: %w", id, err)
	}
	for _, e := range es {
		e = s.withDeadline(e)
		r.EngagementsBy[string(e.Status)]++
		if e.Outcome != "" {
			r.Outcomes[string(e.Outcome)]++
		}
		if e.Status != EngagementCancelled {
			r.SessionsPlanned += e.PlannedSessions
		}
		r.SessionsCompleted += e.SessionsCompleted
		r.Engagements = append(r.Engagements, EngagementReport{ID: e.ID, Coach: e.Coach, Coachee: e.Coachee,
			GoalTitle: e.Goal.Title, GoalArea: e.Goal.Area, Status: string(e.Status), StartsOn: e.StartsOn, EndsOn: e.EndsOn,
			PlannedSessions: e.PlannedSessions, SessionsCompleted: e.SessionsCompleted, ProgressPercent: e.ProgressPercent,
			DeadlineStatus: e.DeadlineStatus, Outcome: e.Outcome})
	}
	return r, nil
}

// ProgrammeCard is one active programme on the admin dashboard.
type ProgrammeCard struct {
	Programme Programme
	ProgrammeStats
	CheckinsByMonth []int // aligned with Dashboard.Months
	// Health counts the programme's active relationships by health.
	Health HealthCounts
	// Nudges: did the nudges of the last NudgeStatsDays work?
	Nudges NudgeStats
}

// HealthCounts counts relationships by health.
type HealthCounts struct {
	OnTrack, NeedsAttention, AtRisk int
}

func (c *HealthCounts) add(h Health) {
	switch h {
	case HealthOnTrack:
		c.OnTrack++
	case HealthNeedsAttention:
		c.NeedsAttention++
	case HealthAtRisk:
		c.AtRisk++
	}
}

// Attention is an active relationship whose health is not on track
// (AssessHealth), with the reasons in words.
type Attention struct {
	Kind        string // "pairing" or "engagement"
	ID          int64
	ProgrammeID int64
	Programme   string
	Leader      PersonRef
	Learner     PersonRef
	Why         string
	Health      Assessment
	// QuietDays counts the days since the last completed meeting (or the
	// start), for the order.
	QuietDays int
}

// Dashboard is an admin's starting page.
type Dashboard struct {
	Months    []string
	Cards     []ProgrammeCard
	Attention []Attention
	Outcomes  map[string]int // across active programmes
}

// Dashboard gathers the admin dashboard (admins only) in a few set-based
// queries for all programmes at once: the counts per programme, the
// completed check-ins of the last 12 months, the open pairings and the
// active engagements.
//
// The figures are the same for every admin and read the whole
// organisation, so one computation serves every admin's request for a few
// seconds (DashboardCacheTTL), or until this instance writes anything; a
// burst of requests computes it once. The result is shared: read only.
func (s *Service) Dashboard(ctx context.Context, a Actor) (Dashboard, error) {
	if err := s.requireAdmin(a); err != nil {
		return Dashboard{}, err
	}
	return s.dashboards.get(s.writes.Load(), func() (Dashboard, error) { return s.computeDashboard(ctx) })
}

func (s *Service) computeDashboard(ctx context.Context) (Dashboard, error) {
	now := s.clock.Now()
	loc := s.cfg.OrgLocation
	today := DateOf(now, loc)
	weekday := (int(now.In(loc).Weekday()) + 6) % 7 // Monday is 0
	weekFrom := today.AddDays(-weekday).Start(loc)
	q := CountsQuery{WindowFrom: weekFrom, WindowTo: today.AddDays(7 - weekday).Start(loc), Since: now.AddDate(0, 0, -30),
		EndingFrom: today, EndingTo: today.AddDays(s.cfg.GoalWarningDays)}
	progs, err := s.store.Programmes.ListProgrammes(ctx, ProgrammeFilter{Limit: allRows})
	if err != nil {
		return Dashboard{}, fmt.Errorf("dashboard: %w", err)
	}
	counts, err := s.store.Reports.ProgrammeCounts(ctx, q)
	if err != nil {
		return Dashboard{}, fmt.Errorf("dashboard: %w", err)
	}
	stats := DashboardStats(counts)
	months, since := lastMonths(now, loc, ReportMonths)
	bounds := make([]time.Time, len(months)+1)
	for i := range bounds {
		bounds[i] = since.AddDate(0, i, 0)
	}
	perMonth, err := s.store.Reports.CheckinCounts(ctx, StatusCompleted, bounds)
	if err != nil {
		return Dashboard{}, fmt.Errorf("dashboard: %w", err)
	}
	d := Dashboard{Months: months, Outcomes: map[string]int{}}
	for _, o := range Outcomes {
		d.Outcomes[string(o)] = 0
	}
	idx := map[int64]int{}
	names := map[int64]string{}
	for _, p := range progs {
		st := stats[p.ID]
		if st == nil {
			st = &ProgrammeStats{ProgrammeID: p.ID}
		}
		idx[p.ID], names[p.ID] = len(d.Cards), p.Name
		d.Cards = append(d.Cards, ProgrammeCard{Programme: p, ProgrammeStats: *st, CheckinsByMonth: make([]int, len(months))})
		for o, n := range st.Outcomes {
			d.Outcomes[o] += n
		}
	}
	for _, c := range perMonth {
		if ci, ok := idx[c.ProgrammeID]; ok && c.Period >= 0 && c.Period < len(months) {
			d.Cards[ci].CheckinsByMonth[c.Period] += c.N
		}
	}
	attention, err := s.attention(ctx, now, idx, names, d.Cards)
	if err != nil {
		return Dashboard{}, fmt.Errorf("dashboard: %w", err)
	}
	d.Attention = attention
	outcomes, err := s.store.Flags.NudgeOutcomes(ctx, now.AddDate(0, 0, -NudgeStatsDays))
	if err != nil {
		return Dashboard{}, fmt.Errorf("dashboard: %w", err)
	}
	for pid, st := range nudgeStatsOf(outcomes, now) {
		if ci, ok := idx[pid]; ok {
			d.Cards[ci].Nudges = st
		}
	}
	sort.SliceStable(d.Attention, func(i, j int) bool { return d.Attention[i].weight() > d.Attention[j].weight() })
	return d, nil
}

// weight orders the attention list: at risk first, then the longest
// silence.
func (a Attention) weight() int { return a.Health.Health.rank()*100000 + a.QuietDays }

// attention lists the active relationships of the programmes in idx whose
// health is not on track, and counts each card's relationships by health:
// the relationships and their facts are read in four set-based queries.
func (s *Service) attention(ctx context.Context, now time.Time, idx map[int64]int, names map[int64]string, cards []ProgrammeCard) ([]Attention, error) {
	facts := map[string]map[int64]RelationshipFacts{}
	for _, kind := range []string{SubjectPairing, SubjectEngagement} {
		fs, err := s.relationshipFacts(ctx, s.store, FactsQuery{SubjectType: kind, Now: now})
		if err != nil {
			return nil, err
		}
		facts[kind] = map[int64]RelationshipFacts{}
		for _, f := range fs {
			facts[kind][f.ID] = f
		}
	}
	var out []Attention
	add := func(kind string, id, programmeID int64, leader, learner PersonRef) {
		f, ok := facts[kind][id]
		ci, shown := idx[programmeID]
		if !ok || !shown {
			return
		}
		h := s.assess(f)
		cards[ci].Health.add(h.Health)
		if h.Health == HealthOnTrack || h.Health == "" {
			return
		}
		out = append(out, Attention{Kind: kind, ID: id, ProgrammeID: programmeID, Programme: names[programmeID],
			Leader: leader, Learner: learner, Why: strings.Join(h.Texts(), "; "), Health: h,
			QuietDays: int(now.Sub(f.QuietSince(s.cfg.OrgLocation)).Hours() / 24)})
	}
	ps, err := s.store.Pairings.ListPairings(ctx, PairingFilter{Statuses: []PairingStatus{PairingActive}, Limit: allRows})
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		add(SubjectPairing, p.ID, p.ProgrammeID, p.Mentor, p.Mentee)
	}
	es, err := s.store.Engagements.ListEngagements(ctx, EngagementFilter{Statuses: []EngagementStatus{EngagementActive}, Limit: allRows})
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		add(SubjectEngagement, e.ID, e.ProgrammeID, e.Coach, e.Coachee)
	}
	return out, nil
}
