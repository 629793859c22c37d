package domain

import (
	"context"
	"fmt"
	"time"
)

// Health says how an open pairing or engagement is going. It is derived
// here, once, from facts the store gathers per relationship
// (RelationshipFacts); pages, JSON, flags, nudges and reports all read it.
type Health string

// The three healths, from good to bad.
const (
	HealthOnTrack        Health = "on_track"
	HealthNeedsAttention Health = "needs_attention"
	HealthAtRisk         Health = "at_risk"
)

// Healths lists every health, from good to bad, for filters.
var Healths = []Health{HealthOnTrack, HealthNeedsAttention, HealthAtRisk}

func (h Health) rank() int {
	switch h {
	case HealthNeedsAttention:
		return 1
	case HealthAtRisk:
		return 2
	}
	return 0
}

// Worse is the worse of two healths.
func (h Health) Worse(o Health) Health {
	if o.rank() > h.rank() {
		return o
	}
	return h
}

// ReasonCode names one rule behind a health.
type ReasonCode string

// The rules.
const (
	// ReasonQuiet: no completed meeting for longer than the cadence (for an
	// engagement, the interval its plan implies).
	ReasonQuiet ReasonCode = "quiet"
	// ReasonMissedStreak: the meetings since the last completed one were
	// cancelled or missed.
	ReasonMissedStreak ReasonCode = "missed_streak"
	// ReasonSessionsBehind: the sessions held lag the time used.
	ReasonSessionsBehind ReasonCode = "sessions_behind"
	// ReasonDeadlineNear and ReasonDeadlinePast: the goal's end date.
	ReasonDeadlineNear ReasonCode = "goal_deadline_near"
	ReasonDeadlinePast ReasonCode = "goal_overdue"
	// ReasonSeriesMissed: the last dates of a regular time (series) were
	// cancelled or missed, MissedStreakAtRisk of them in a row.
	ReasonSeriesMissed ReasonCode = "series_missed"
	// ReasonOverdueActions: action items past their due date and not done.
	ReasonOverdueActions ReasonCode = "overdue_action_items"
	// ReasonOverdueMilestones: milestones past their target date and not
	// done.
	ReasonOverdueMilestones ReasonCode = "overdue_milestones"
)

// The thresholds of the rules.
const (
	// QuietAtRiskFactor: quiet for this many times the cadence with nothing
	// scheduled ahead is at risk (CheckinOverdueFactor, the old flag's rule).
	QuietAtRiskFactor = CheckinOverdueFactor
	// MissedStreakAttention and MissedStreakAtRisk: this many cancelled or
	// missed meetings in a row since the last completed one.
	MissedStreakAttention = 2
	MissedStreakAtRisk    = 3
	// SessionsBehindAtRisk: the share of sessions held lags the share of
	// time used by more than this (SessionsBehindMargin needs attention).
	SessionsBehindAtRisk = 0.5
	// DefaultNudgeGraceDays: after a nudge, the days a pair has to schedule
	// a meeting before HR is flagged, unless the programme says otherwise.
	DefaultNudgeGraceDays = 7
)

// HealthReason is one rule that holds, at its level, in words: Words
// names them by catalogue key, for whoever reads them; Text is them
// written in the service's default language (Assessment.Written), for the
// API.
type HealthReason struct {
	Code  ReasonCode `json:"code"`
	Level Health     `json:"level"`
	Text  string     `json:"text"`
	Words Text       `json:"-"`
}

// RelationshipFacts is what the store gathers of one pairing or engagement
// for its health, in one set-based query for many relationships.
type RelationshipFacts struct {
	SubjectType string // SubjectPairing or SubjectEngagement
	ID          int64
	ProgrammeID int64
	// Open is whether it still runs (pairing active or paused, engagement
	// active); Paused a paused pairing.
	Open, Paused bool
	// StartsOn is the pairing's start or the engagement's; EndsOn the
	// engagement's end (zero for a pairing).
	StartsOn, EndsOn Date
	// CadenceDays is the pairing's agreed check-in cadence (0 for an
	// engagement).
	CadenceDays       int
	PlannedSessions   int
	CompletedSessions int
	// LastCompletedAt is the last completed meeting, if any.
	LastCompletedAt *time.Time
	// NextScheduledAt is the first scheduled meeting at or after the
	// query's now, if any.
	NextScheduledAt *time.Time
	// MissedSinceCompleted counts the cancelled and no-show meetings before
	// now and after the last completed one (all of them when none was).
	MissedSinceCompleted int
	// LiveSeries: a regular time (an active series) is set, which counts
	// as a meeting ahead. SeriesMissed is the longest run, among the
	// active series, of dates cancelled or missed since the last one held.
	LiveSeries   bool
	SeriesMissed int
	// LastNudgeAt is the newest nudge sent to the pair, if any.
	LastNudgeAt *time.Time
	// NudgesOff and GraceDays are the programme's nudge settings
	// (GraceDays 0: the default).
	NudgesOff bool
	GraceDays int
	// OverdueActions counts the open action items due before today.
	OverdueActions int
	// OverdueMilestones counts an engagement's milestones not done whose
	// target date is before today.
	OverdueMilestones int
}

// FactsQuery says which relationships' facts to gather.
type FactsQuery struct {
	SubjectType string  // SubjectPairing or SubjectEngagement
	IDs         []int64 // these ones; nil: every active one
	Now         time.Time
}

// Grace is the programme's grace period after a nudge, in days.
func (f RelationshipFacts) Grace() int {
	if f.GraceDays > 0 {
		return f.GraceDays
	}
	return DefaultNudgeGraceDays
}

// IntervalDays is how often the pair is expected to meet: a pairing's
// cadence, or an engagement's span divided by its planned sessions.
func (f RelationshipFacts) IntervalDays() int {
	if f.SubjectType == SubjectPairing {
		return f.CadenceDays
	}
	if f.PlannedSessions <= 0 {
		return 0
	}
	return max(f.StartsOn.DaysUntil(f.EndsOn)/f.PlannedSessions, 1)
}

// QuietSince is the instant the quiet is counted from: the last completed
// meeting, or the start of the first day.
func (f RelationshipFacts) QuietSince(loc *time.Location) time.Time {
	if f.LastCompletedAt != nil {
		return *f.LastCompletedAt
	}
	return f.StartsOn.Start(loc)
}

// Lapsed reports whether the pair has gone longer than its interval
// without a completed meeting at now, and since when it is lapsed.
func (f RelationshipFacts) Lapsed(now time.Time, loc *time.Location) (bool, time.Time) {
	n := f.IntervalDays()
	if !f.Open || f.Paused || n <= 0 {
		return false, time.Time{}
	}
	due := f.QuietSince(loc).Add(time.Duration(n) * 24 * time.Hour)
	return now.After(due), due
}

// NudgedSince reports whether the pair was nudged after the instant (the
// moment their cadence lapsed: a nudge before it was for an earlier quiet,
// or came before this one was due).
func (f RelationshipFacts) NudgedSince(t time.Time) bool {
	return f.LastNudgeAt != nil && f.LastNudgeAt.After(t)
}

// Assessment is a relationship's health with the reasons behind it, worst
// first.
type Assessment struct {
	Health  Health
	Reasons []HealthReason
}

// Texts are the reasons in words.
func (a Assessment) Texts() []string {
	out := make([]string, len(a.Reasons))
	for i, r := range a.Reasons {
		out[i] = r.Text
	}
	return out
}

// Has reports whether a rule of the code holds.
func (a Assessment) Has(code ReasonCode) (HealthReason, bool) {
	for _, r := range a.Reasons {
		if r.Code == code {
			return r, true
		}
	}
	return HealthReason{}, false
}

// Summary is the health and its main reason in one sentence, as pages put
// it: "Needs attention: no check-in for 38 days (every 14 days agreed)".
func (a Assessment) Summary() string {
	label := HealthLabel(a.Health)
	if len(a.Reasons) == 0 {
		return label
	}
	return label + ": " + lowerFirst(a.Reasons[0].Text)
}

// Label is the health in words ("Needs attention"), empty for a closed
// relationship.
func (a Assessment) Label() string { return HealthLabel(a.Health) }

// Tone is how a page colours the health: ok, warn or risk.
func (a Assessment) Tone() string {
	switch a.Health {
	case HealthNeedsAttention:
		return "warn"
	case HealthAtRisk:
		return "risk"
	}
	return "ok"
}

var healthLabels = map[Health]string{HealthOnTrack: "On track", HealthNeedsAttention: "Needs attention", HealthAtRisk: "At risk"}

// HealthLabel is a health in words.
func HealthLabel(h Health) string { return healthLabels[h] }

func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}

// dayWord is a date as reasons name it, in the one human form of a date:
// "Thu 3 Dec 2026".
func dayWord(d Date) string { return d.Human() }

// DayWords is a date as health reasons and flag actions name it: "Thu 3
// Dec 2026".
func DayWords(d Date) string { return dayWord(d) }

// AssessHealth applies the rules to one relationship's facts at now (days
// counted in loc, the organisation's zone; warningDays is the goal
// deadline's warning window). A closed relationship has no health (the
// zero Assessment). The reasons come as Words; their Text is written by
// Written.
func AssessHealth(f RelationshipFacts, now time.Time, loc *time.Location, warningDays int) Assessment {
	if !f.Open {
		return Assessment{}
	}
	out := Assessment{Health: HealthOnTrack, Reasons: []HealthReason{}}
	add := func(code ReasonCode, level Health, key string, args ...any) {
		out.Reasons = append(out.Reasons, HealthReason{Code: code, Level: level, Words: Text{Key: key, Args: args}})
		out.Health = out.Health.Worse(level)
	}
	if f.Paused {
		return out
	}
	today := DateOf(now, loc)
	session := f.SubjectType == SubjectEngagement
	if f.SubjectType == SubjectEngagement {
		switch left := today.DaysUntil(f.EndsOn); {
		case left < 0:
			add(ReasonDeadlinePast, HealthAtRisk, "health.reason.deadline_past", "Day", f.EndsOn, "Count", -left)
		case left <= warningDays && left == 0:
			add(ReasonDeadlineNear, HealthNeedsAttention, "health.reason.deadline_today", "Day", f.EndsOn)
		case left <= warningDays:
			add(ReasonDeadlineNear, HealthNeedsAttention, "health.reason.deadline_near", "Day", f.EndsOn, "Count", left)
		}
		if total := f.StartsOn.DaysUntil(f.EndsOn); total > 0 && f.PlannedSessions > 0 {
			used := min(max(float64(f.StartsOn.DaysUntil(today))/float64(total), 0), 1)
			done := float64(f.CompletedSessions) / float64(f.PlannedSessions)
			args := []any{"Held", f.CompletedSessions, "Planned", f.PlannedSessions,
				"Percent", Percent(min(max(f.StartsOn.DaysUntil(today), 0), total), total)}
			switch {
			case done < used-SessionsBehindAtRisk:
				add(ReasonSessionsBehind, HealthAtRisk, "health.reason.sessions_behind", args...)
			case done < used-SessionsBehindMargin:
				add(ReasonSessionsBehind, HealthNeedsAttention, "health.reason.sessions_behind", args...)
			}
		}
	}
	if lapsed, _ := f.Lapsed(now, loc); lapsed && !(f.SubjectType == SubjectEngagement && f.CompletedSessions >= f.PlannedSessions) {
		days := DateOf(f.QuietSince(loc), loc).DaysUntil(today)
		n := f.IntervalDays()
		quiet := Text{Key: "health.reason.quiet_since", Args: []any{"Session", session, "Count", days}}
		if f.LastCompletedAt == nil {
			quiet.Key = "health.reason.quiet_never"
		}
		cadence := Text{Key: "health.reason.cadence_pairing", Args: []any{"Count", n}}
		if f.SubjectType != SubjectPairing {
			cadence.Key = "health.reason.cadence_engagement"
		}
		level := HealthNeedsAttention
		switch {
		case f.NextScheduledAt != nil:
			add(ReasonQuiet, level, "health.reason.quiet_next", "Quiet", quiet, "Cadence", cadence, "Day", DateOf(*f.NextScheduledAt, loc))
		case f.LiveSeries:
			add(ReasonQuiet, level, "health.reason.quiet_series", "Quiet", quiet, "Cadence", cadence)
		default:
			if now.Sub(f.QuietSince(loc)) > time.Duration(float64(n)*QuietAtRiskFactor*float64(24*time.Hour)) {
				level = HealthAtRisk
			}
			add(ReasonQuiet, level, "health.reason.quiet_none", "Quiet", quiet, "Cadence", cadence)
		}
	}
	switch k := f.MissedSinceCompleted; {
	case k >= MissedStreakAtRisk:
		add(ReasonMissedStreak, HealthAtRisk, "health.reason.missed_streak", "Session", session, "Count", k)
	case k >= MissedStreakAttention:
		add(ReasonMissedStreak, HealthNeedsAttention, "health.reason.missed_streak", "Session", session, "Count", k)
	}
	if f.SeriesMissed >= MissedStreakAtRisk {
		add(ReasonSeriesMissed, HealthNeedsAttention, "health.reason.series_missed", "Count", f.SeriesMissed)
	}
	if n := f.OverdueActions; n > 0 {
		add(ReasonOverdueActions, HealthNeedsAttention, "health.reason.overdue_actions", "Count", n)
	}
	if n := f.OverdueMilestones; n > 0 {
		add(ReasonOverdueMilestones, HealthNeedsAttention, "health.reason.overdue_milestones", "Count", n)
	}
	// worst first, keeping the rules' order within a level
	sorted := make([]HealthReason, 0, len(out.Reasons))
	for _, lvl := range []Health{HealthAtRisk, HealthNeedsAttention, HealthOnTrack} {
		for _, r := range out.Reasons {
			if r.Level == lvl {
				sorted = append(sorted, r)
			}
		}
	}
	out.Reasons = sorted
	return out
}

// FactsOfMeetings completes a relationship's facts from all its meetings,
// as the store's query does, for a page that has read them anyway.
func FactsOfMeetings(f RelationshipFacts, ms []Meeting, now time.Time) RelationshipFacts {
	for _, m := range ms {
		switch {
		case m.Status == StatusCompleted:
			if f.SubjectType == SubjectEngagement {
				f.CompletedSessions++
			}
			if f.LastCompletedAt == nil || m.ScheduledAt.After(*f.LastCompletedAt) {
				at := m.ScheduledAt
				f.LastCompletedAt = &at
			}
		case m.Status == StatusScheduled && !m.ScheduledAt.Before(now):
			if f.NextScheduledAt == nil || m.ScheduledAt.Before(*f.NextScheduledAt) {
				at := m.ScheduledAt
				f.NextScheduledAt = &at
			}
		}
	}
	for _, m := range ms {
		if (m.Status == StatusCancelled || m.Status == StatusNoShow) && !m.ScheduledAt.After(now) &&
			(f.LastCompletedAt == nil || m.ScheduledAt.After(*f.LastCompletedAt)) {
			f.MissedSinceCompleted++
		}
	}
	return f
}

// assess is AssessHealth with the service's clock and settings, the
// reasons written in the default language too (for the API).
func (s *Service) assess(f RelationshipFacts) Assessment {
	return AssessHealth(f, s.clock.Now(), s.cfg.OrgLocation, s.cfg.GoalWarningDays).Written(s.cfg.Translator, DefaultLanguage)
}

// healthOf gathers the facts of the relationships with these ids in one
// store call and assesses each; a missing one has the zero Assessment.
func (s *Service) healthOf(ctx context.Context, subject string, ids []int64) (map[int64]Assessment, error) {
	out := map[int64]Assessment{}
	if len(ids) == 0 {
		return out, nil
	}
	fs, err := s.relationshipFacts(ctx, s.store, FactsQuery{SubjectType: subject, IDs: ids, Now: s.clock.Now()})
	if err != nil {
		return nil, fmt.Errorf("health: %w", err)
	}
	for _, f := range fs {
		out[f.ID] = s.assess(f)
	}
	return out, nil
}

// withPairingHealth fills in the pairings' health in one store call.
func (s *Service) withPairingHealth(ctx context.Context, ps []Pairing) error {
	ids := make([]int64, 0, len(ps))
	for _, p := range ps {
		if p.Status.IsOpen() {
			ids = append(ids, p.ID)
		}
	}
	hs, err := s.healthOf(ctx, SubjectPairing, ids)
	if err != nil {
		return err
	}
	for i := range ps {
		if h, ok := hs[ps[i].ID]; ok && ps[i].Status.IsOpen() {
			ps[i].Health, ps[i].HealthReasons, ps[i].Assessment = h.Health, h.Texts(), h
		}
	}
	return nil
}

// withEngagementHealth fills in the engagements' health in one store call.
func (s *Service) withEngagementHealth(ctx context.Context, es []Engagement) error {
	ids := make([]int64, 0, len(es))
	for _, e := range es {
		if e.IsOpen() {
			ids = append(ids, e.ID)
		}
	}
	hs, err := s.healthOf(ctx, SubjectEngagement, ids)
	if err != nil {
		return err
	}
	for i := range es {
		if h, ok := hs[es[i].ID]; ok && es[i].IsOpen() {
			es[i].Health, es[i].HealthReasons, es[i].Assessment = h.Health, h.Texts(), h
		}
	}
	return nil
}
