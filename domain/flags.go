package domain

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// FlagKind names something an admin should look at.
type FlagKind string

// The flags the sweep raises.
const (
	FlagGoalDeadlineNear FlagKind = "goal_deadline_near"
	FlagGoalOverdue      FlagKind = "goal_overdue"
	FlagCheckinOverdue   FlagKind = "checkin_overdue"
	FlagSessionsBehind   FlagKind = "sessions_behind"
)

// FlagKinds lists every kind, for filters.
var FlagKinds = []FlagKind{FlagGoalDeadlineNear, FlagGoalOverdue, FlagCheckinOverdue, FlagSessionsBehind}

// Flag subject types.
const (
	SubjectPairing    = "pairing"
	SubjectEngagement = "engagement"
)

// SessionsBehindMargin is how far the share of sessions completed may lag
// the share of the engagement's time used before sessions_behind is raised:
// completed/planned < time_used - 0.25. With a quarter of the time gone and
// nothing done, that is not yet a flag; with half the time gone and fewer
// than a quarter of the sessions done, it is.
const SessionsBehindMargin = 0.25

// CheckinOverdueFactor: a pairing is overdue when no check-in was completed
// for this many times its cadence.
const CheckinOverdueFactor = 1.5

// Flag is raised by the sweep and cleared when it no longer holds.
type Flag struct {
	ID          int64      `json:"id"`
	Kind        FlagKind   `json:"kind"`
	SubjectType string     `json:"subject_type"`
	SubjectID   int64      `json:"subject_id"`
	ProgrammeID int64      `json:"programme_id"`
	RaisedAt    time.Time  `json:"raised_at"`
	ClearedAt   *time.Time `json:"cleared_at,omitempty"`
	Detail      string     `json:"detail"`
	// DetailWords is the detail by catalogue key, worked out again from
	// the relationship's facts by the lists that people read (nil when it
	// no longer holds: Detail, as raised, is all there is).
	DetailWords *Text `json:"-"`
	// SubjectName names the relationship by its people ("Margaret
	// Okafor and Leo Brandt"), for pages; ListFlags fills it.
	SubjectName string `json:"-"`
	// SubjectPeople is the same two people (lead first), for words that
	// join them in another language.
	SubjectPeople [2]string `json:"-"`
	// SnoozedUntil hides the flag from the lists until that date; it
	// comes back after it if it still holds.
	SnoozedUntil *Date `json:"snoozed_until"`
	// ResolvedAt: HR resolved it; it stays out of the lists, and is not
	// raised again, until the sweep finds it no longer holds.
	ResolvedAt *time.Time `json:"resolved_at,omitempty"`
	// Actions is what HR did with it, oldest first (filled in by the
	// list use cases).
	Actions []FlagAction `json:"actions"`
}

// ShownOn reports whether the flag belongs in the lists on a day: not
// resolved, not snoozed past that day.
func (f Flag) ShownOn(today Date) bool {
	return f.ResolvedAt == nil && (f.SnoozedUntil == nil || !f.SnoozedUntil.After(today))
}

type flagKey struct {
	kind    FlagKind
	subject string
	id      int64
}

func (f Flag) key() flagKey { return flagKey{f.Kind, f.SubjectType, f.SubjectID} }

// Link is the page of the flag's subject.
func (f Flag) Link() string { return fmt.Sprintf("/%ss/%d", f.SubjectType, f.SubjectID) }

// flagsThatHold works out every flag true at now, from the active
// relationships' health (AssessHealth): the rules live there, the store
// only gathers the facts. An engagement is flagged for its deadline (near
// or past) and for sessions behind plan; a pairing when it is quiet and at
// risk (checkinFlagHolds). Each detail is written in w's language (the
// default one: the API reads it) and kept by key too.
func flagsThatHold(w words, now time.Time, loc *time.Location, warningDays int, facts []RelationshipFacts) []Flag {
	var out []Flag
	for _, f := range facts {
		h := AssessHealth(f, now, loc, warningDays)
		for _, k := range subjectFlagKinds(f.SubjectType) {
			if r, ok := flagReason(k, f, h, now, loc); ok {
				words := r.Words
				out = append(out, Flag{Kind: k, SubjectType: f.SubjectType, SubjectID: f.ID, ProgrammeID: f.ProgrammeID,
					Detail: w.text(words), DetailWords: &words})
			}
		}
	}
	return out
}

// subjectFlagKinds are the kinds of flag a relationship of the subject
// type may raise, in the order they are raised.
func subjectFlagKinds(subject string) []FlagKind {
	if subject == SubjectEngagement {
		return []FlagKind{FlagGoalOverdue, FlagGoalDeadlineNear, FlagSessionsBehind}
	}
	return []FlagKind{FlagCheckinOverdue}
}

// flagReason is the reason a flag of kind k holds for the relationship
// with these facts and health at now, if it does.
func flagReason(k FlagKind, f RelationshipFacts, h Assessment, now time.Time, loc *time.Location) (HealthReason, bool) {
	switch k {
	case FlagGoalOverdue:
		return h.Has(ReasonDeadlinePast)
	case FlagGoalDeadlineNear:
		return h.Has(ReasonDeadlineNear)
	case FlagSessionsBehind:
		return h.Has(ReasonSessionsBehind)
	case FlagCheckinOverdue:
		return checkinFlagHolds(f, h, now, loc)
	}
	return HealthReason{}, false
}

// checkinFlagHolds says whether a pairing's quiet is HR's to look at: its
// cadence lapsed, nothing is scheduled ahead, and the pair had their
// chance: with nudges on, a nudge went out since it lapsed more than the
// programme's grace period ago; with nudges off, the grace period passed
// since the lapse.
func checkinFlagHolds(f RelationshipFacts, h Assessment, now time.Time, loc *time.Location) (HealthReason, bool) {
	r, ok := h.Has(ReasonQuiet)
	if !ok || f.NextScheduledAt != nil || f.LiveSeries {
		return r, false
	}
	lapsed, due := f.Lapsed(now, loc)
	if !lapsed {
		return r, false
	}
	grace := time.Duration(f.Grace()) * 24 * time.Hour
	if f.NudgesOff {
		return r, now.After(due.Add(grace))
	}
	if !f.NudgedSince(due) || !now.After(f.LastNudgeAt.Add(grace)) {
		return r, false
	}
	r.Words = Text{Key: "flag.detail.nudged", Args: []any{"Detail", r.Words, "Day", DateOf(*f.LastNudgeAt, loc)}}
	return r, true
}

// withFlagDetails works out again, from their relationships' facts now,
// the flags' details by key (DetailWords), for lists in their reader's
// language; a check-in flag whose pair is quiet still but no longer due
// for HR says the quiet. It returns each relationship's health, keyed by
// subject type and id. One store call per subject type.
func (s *Service) withFlagDetails(ctx context.Context, st Ports, fs []Flag) (map[string]map[int64]Assessment, error) {
	now, loc := s.clock.Now(), s.cfg.OrgLocation
	ids := map[string][]int64{}
	for _, f := range fs {
		ids[f.SubjectType] = append(ids[f.SubjectType], f.SubjectID)
	}
	health := map[string]map[int64]Assessment{}
	facts := map[string]map[int64]RelationshipFacts{}
	for subject, list := range ids {
		got, err := s.relationshipFacts(ctx, st, FactsQuery{SubjectType: subject, IDs: list, Now: now})
		if err != nil {
			return nil, fmt.Errorf("flag details: %w", err)
		}
		health[subject], facts[subject] = map[int64]Assessment{}, map[int64]RelationshipFacts{}
		for _, f := range got {
			health[subject][f.ID], facts[subject][f.ID] = s.assess(f), f
		}
	}
	for i, fl := range fs {
		f, ok := facts[fl.SubjectType][fl.SubjectID]
		if !ok {
			continue
		}
		h := health[fl.SubjectType][fl.SubjectID]
		r, holds := flagReason(fl.Kind, f, h, now, loc)
		if !holds && fl.Kind == FlagCheckinOverdue {
			r, holds = h.Has(ReasonQuiet)
		}
		if holds {
			words := r.Words
			fs[i].DetailWords = &words
		}
	}
	return health, nil
}

// FlagRun says what one flag sweep did.
type FlagRun struct {
	Raised  int `json:"raised"`
	Cleared int `json:"cleared"`
	Open    int `json:"open"`
	Digests int `json:"digests"`
	Nudged  int `json:"nudged"`
}

// SweepFlags nudges the pairs whose cadence lapsed (nudgeLapsed), then
// raises the flags that now hold and clears the ones that no longer do, in
// one transaction. Both work from the same facts, gathered once per sweep
// by two set-based queries (active pairings, active engagements) before
// the nudges: a nudge sent now cannot change a flag (checkinFlagHolds
// waits out the grace after one), and a relationship changed while the
// nudges go out is judged as it was until the next sweep. The open flags
// come from one query, and only changes are written. A flag is never open
// twice (a partial unique index backs this up across instances). Then
// each admin gets the day's digest of new flags, at most one per day.
func (s *Service) SweepFlags(ctx context.Context) (FlagRun, error) {
	var run FlagRun
	now := s.clock.Now()
	facts, err := s.activeFacts(ctx, s.store, now)
	if err != nil {
		return run, fmt.Errorf("flag sweep: %w", err)
	}
	nudges, err := s.nudgeLapsed(ctx, facts, now)
	run.Nudged = nudges.Nudged
	if err != nil {
		return run, fmt.Errorf("flag sweep: %w", err)
	}
	err = s.inTx(ctx, func(tx Ports) error {
		open, err := tx.Flags.OpenFlags(ctx)
		if err != nil {
			return err
		}
		holds := flagsThatHold(s.words(DefaultLanguage), now, s.cfg.OrgLocation, s.cfg.GoalWarningDays, facts)
		want := map[flagKey]bool{}
		isOpen := map[flagKey]bool{}
		for _, f := range open {
			isOpen[f.key()] = true
		}
		for _, f := range holds {
			want[f.key()] = true
			if isOpen[f.key()] {
				continue
			}
			f.RaisedAt = now
			raised, err := tx.Flags.RaiseFlag(ctx, &f)
			if err != nil {
				return err
			}
			if raised {
				run.Raised++
				if err := tx.Audit.InsertAudit(ctx, AuditEntry{Action: "raise", ObjectType: "flag", ObjectID: f.ID,
					Changes: map[string]Change{"kind": {After: f.Kind}, "subject": {After: fmt.Sprintf("%s %d", f.SubjectType, f.SubjectID)}}, At: now}); err != nil {
					return err
				}
			}
		}
		for _, f := range open {
			if want[f.key()] {
				continue
			}
			cleared, err := tx.Flags.ClearFlag(ctx, f.ID, now)
			if err != nil {
				return err
			}
			if cleared {
				run.Cleared++
				if err := tx.Audit.InsertAudit(ctx, AuditEntry{Action: "clear", ObjectType: "flag", ObjectID: f.ID,
					Changes: map[string]Change{"cleared_at": {After: now}}, At: now}); err != nil {
					return err
				}
			}
		}
		run.Open = len(want)
		return nil
	})
	if err != nil {
		return run, fmt.Errorf("flag sweep: %w", err)
	}
	if s.notify != nil {
		n, err := s.queueDigests(ctx, now)
		run.Digests = n
		if err != nil {
			return run, err
		}
	}
	return run, nil
}

// activeFacts are the facts of every active pairing, then of every
// active engagement, at now: one set-based query for each.
func (s *Service) activeFacts(ctx context.Context, st Ports, now time.Time) ([]RelationshipFacts, error) {
	ps, err := s.relationshipFacts(ctx, st, FactsQuery{SubjectType: SubjectPairing, Now: now})
	if err != nil {
		return nil, err
	}
	es, err := s.relationshipFacts(ctx, st, FactsQuery{SubjectType: SubjectEngagement, Now: now})
	if err != nil {
		return nil, err
	}
	return append(ps, es...), nil
}

// queueDigests sends each active admin, at most once per date in the
// organisation's zone, the flags raised since their last digest that are
// still open. No new flags, no digest.
func (s *Service) queueDigests(ctx context.Context, now time.Time) (int, error) {
	admins, err := s.store.People.ActiveAdmins(ctx)
	if err != nil {
		return 0, fmt.Errorf("flag digest: %w", err)
	}
	today := DateOf(now, s.cfg.OrgLocation)
	sent := 0
	for _, admin := range admins {
		if !admin.IsAdmin() {
			continue
		}
		err := s.inTx(ctx, func(tx Ports) error {
			last, err := tx.Flags.LastDigestAt(ctx, admin.ID)
			if err != nil {
				return err
			}
			open, err := tx.Flags.OpenFlags(ctx)
			if err != nil {
				return err
			}
			var fresh []Flag
			for _, f := range open {
				if (last == nil || f.RaisedAt.After(*last)) && f.ShownOn(today) {
					fresh = append(fresh, f)
				}
			}
			if len(fresh) == 0 {
				return nil
			}
			claimed, err := tx.Flags.RecordDigest(ctx, admin.ID, today, now)
			if err != nil || !claimed {
				return err
			}
			if err := nameFlagSubjects(ctx, tx, fresh); err != nil {
				return err
			}
			if _, err := s.withFlagDetails(ctx, tx, fresh); err != nil {
				return err
			}
			msg, note := s.composeDigest(admin, fresh, today, now)
			if err := tx.Outbox.EnqueueMail(ctx, &msg); err != nil {
				return err
			}
			if err := tx.Flags.SetDigestOutbox(ctx, admin.ID, today, msg.ID); err != nil {
				return err
			}
			sent++
			return tx.Notifications.InsertNotification(ctx, &note)
		})
		if err != nil {
			return sent, fmt.Errorf("flag digest for admin %d: %w", admin.ID, err)
		}
	}
	return sent, nil
}

var flagTitles = map[FlagKind]string{
	FlagGoalDeadlineNear: "Goal deadline near",
	FlagGoalOverdue:      "Goal overdue",
	FlagCheckinOverdue:   "Check-ins overdue",
	FlagSessionsBehind:   "Sessions behind plan",
}

// FlagTitle is a flag kind in words.
func FlagTitle(k FlagKind) string { return flagTitles[k] }

func (s *Service) composeDigest(admin Person, fs []Flag, today Date, now time.Time) (OutboxMessage, Notification) {
	sort.Slice(fs, func(i, j int) bool {
		if fs[i].Kind != fs[j].Kind {
			return fs[i].Kind < fs[j].Kind
		}
		return fs[i].SubjectID < fs[j].SubjectID
	})
	w := s.wordsFor(admin)
	subject := w.N("mail.digest.subject", len(fs), "Day", w.date(today))
	var b strings.Builder
	b.WriteString(w.T("mail.greeting", "Name", admin.Name) + "\n\n" + w.N("mail.digest.intro", len(fs)) + "\n\n")
	for _, f := range fs {
		detail := f.Detail
		if f.DetailWords != nil {
			detail = w.text(*f.DetailWords)
		}
		fmt.Fprintf(&b, "- %s, %s: %s\n  %s%s\n", w.flagTitle(f.Kind), w.flagSubject(f), detail, s.notify.cfg.BaseURL, f.Link())
	}
	b.WriteString("\n" + w.T("mail.digest.all", "Link", s.notify.cfg.BaseURL+"/flags") + "\n\n" + w.T("mail.signature") + "\n")
	msg := OutboxMessage{Kind: OutboxDigest, RecipientID: &admin.ID, To: admin.Email, ToName: admin.Name, Subject: subject,
		Text: b.String(), MessageID: fmt.Sprintf("digest-%d.%s@%s", admin.ID, today, s.notify.host),
		State: OutboxQueued, NextAttemptAt: now, CreatedAt: now}
	note := digestNotice(w, admin, fs)
	note.CreatedAt = now
	return msg, note
}

// ListFlags lists the open flags (admins only), newest first, each with
// its detail and HR's actions on it.
func (s *Service) ListFlags(ctx context.Context, a Actor) ([]Flag, error) {
	views, err := s.FlagViews(ctx, a, FlagQuery{})
	if err != nil {
		return nil, err
	}
	fs := make([]Flag, len(views))
	for i, v := range views {
		fs[i] = v.Flag
	}
	return fs, nil
}

// nameSubject names the flag's relationship by its two people.
func (f *Flag) nameSubject(leader, learner string) {
	f.SubjectName, f.SubjectPeople = leader+" and "+learner, [2]string{leader, learner}
}

// nameFlagSubjects fills each flag's SubjectName with its relationship's
// two people, reading each pairing or engagement once.
func nameFlagSubjects(ctx context.Context, st Ports, fs []Flag) error {
	names := map[string][2]string{}
	for i, f := range fs {
		key := fmt.Sprintf("%s/%d", f.SubjectType, f.SubjectID)
		if n, ok := names[key]; ok {
			fs[i].nameSubject(n[0], n[1])
			continue
		}
		switch f.SubjectType {
		case SubjectPairing:
			p, err := st.Pairings.PairingByID(ctx, f.SubjectID)
			if err != nil {
				return err
			}
			names[key] = [2]string{p.Mentor.Name, p.Mentee.Name}
		case SubjectEngagement:
			e, err := st.Engagements.EngagementByID(ctx, f.SubjectID)
			if err != nil {
				return err
			}
			names[key] = [2]string{e.Coach.Name, e.Coachee.Name}
		}
		n := names[key]
		fs[i].nameSubject(n[0], n[1])
	}
	return nil
}

// ListOpenFlags is one page of ListFlags: at most limit flags (default
// 50, at most 500) after the flag with id after, in the same order, each
// with what HR did with it.
func (s *Service) ListOpenFlags(ctx context.Context, a Actor, limit int, after int64) ([]Flag, error) {
	if err := s.requireAdmin(a); err != nil {
		return nil, err
	}
	fs, err := s.store.Flags.OpenFlagsPage(ctx, ClampLimit(limit), after, s.orgToday())
	if err != nil {
		return nil, fmt.Errorf("list flags: %w", err)
	}
	if err := s.withFlagActions(ctx, fs); err != nil {
		return nil, fmt.Errorf("list flags: %w", err)
	}
	return fs, nil
}
