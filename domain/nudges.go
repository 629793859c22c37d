package domain

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Nudges: when a pair's cadence lapses and nothing is scheduled ahead,
// both get one email and one in-app message asking them to schedule a
// meeting, at most once per lapse; HR is flagged only when the nudge did
// not lead to a scheduled meeting within the programme's grace period. HR
// can nudge a pair too, with a message of their own.

// NudgeKind says who sent a nudge.
type NudgeKind string

// Nudge kinds.
const (
	NudgeAutomatic NudgeKind = "automatic"
	NudgeByHR      NudgeKind = "hr"
)

// MaxNudgeGraceDays bounds a programme's grace period.
const MaxNudgeGraceDays = 90

// NudgeSettings are a programme's nudge settings: on by default, with
// DefaultNudgeGraceDays of grace.
type NudgeSettings struct {
	ProgrammeID int64 `json:"-"`
	Enabled     bool  `json:"nudges_enabled"`
	// GraceDays: after a nudge, the days the pair has to schedule a
	// meeting before HR is flagged (API: nudge_after_days).
	GraceDays int `json:"nudge_after_days"`
}

// Nudge is one nudge sent to a pair.
type Nudge struct {
	ID          int64
	SubjectType string
	SubjectID   int64
	ProgrammeID int64
	Kind        NudgeKind
	// LapseSince is the quiet an automatic nudge is for: the last
	// completed meeting, or the start; one automatic nudge per value.
	LapseSince *time.Time
	SentBy     *int64
	FlagID     *int64
	Message    string
	SentAt     time.Time
}

// NudgeRun says what one nudge sweep did.
type NudgeRun struct {
	Nudged int `json:"nudged"`
}

// nudgeDue reports whether a relationship's facts call for an automatic
// nudge at now: nudges on, its cadence lapsed, nothing scheduled ahead,
// and no nudge since it lapsed.
func nudgeDue(f RelationshipFacts, now time.Time, loc *time.Location) bool {
	if f.NudgesOff || f.NextScheduledAt != nil || f.LiveSeries {
		return false
	}
	if f.SubjectType == SubjectEngagement && f.CompletedSessions >= f.PlannedSessions {
		return false
	}
	lapsed, due := f.Lapsed(now, loc)
	if !lapsed {
		return false
	}
	return !f.NudgedSince(due)
}

// SweepNudges nudges every active pair whose cadence lapsed with nothing
// scheduled ahead, once per lapse (nudgeLapsed), from the active
// relationships' facts gathered now. The flag sweep nudges from the facts
// it gathers itself.
func (s *Service) SweepNudges(ctx context.Context) (NudgeRun, error) {
	if s.notify == nil {
		return NudgeRun{}, nil
	}
	now := s.clock.Now()
	facts, err := s.activeFacts(ctx, s.store, now)
	if err != nil {
		return NudgeRun{}, fmt.Errorf("nudge sweep: %w", err)
	}
	return s.nudgeLapsed(ctx, facts, now)
}

// nudgeLapsed nudges each relationship among facts (gathered at now)
// whose cadence lapsed with nothing scheduled ahead, once per lapse: the
// claim is a row under a unique index (subject, lapse), written in the
// same transaction as the two emails and the two in-app messages, so two
// instances sweeping at once send one set. Each nudge this sweep sent is
// recorded in its facts (LastNudgeAt), which stay true for the flags.
// Without notifications it sends nothing.
func (s *Service) nudgeLapsed(ctx context.Context, facts []RelationshipFacts, now time.Time) (NudgeRun, error) {
	var run NudgeRun
	if s.notify == nil {
		return run, nil
	}
	loc := s.cfg.OrgLocation
	for i, f := range facts {
		if !nudgeDue(f, now, loc) {
			continue
		}
		since := f.QuietSince(loc)
		var sent bool
		err := s.inTx(ctx, func(tx Ports) error {
			n := Nudge{SubjectType: f.SubjectType, SubjectID: f.ID, ProgrammeID: f.ProgrammeID, Kind: NudgeAutomatic,
				LapseSince: &since, SentAt: now}
			claimed, err := tx.Flags.RecordNudge(ctx, &n)
			if err != nil || !claimed {
				return err
			}
			sent = true
			return s.sendNudge(ctx, tx, n, f, nil)
		})
		if err != nil {
			return run, fmt.Errorf("nudge %s %d: %w", f.SubjectType, f.ID, err)
		}
		if sent {
			run.Nudged++
			facts[i].LastNudgeAt = &now
		}
	}
	return run, nil
}

// nudgePair is what a nudge's message names: the two people, and the
// page with the scheduling form.
type nudgePair struct {
	a, b    Person
	meeting string // "check-in" or "session"
	link    string
}

func (s *Service) nudgePairOf(ctx context.Context, tx Ports, subject string, id int64) (nudgePair, error) {
	var aID, bID int64
	var out nudgePair
	switch subject {
	case SubjectPairing:
		p, err := tx.Pairings.PairingByID(ctx, id)
		if err != nil {
			return out, err
		}
		aID, bID, out.meeting, out.link = p.MentorID, p.MenteeID, "check-in", fmt.Sprintf("/pairings/%d#schedule-heading", id)
	case SubjectEngagement:
		e, err := tx.Engagements.EngagementByID(ctx, id)
		if err != nil {
			return out, err
		}
		aID, bID, out.meeting, out.link = e.CoachID, e.CoacheeID, "session", fmt.Sprintf("/engagements/%d#schedule-h", id)
	default:
		return out, NotFoundText("error.nudge.no_relationship")
	}
	var err error
	if out.a, err = tx.People.PersonByID(ctx, aID); err != nil {
		return out, err
	}
	if out.b, err = tx.People.PersonByID(ctx, bID); err != nil {
		return out, err
	}
	return out, nil
}

// nudgeNotFound is err, or the refusal by key when it is a not-found.
func nudgeNotFound(err error, key string) error {
	if errors.Is(err, ErrNotFound) {
		return NotFoundText(key)
	}
	return err
}

// quietWords says how long a pair has been quiet, in calendar days in
// loc: "12 days", "5 weeks".
func quietWords(w words, since, now time.Time, loc *time.Location) string {
	days := DateOf(since, loc).DaysUntil(DateOf(now, loc))
	if days < 21 {
		return w.N("mail.nudge.days", days)
	}
	return w.N("mail.nudge.weeks", days/7)
}

// sendNudge queues the nudge's email to both participants and their two
// in-app messages (none to a deactivated person), in the caller's
// transaction. by is the admin who sent
// it, if one did.
func (s *Service) sendNudge(ctx context.Context, tx Ports, n Nudge, f RelationshipFacts, by *Person) error {
	pair, err := s.nudgePairOf(ctx, tx, n.SubjectType, n.SubjectID)
	if err != nil {
		return err
	}
	base := s.cfg.BaseURL
	host := "cairn.localhost"
	if s.notify != nil {
		base, host = s.notify.cfg.BaseURL, s.notify.host
	}
	link := base + pair.link
	loc := s.cfg.OrgLocation
	session := pair.meeting == "session"
	for _, to := range []struct{ me, other Person }{{pair.a, pair.b}, {pair.b, pair.a}} {
		if !to.me.Active {
			continue // a deactivated person gets nothing
		}
		w := s.wordsFor(to.me)
		quiet := quietWords(w, f.QuietSince(loc), n.SentAt, loc)
		subject := w.T("mail.nudge.subject", "Session", session, "Name", to.other.Name)
		said := w.T("mail.nudge.never_met", "Name", to.other.Name, "Quiet", quiet)
		if f.LastCompletedAt != nil {
			said = w.T("mail.nudge.since_met", "Name", to.other.Name, "Quiet", quiet)
		}
		var b strings.Builder
		b.WriteString(w.T("mail.greeting", "Name", to.me.Name) + "\n\n" + said + " " + w.T("mail.nudge.schedule", "Session", session) + "\n" + link + "\n")
		if by != nil && n.Message != "" {
			b.WriteString("\n" + w.T("mail.nudge.note", "Name", by.Name) + "\n" + n.Message + "\n")
		}
		b.WriteString("\n" + w.T("mail.signature") + "\n")
		msg := OutboxMessage{Kind: OutboxNudge, RecipientID: &to.me.ID, To: to.me.Email, ToName: to.me.Name, Subject: subject,
			Text: b.String(), MessageID: fmt.Sprintf("nudge-%d.%d@%s", n.ID, to.me.ID, host),
			State: OutboxQueued, NextAttemptAt: n.SentAt, CreatedAt: n.SentAt}
		if err := tx.Outbox.EnqueueMail(ctx, &msg); err != nil {
			return err
		}
		body := said + " " + w.T("inapp.nudge.schedule", "Session", session)
		if by != nil && n.Message != "" {
			body += " " + w.T("inapp.nudge.note", "Name", by.Name, "Message", n.Message)
		}
		if by != nil && by.ID == to.me.ID {
			continue // nobody is notified in the app of their own action
		}
		note := Notification{RecipientID: to.me.ID, Kind: "nudge", Subject: subject, Body: body, Link: pair.link, CreatedAt: n.SentAt}
		if err := tx.Notifications.InsertNotification(ctx, &note); err != nil {
			return err
		}
	}
	return nil
}

// maxNudgeMessage bounds HR's own words in a nudge.
const maxNudgeMessage = 2000

// NudgePairing emails a pairing's mentor and mentee to meet, with an
// optional message of the admin's own (admins only; its participants get
// 403, anyone else 404). Logged as a nudge and in the audit log.
func (s *Service) NudgePairing(ctx context.Context, a Actor, id int64, message string) error {
	p, err := s.store.Pairings.PairingByID(ctx, id)
	if err != nil {
		return fmt.Errorf("nudge pairing %d: %w", id, nudgeNotFound(err, "error.nudge.no_pairing"))
	}
	if !mayKnowPairing(a, p) {
		return fmt.Errorf("nudge pairing %d: %w", id, NotFoundText("error.nudge.no_pairing"))
	}
	if !PairingAbilitiesOf(a, p).Nudge {
		if !a.IsAdmin() {
			return fmt.Errorf("nudge pairing %d: %w", id, ForbiddenText("error.nudge.admin_pairing"))
		}
		return fmt.Errorf("nudge pairing %d: %w", id, ConflictText("error.nudge.pairing_not_active"))
	}
	return s.hrNudge(ctx, a, SubjectPairing, id, p.ProgrammeID, message, nil)
}

// NudgeEngagement emails an engagement's coach and coachee to meet, as
// NudgePairing does for a pairing.
func (s *Service) NudgeEngagement(ctx context.Context, a Actor, id int64, message string) error {
	e, err := s.store.Engagements.EngagementByID(ctx, id)
	if err != nil {
		return fmt.Errorf("nudge engagement %d: %w", id, nudgeNotFound(err, "error.nudge.no_engagement"))
	}
	if !mayKnowEngagement(a, e) {
		return fmt.Errorf("nudge engagement %d: %w", id, errNoEngagement())
	}
	if !EngagementAbilitiesOf(a, e).Nudge {
		if !a.IsAdmin() {
			return fmt.Errorf("nudge engagement %d: %w", id, ForbiddenText("error.nudge.admin_engagement"))
		}
		return fmt.Errorf("nudge engagement %d: %w", id, ConflictText("error.nudge.engagement_not_open"))
	}
	return s.hrNudge(ctx, a, SubjectEngagement, id, e.ProgrammeID, message, nil)
}

// hrNudge validates HR's message and sends the nudge in one transaction:
// the nudge row, the two emails and messages, the audit entry, and (from
// a flag) the flag's action.
func (s *Service) hrNudge(ctx context.Context, a Actor, subject string, id, programmeID int64, message string, flagID *int64) error {
	message = strings.TrimSpace(message)
	var v ValidationError
	v.Text("message", message)
	v.maxLen("message", message, maxNudgeMessage)
	if err := v.Err(); err != nil {
		return err
	}
	now := s.clock.Now()
	err := s.inTx(ctx, func(tx Ports) error {
		fs, err := s.relationshipFacts(ctx, tx, FactsQuery{SubjectType: subject, IDs: []int64{id}, Now: now})
		if err != nil {
			return err
		}
		if len(fs) != 1 {
			if subject == SubjectEngagement {
				return NotFoundText("error.nudge.no_engagement")
			}
			return NotFoundText("error.nudge.no_pairing")
		}
		by := a.Person
		n := Nudge{SubjectType: subject, SubjectID: id, ProgrammeID: programmeID, Kind: NudgeByHR, SentBy: &by.ID, FlagID: flagID,
			Message: message, SentAt: now}
		if _, err := tx.Flags.RecordNudge(ctx, &n); err != nil {
			return err
		}
		if err := s.sendNudge(ctx, tx, n, fs[0], &by); err != nil {
			return err
		}
		if flagID != nil {
			if err := tx.Flags.AddFlagAction(ctx, &FlagAction{FlagID: *flagID, Action: FlagActionNudge, ActorID: by.ID, Note: message, At: now}); err != nil {
				return err
			}
		}
		changes := map[string]Change{"subject": {After: fmt.Sprintf("%s %d", subject, id)}}
		if message != "" {
			changes["message"] = Change{After: message}
		}
		if flagID != nil {
			changes["flag_id"] = Change{After: *flagID}
		}
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "nudge", ObjectType: subject, ObjectID: id,
			Changes: changes, At: now})
	})
	if err != nil {
		return fmt.Errorf("nudge %s %d: %w", subject, id, err)
	}
	return nil
}

// ProgrammeNudgeSettings reads a programme's nudge settings (admins only).
func (s *Service) ProgrammeNudgeSettings(ctx context.Context, a Actor, programmeID int64) (NudgeSettings, error) {
	if !a.IsAdmin() {
		return NudgeSettings{}, fmt.Errorf("nudge settings: %w", ForbiddenText("error.nudge.admin_settings_see"))
	}
	if _, err := s.store.Programmes.ProgrammeByID(ctx, programmeID); err != nil {
		return NudgeSettings{}, fmt.Errorf("nudge settings: %w", nudgeNotFound(err, "error.nudge.no_programme"))
	}
	ns, err := s.store.Flags.NudgeSettingsOf(ctx, programmeID)
	if err != nil {
		return NudgeSettings{}, fmt.Errorf("nudge settings: %w", err)
	}
	return ns, nil
}

// NudgeSettingsPatch changes a programme's nudge settings; nil fields stay.
type NudgeSettingsPatch struct {
	Enabled   *bool
	GraceDays *int
}

// SetProgrammeNudgeSettings changes a programme's nudge settings (admins
// only; grace 1-90 days). Audited.
func (s *Service) SetProgrammeNudgeSettings(ctx context.Context, a Actor, programmeID int64, in NudgeSettingsPatch) (NudgeSettings, error) {
	if !a.IsAdmin() {
		return NudgeSettings{}, fmt.Errorf("nudge settings: %w", ForbiddenText("error.nudge.admin_settings_change"))
	}
	var out NudgeSettings
	err := s.inTx(ctx, func(tx Ports) error {
		if _, err := tx.Programmes.ProgrammeByID(ctx, programmeID); err != nil {
			return nudgeNotFound(err, "error.nudge.no_programme")
		}
		var err error
		out, err = s.setNudgeSettings(ctx, tx, a, programmeID, in)
		return err
	})
	if err != nil {
		return NudgeSettings{}, fmt.Errorf("nudge settings of programme %d: %w", programmeID, err)
	}
	return out, nil
}

// setNudgeSettings validates and writes a change of a programme's nudge
// settings in the caller's transaction, audited when something changed.
func (s *Service) setNudgeSettings(ctx context.Context, tx Ports, a Actor, programmeID int64, in NudgeSettingsPatch) (NudgeSettings, error) {
	before, err := tx.Flags.NudgeSettingsOf(ctx, programmeID)
	if err != nil {
		return NudgeSettings{}, err
	}
	after := before
	if in.Enabled != nil {
		after.Enabled = *in.Enabled
	}
	if in.GraceDays != nil {
		after.GraceDays = *in.GraceDays
	}
	if after.GraceDays < 1 || after.GraceDays > MaxNudgeGraceDays {
		return NudgeSettings{}, InvalidText("nudge_after_days", "error.nudge.grace_days", "Max", MaxNudgeGraceDays)
	}
	if after == before {
		return after, nil
	}
	now := s.clock.Now()
	if err := tx.Flags.SetNudgeSettings(ctx, after, now); err != nil {
		return NudgeSettings{}, err
	}
	return after, tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "update", ObjectType: "programme", ObjectID: programmeID,
		Changes: diff(map[string]any{"nudges_enabled": before.Enabled, "nudge_after_days": before.GraceDays},
			map[string]any{"nudges_enabled": after.Enabled, "nudge_after_days": after.GraceDays}), At: now})
}

// Did it work? A nudge worked when a meeting of its relationship was made
// (scheduled or logged) within NudgeWorkedWithin of it.

// NudgeWorkedWithin is how soon after a nudge a meeting must be made for
// the nudge to count as having worked.
const NudgeWorkedWithin = 7 * 24 * time.Hour

// NudgeStatsDays is how far back the dashboard counts nudges.
const NudgeStatsDays = 90

// NudgeOutcome is one nudge and the first meeting of its relationship made
// at or after it, if any.
type NudgeOutcome struct {
	ProgrammeID    int64
	SentAt         time.Time
	FirstMeetingAt *time.Time
}

// NudgeStats counts a programme's nudges whose week is over or that
// worked already: how many there were and how many led to a meeting
// within NudgeWorkedWithin. A nudge younger than that with no meeting yet
// is still pending and not counted.
type NudgeStats struct {
	Decided int
	Worked  int
	Pending int
}

// Percent is the share that worked, rounded; 0 when none is decided.
func (n NudgeStats) Percent() int { return Percent(n.Worked, n.Decided) }

// nudgeStatsOf sorts outcomes per programme at now.
func nudgeStatsOf(outcomes []NudgeOutcome, now time.Time) map[int64]NudgeStats {
	out := map[int64]NudgeStats{}
	for _, o := range outcomes {
		st := out[o.ProgrammeID]
		switch {
		case o.FirstMeetingAt != nil && o.FirstMeetingAt.Sub(o.SentAt) <= NudgeWorkedWithin:
			st.Decided++
			st.Worked++
		case now.Sub(o.SentAt) > NudgeWorkedWithin:
			st.Decided++
		default:
			st.Pending++
		}
		out[o.ProgrammeID] = st
	}
	return out
}
