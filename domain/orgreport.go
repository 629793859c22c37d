package domain

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// MeetingStamp is one meeting of a relationship, for reports: which
// relationship and when, nothing else.
type MeetingStamp struct {
	SubjectType    string // SubjectPairing or SubjectEngagement
	RelationshipID int64
	At             time.Time
}

// ReportQuery narrows the organisation report: the months from From to To
// (dates in the organisation's zone), one programme (0: all) and one
// department (the learner's: the mentee's or the coachee's; "" for all).
type ReportQuery struct {
	From, To    Date
	ProgrammeID int64
	Department  string
}

// FirstMeetingFigure is the time from a relationship's start to its first
// completed meeting, over the relationships started in the period.
type FirstMeetingFigure struct {
	Started    int `json:"started"`
	Met        int `json:"met"`
	MedianDays int `json:"median_days"`
}

// OrgReport is the report across programmes, from metadata only: dates,
// statuses, outcomes and counts, never a note.
type OrgReport struct {
	From        Date      `json:"from"`
	To          Date      `json:"to"`
	ProgrammeID int64     `json:"programme_id,omitempty"`
	Department  string    `json:"department,omitempty"`
	GeneratedAt time.Time `json:"generated_at"`
	Months      []string  `json:"months"`
	// ActiveByMonth counts the relationships running on some day of each
	// month; MeetingsByMonth the meetings completed in it.
	ActiveByMonth   []int `json:"active_relationships_by_month"`
	MeetingsByMonth []int `json:"meetings_held_by_month"`
	// Health counts the open relationships by health now (AssessHealth).
	Health         HealthCounts       `json:"-"`
	OnTrackPercent int                `json:"on_track_percent"`
	FirstMeeting   FirstMeetingFigure `json:"time_to_first_meeting"`
	// Outcomes counts the engagements closed in the period by outcome.
	Outcomes map[string]int `json:"outcomes"`
	// Nudges counts the nudges sent in the period; nil with a department
	// (a nudge's programme is known, its people's department is not).
	Nudges *NudgeStats `json:"-"`
	// Cadence is the pairings' cadence adherence in the period.
	Cadence CadenceFigure `json:"cadence_adherence"`
	// ByGoalArea counts the engagements closed in the period per goal area
	// (every area, in GoalAreas' order) by outcome.
	ByGoalArea []GoalAreaFigure `json:"outcomes_by_goal_area"`
	// NudgesByProgramme is Nudges per programme (the programmes that sent
	// any, by id); nil with a department, as Nudges.
	NudgesByProgramme []ProgrammeNudges `json:"-"`
	// Feedback is the learners' ratings of the meetings held in the
	// period, averaged only over groups of FeedbackMinLearners or more.
	Feedback FeedbackFigure `json:"feedback"`
	// Closing sets the coach's outcome beside the coachee's own view.
	Closing ClosingFigure `json:"closing_views"`
}

// GoalAreas lists every goal area, for reports.
var GoalAreas = []GoalArea{AreaWork, AreaPersonal}

// CadenceFigure is the pairings' cadence adherence: of the intervals
// between consecutive completed check-ins, and from a pairing's last one to
// today (its end for an ended pairing; none for a paused one), ending in
// the period, how many lasted at most the agreed cadence times
// CheckinOverdueFactor (the health rules' factor).
type CadenceFigure struct {
	Intervals int `json:"intervals"`
	Within    int `json:"within_cadence"`
	Percent   int `json:"percent"`
}

// GoalAreaFigure is the engagements of one goal area closed in the
// period, by outcome, and the share achieved.
type GoalAreaFigure struct {
	Area            GoalArea       `json:"area"`
	Closed          int            `json:"closed"`
	Outcomes        map[string]int `json:"outcomes"`
	AchievedPercent int            `json:"achieved_percent"`
}

// ProgrammeNudges is one programme's nudge figures.
type ProgrammeNudges struct {
	ProgrammeID int64
	NudgeStats
}

// OpenRelationships is how many open relationships the health counts.
func (r OrgReport) OpenRelationships() int {
	return r.Health.OnTrack + r.Health.NeedsAttention + r.Health.AtRisk
}

// defaultReportQuery is the last ReportMonths months up to today.
func (s *Service) defaultReportQuery() ReportQuery {
	today := DateOf(s.clock.Now(), s.cfg.OrgLocation)
	_, first := lastMonths(s.clock.Now(), s.cfg.OrgLocation, ReportMonths)
	return ReportQuery{From: DateOf(first, s.cfg.OrgLocation), To: today}
}

// OrgReport reports across programmes (admins only) from a few set-based
// reads, whatever the size: the relationships, the completed meetings,
// the health facts and the nudges.
func (s *Service) OrgReport(ctx context.Context, a Actor, q ReportQuery) (OrgReport, error) {
	if !OrgAbilitiesOf(a).SeeReports {
		return OrgReport{}, ForbiddenText("error.report.admin_only")
	}
	def := s.defaultReportQuery()
	if q.From.IsZero() {
		q.From = def.From
	}
	if q.To.IsZero() {
		q.To = def.To
	}
	if q.To.Before(q.From) {
		return OrgReport{}, InvalidRequestText("error.report.end_before_start")
	}
	if q.From.AddDays(366 * 10).Before(q.To) {
		return OrgReport{}, InvalidRequestText("error.report.too_long")
	}
	q.Department = strings.TrimSpace(q.Department)
	// Like the dashboard, a report is the same for every admin: one
	// computation serves the requests for the same report for a few
	// seconds, or until this instance writes (a burst computes it once).
	key := reportKey{q: q, today: DateOf(s.clock.Now(), s.cfg.OrgLocation)}
	return s.reports.of(key).get(s.writes.Load(), func() (OrgReport, error) { return s.computeOrgReport(ctx, q) })
}

// reportKey is one report as asked for on one day.
type reportKey struct {
	q     ReportQuery
	today Date
}

// computeOrgReport reads and counts a report whose query is checked.
func (s *Service) computeOrgReport(ctx context.Context, q ReportQuery) (OrgReport, error) {
	loc := s.cfg.OrgLocation
	now := s.clock.Now()
	r := OrgReport{From: q.From, To: q.To, ProgrammeID: q.ProgrammeID, Department: q.Department, GeneratedAt: now,
		Outcomes: map[string]int{}}
	for _, o := range Outcomes {
		r.Outcomes[string(o)] = 0
	}
	// Months from From's to To's.
	var monthStarts []Date
	for m := NewDate(q.From.t.Year(), q.From.t.Month(), 1); !q.To.Before(m); m = (Date{m.t.AddDate(0, 1, 0)}) {
		monthStarts = append(monthStarts, m)
		r.Months = append(r.Months, m.t.Format("2006-01"))
	}
	monthIdx := map[string]int{}
	for i, m := range r.Months {
		monthIdx[m] = i
	}
	r.ActiveByMonth = make([]int, len(r.Months))
	r.MeetingsByMonth = make([]int, len(r.Months))

	var dept map[int64]string
	if q.Department != "" {
		people, err := s.store.People.ListPeople(ctx, PeopleFilter{Limit: allRows})
		if err != nil {
			return OrgReport{}, fmt.Errorf("report: %w", err)
		}
		dept = make(map[int64]string, len(people))
		for _, p := range people {
			dept[p.ID] = p.Department
		}
	}
	inScope := func(programmeID, learnerID int64) bool {
		if q.ProgrammeID != 0 && programmeID != q.ProgrammeID {
			return false
		}
		return dept == nil || strings.EqualFold(strings.TrimSpace(dept[learnerID]), q.Department)
	}
	type rel struct{ start, end Date }
	scope := map[string]map[int64]rel{SubjectPairing: {}, SubjectEngagement: {}}
	today := DateOf(now, loc)
	countActive := func(start, end Date) {
		if start.IsZero() || today.Before(start) {
			return
		}
		if end.IsZero() || today.Before(end) {
			end = today
		}
		for i, m := range monthStarts {
			last := (Date{m.t.AddDate(0, 1, -1)})
			if i == len(monthStarts)-1 && q.To.Before(last) {
				last = q.To
			}
			if i == 0 && m.Before(q.From) {
				m = q.From
			}
			if !last.Before(start) && !end.Before(m) {
				r.ActiveByMonth[i]++
			}
		}
	}
	ps, err := s.store.Pairings.ListPairings(ctx, PairingFilter{ProgrammeID: q.ProgrammeID, Limit: allRows})
	if err != nil {
		return OrgReport{}, fmt.Errorf("report: %w", err)
	}
	for _, a := range GoalAreas {
		g := GoalAreaFigure{Area: a, Outcomes: map[string]int{}}
		for _, o := range Outcomes {
			g.Outcomes[string(o)] = 0
		}
		r.ByGoalArea = append(r.ByGoalArea, g)
	}
	// cadence: each pairing in scope's agreed cadence and where its last
	// interval stops (zero: it has none, being paused).
	cadence := map[int64]pairingCadence{}
	var paused []int64
	for _, p := range ps {
		if !inScope(p.ProgrammeID, p.Mentee.ID) {
			continue
		}
		end := p.EndedOn
		if p.Status == PairingEnded && end.IsZero() {
			end = DateOf(p.UpdatedAt, loc)
		}
		scope[SubjectPairing][p.ID] = rel{p.StartedOn, end}
		c := pairingCadence{days: p.CheckinCadenceDays, stop: today}
		if p.Status == PairingEnded {
			c.stop = end
		}
		if p.Status == PairingPaused {
			paused = append(paused, p.ID)
			c.stop = Date{}
		}
		cadence[p.ID] = c
		countActive(p.StartedOn, end)
	}
	es, err := s.store.Engagements.ListEngagements(ctx, EngagementFilter{ProgrammeID: q.ProgrammeID, Limit: allRows})
	if err != nil {
		return OrgReport{}, fmt.Errorf("report: %w", err)
	}
	for _, e := range es {
		if !inScope(e.ProgrammeID, e.Coachee.ID) {
			continue
		}
		var end Date
		if e.Status != EngagementActive {
			end = e.EndsOn
			if e.ClosedAt != nil {
				end = DateOf(*e.ClosedAt, loc)
			}
		}
		scope[SubjectEngagement][e.ID] = rel{e.StartsOn, end}
		countActive(e.StartsOn, end)
		if e.Outcome != "" && e.ClosedAt != nil {
			if d := DateOf(*e.ClosedAt, loc); !d.Before(q.From) && !q.To.Before(d) {
				r.Outcomes[string(e.Outcome)]++
				if i := slices.Index(GoalAreas, e.Goal.Area); i >= 0 {
					r.ByGoalArea[i].Closed++
					r.ByGoalArea[i].Outcomes[string(e.Outcome)]++
				}
			}
		}
	}

	stamps, err := s.store.Reports.MeetingStamps(ctx, []MeetingStatus{StatusCompleted})
	if err != nil {
		return OrgReport{}, fmt.Errorf("report: %w", err)
	}
	first := map[string]map[int64]time.Time{SubjectPairing: {}, SubjectEngagement: {}}
	checkinDays := map[int64][]Date{}
	for _, st := range stamps {
		if _, ok := scope[st.SubjectType][st.RelationshipID]; !ok {
			continue
		}
		if st.SubjectType == SubjectPairing {
			checkinDays[st.RelationshipID] = append(checkinDays[st.RelationshipID], DateOf(st.At, loc))
		}
		if f, seen := first[st.SubjectType][st.RelationshipID]; !seen || st.At.Before(f) {
			first[st.SubjectType][st.RelationshipID] = st.At
		}
		d := DateOf(st.At, loc)
		if d.Before(q.From) || q.To.Before(d) {
			continue
		}
		if i, ok := monthIdx[d.t.Format("2006-01")]; ok {
			r.MeetingsByMonth[i]++
		}
	}
	var waits []int
	for kind, rels := range scope {
		for id, rl := range rels {
			if rl.start.IsZero() || rl.start.Before(q.From) || q.To.Before(rl.start) {
				continue
			}
			r.FirstMeeting.Started++
			if f, ok := first[kind][id]; ok {
				waits = append(waits, max(0, rl.start.DaysUntil(DateOf(f, loc))))
			}
		}
	}
	r.FirstMeeting.Met = len(waits)
	r.FirstMeeting.MedianDays = medianInt(waits)
	r.Cadence = cadenceAdherence(cadence, checkinDays, q.From, q.To)

	// Every active relationship's facts in one query per kind, and the
	// paused pairings' in one more: they are open too.
	queries := []FactsQuery{{SubjectType: SubjectPairing, Now: now}, {SubjectType: SubjectEngagement, Now: now}}
	if len(paused) > 0 {
		queries = append(queries, FactsQuery{SubjectType: SubjectPairing, IDs: paused, Now: now})
	}
	for _, fq := range queries {
		kind := fq.SubjectType
		fs, err := s.store.Health.RelationshipFacts(ctx, fq)
		if err != nil {
			return OrgReport{}, fmt.Errorf("report: %w", err)
		}
		for _, f := range fs {
			if _, ok := scope[kind][f.ID]; !ok || !f.Open {
				continue
			}
			r.Health.add(s.assess(f).Health)
		}
	}
	r.OnTrackPercent = Percent(r.Health.OnTrack, r.OpenRelationships())

	if dept == nil {
		outcomes, err := s.store.Flags.NudgeOutcomes(ctx, q.From.Start(loc))
		if err != nil {
			return OrgReport{}, fmt.Errorf("report: %w", err)
		}
		end := q.To.AddDays(1).Start(loc)
		kept := outcomes[:0:0]
		for _, o := range outcomes {
			if o.SentAt.Before(end) && (q.ProgrammeID == 0 || o.ProgrammeID == q.ProgrammeID) {
				kept = append(kept, o)
			}
		}
		perProgramme := nudgeStatsOf(kept, now)
		var ids []int64
		for id := range perProgramme {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			r.NudgesByProgramme = append(r.NudgesByProgramme, ProgrammeNudges{ProgrammeID: id, NudgeStats: perProgramme[id]})
		}
		for i := range kept {
			kept[i].ProgrammeID = 0
		}
		n := nudgeStatsOf(kept, now)[0]
		r.Nudges = &n
	}
	closedIn := func(t time.Time) bool { d := DateOf(t, loc); return !d.Before(q.From) && !q.To.Before(d) }
	r.Closing = closingFigure(es, closedIn, inScope)
	if r.Feedback, err = s.feedbackFigure(ctx, q, r.Months, inScope); err != nil {
		return OrgReport{}, fmt.Errorf("report: %w", err)
	}
	for i, g := range r.ByGoalArea {
		r.ByGoalArea[i].AchievedPercent = Percent(g.Outcomes[string(OutcomeAchieved)], g.Closed)
	}
	return r, nil
}

// pairingCadence is a pairing's agreed cadence in days and the day its
// last interval stops (zero: no last interval, the pairing is paused).
type pairingCadence struct {
	days int
	stop Date
}

// cadenceAdherence counts, over the pairings with a cadence, the check-in
// intervals ending from from to to and those within the cadence times
// CheckinOverdueFactor (see CadenceFigure). days holds each pairing's
// completed check-in days, in any order.
func cadenceAdherence(pairings map[int64]pairingCadence, days map[int64][]Date, from, to Date) CadenceFigure {
	var c CadenceFigure
	for id, pc := range pairings {
		ds := days[id]
		if pc.days <= 0 || len(ds) == 0 {
			continue
		}
		ds = slices.Clone(ds)
		slices.SortFunc(ds, func(a, b Date) int { return a.t.Compare(b.t) })
		limit := float64(pc.days) * CheckinOverdueFactor
		count := func(a, b Date) {
			if b.Before(from) || to.Before(b) {
				return
			}
			c.Intervals++
			if float64(a.DaysUntil(b)) <= limit {
				c.Within++
			}
		}
		for i := 1; i < len(ds); i++ {
			count(ds[i-1], ds[i])
		}
		if last := ds[len(ds)-1]; !pc.stop.IsZero() && !pc.stop.Before(last) {
			count(last, pc.stop)
		}
	}
	c.Percent = Percent(c.Within, c.Intervals)
	return c
}

// medianInt is the median of xs (the lower middle of an even count), 0
// when empty.
func medianInt(xs []int) int {
	if len(xs) == 0 {
		return 0
	}
	xs = slices.Clone(xs)
	slices.Sort(xs)
	return xs[(len(xs)-1)/2]
}
