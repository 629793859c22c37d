package domain

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// HR acts on a flag: nudges the pair (with an optional message of their
// own), snoozes it until a date with a reason, or resolves it with a note.
// Each action is kept on the flag with who and when, and audited.

// FlagActionKind is what HR did with a flag.
type FlagActionKind string

// The three actions.
const (
	FlagActionNudge   FlagActionKind = "nudge"
	FlagActionSnooze  FlagActionKind = "snooze"
	FlagActionResolve FlagActionKind = "resolve"
)

// MaxSnoozeDays bounds how far ahead a flag may be snoozed.
const MaxSnoozeDays = 365

// FlagAction is one thing HR did with a flag.
type FlagAction struct {
	ID      int64          `json:"id"`
	FlagID  int64          `json:"flag_id"`
	Action  FlagActionKind `json:"action"`
	ActorID int64          `json:"actor_id"`
	Actor   PersonRef      `json:"actor"`
	Note    string         `json:"note"`
	Until   *Date          `json:"until,omitempty"`
	At      time.Time      `json:"at"`
}

// Words is the action in words: "Snoozed until Thu 3 Dec 2026 by Hana
// Admin: waiting for the new cohort", in the reader's language.
func (fa FlagAction) Words() Text {
	t := Text{Key: "word.FlagActionKind." + string(fa.Action)}
	if fa.Until != nil {
		t = Text{Key: "flag_action.until", Args: []any{"Action", t, "Day", *fa.Until}}
	}
	if fa.Actor.Name != "" {
		t = Text{Key: "flag_action.by", Args: []any{"Action", t, "Name", fa.Actor.Name}}
	}
	if fa.Note != "" {
		t = Text{Key: "flag_action.note", Args: []any{"Action", t, "Note", fa.Note}}
	}
	return t
}

// FlagView is an open flag as HR's list shows it: the people and the
// programme by name, the relationship's health, how long it has been open
// and what was last done with it.
type FlagView struct {
	Flag
	Programme string
	Leader    PersonRef
	Learner   PersonRef
	Health    Assessment
	OpenDays  int
}

// LastAction is the latest thing HR did with the flag, if anything.
func (v FlagView) LastAction() *FlagAction {
	if len(v.Actions) == 0 {
		return nil
	}
	return &v.Actions[len(v.Actions)-1]
}

// Title is the flag's kind in words.
func (v FlagView) Title() string { return FlagTitle(v.Kind) }

// FlagQuery narrows HR's flag list.
type FlagQuery struct {
	ProgrammeID int64
	Kind        FlagKind
	Health      Health
	// Snoozed lists the snoozed flags instead of the shown ones.
	Snoozed bool
	// After and Limit page the list: at most Limit flags (0: all) after
	// the flag with id After (0: from the newest), in the list's order.
	// The flag After still marks the place once resolved or cleared.
	After int64
	Limit int
}

// FlagViews lists the open flags for HR (admins only): not resolved, not
// snoozed past today (or only the snoozed ones), narrowed by the query,
// newest first. They are read from the day's flag board.
func (s *Service) FlagViews(ctx context.Context, a Actor, q FlagQuery) ([]FlagView, error) {
	if err := s.requireAdmin(a); err != nil {
		return nil, err
	}
	today := s.orgToday()
	board, err := s.flagBoard(ctx, today)
	if err != nil {
		return nil, fmt.Errorf("flag list: %w", err)
	}
	var cursor *Flag
	if q.After != 0 {
		cursor, err = s.flagCursor(ctx, board, q.After)
		if errors.Is(err, ErrNotFound) {
			return nil, nil // no such place: nothing comes after it, as in the other lists
		}
		if err != nil {
			return nil, fmt.Errorf("flag list: %w", err)
		}
	}
	var out []FlagView
	for _, v := range board {
		if q.Limit > 0 && len(out) == q.Limit {
			break
		}
		if cursor != nil && !listedAfter(v.Flag, *cursor) {
			continue
		}
		if v.ShownOn(today) == q.Snoozed {
			continue
		}
		if (q.ProgrammeID != 0 && v.ProgrammeID != q.ProgrammeID) || (q.Kind != "" && v.Kind != q.Kind) ||
			(q.Health != "" && v.Health.Health != q.Health) {
			continue
		}
		out = append(out, v)
	}
	return out, nil
}

// flagCursor is the flag a page goes on after: from the board, or from
// the store once it has left the board (resolved or cleared).
func (s *Service) flagCursor(ctx context.Context, board []FlagView, id int64) (*Flag, error) {
	for _, v := range board {
		if v.ID == id {
			return &v.Flag, nil
		}
	}
	f, err := s.store.Flags.FlagByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return &f, nil
}

// listedAfter reports whether f comes after the cursor in the flag lists'
// order: newest raised first, then highest id.
func listedAfter(f, cursor Flag) bool {
	if !f.RaisedAt.Equal(cursor.RaisedAt) {
		return f.RaisedAt.Before(cursor.RaisedAt)
	}
	return f.ID < cursor.ID
}

// flagBoard is every unresolved flag with its people, how long it has
// been open, its relationship's health, its detail and HR's actions on
// it: what the dashboard and the flags page list. Like the dashboard it is
// computed once for every admin, for a few seconds or until this instance
// writes, per day; callers read it and never change it.
func (s *Service) flagBoard(ctx context.Context, today Date) ([]FlagView, error) {
	return s.flagBoards.of(today).get(s.writes.Load(), func() ([]FlagView, error) {
		all, err := s.store.Flags.OpenFlagViews(ctx)
		if err != nil {
			return nil, err
		}
		var out []FlagView
		for _, v := range all {
			if v.ResolvedAt != nil {
				continue
			}
			v.OpenDays = DateOf(v.RaisedAt, s.cfg.OrgLocation).DaysUntil(today)
			v.nameSubject(v.Leader.Name, v.Learner.Name)
			out = append(out, v)
		}
		flags := make([]Flag, len(out))
		for i := range out {
			flags[i] = out[i].Flag
		}
		hs, err := s.withFlagDetails(ctx, s.store, flags)
		if err != nil {
			return nil, err
		}
		if err := s.withFlagActions(ctx, flags); err != nil {
			return nil, err
		}
		for i := range out {
			out[i].Flag, out[i].Health = flags[i], hs[out[i].SubjectType][out[i].SubjectID]
		}
		return out, nil
	})
}

// withFlagActions fills in the flags' actions in one store call.
func (s *Service) withFlagActions(ctx context.Context, fs []Flag) error {
	ids := make([]int64, len(fs))
	for i, f := range fs {
		ids[i] = f.ID
	}
	acts := map[int64][]FlagAction{}
	if len(ids) > 0 {
		var err error
		if acts, err = s.store.Flags.FlagActionsOf(ctx, ids); err != nil {
			return err
		}
	}
	for i := range fs {
		fs[i].Actions = acts[fs[i].ID]
		if fs[i].Actions == nil {
			fs[i].Actions = []FlagAction{}
		}
	}
	return nil
}

// openFlagFor loads a flag HR may act on: admins only (for anyone else
// flags do not exist), still open and not resolved.
func (s *Service) openFlagFor(ctx context.Context, st Ports, a Actor, id int64) (Flag, error) {
	if !a.IsAdmin() {
		return Flag{}, NotFoundText("error.flag.not_found")
	}
	f, err := st.Flags.FlagByID(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return Flag{}, NotFoundText("error.flag.not_found")
	}
	if err != nil {
		return Flag{}, err
	}
	if f.ClearedAt != nil {
		return Flag{}, ConflictText("error.flag.cleared")
	}
	if f.ResolvedAt != nil {
		return Flag{}, ConflictText("error.flag.resolved")
	}
	return f, nil
}

// NudgeFlag nudges the pair a flag is about (admins only), with an
// optional message of the admin's own; kept on the flag and audited.
func (s *Service) NudgeFlag(ctx context.Context, a Actor, id int64, message string) error {
	f, err := s.openFlagFor(ctx, s.store, a, id)
	if err != nil {
		return fmt.Errorf("nudge from flag %d: %w", id, err)
	}
	return s.hrNudge(ctx, a, f.SubjectType, f.SubjectID, f.ProgrammeID, message, &f.ID)
}

// SnoozeFlag hides a flag until a date (after today, within a year) for a
// reason (admins only). It comes back after that date if it still holds.
func (s *Service) SnoozeFlag(ctx context.Context, a Actor, id int64, until Date, reason string) (Flag, error) {
	reason = strings.TrimSpace(reason)
	today := s.orgToday()
	var v ValidationError
	switch {
	case until.IsZero():
		v.AddText("until", "error.flag.required")
	case !until.After(today):
		v.AddText("until", "error.flag.until_after_today")
	case until.After(today.AddDays(MaxSnoozeDays)):
		v.AddText("until", "error.flag.until_within", "Days", MaxSnoozeDays)
	}
	if reason == "" {
		v.AddText("reason", "error.flag.required")
	}
	v.Text("reason", reason)
	v.maxLen("reason", reason, 1000)
	return s.actOnFlag(ctx, a, id, &v, func(tx Ports, f *Flag, now time.Time) (FlagAction, error) {
		f.SnoozedUntil = &until
		return FlagAction{Action: FlagActionSnooze, Note: reason, Until: &until},
			tx.Flags.SnoozeFlag(ctx, f.ID, until)
	})
}

// ResolveFlag closes a flag for HR with a note (admins only). It stays
// resolved, and is not raised again, until the sweep finds it no longer
// holds; a later lapse raises a new one.
func (s *Service) ResolveFlag(ctx context.Context, a Actor, id int64, note string) (Flag, error) {
	note = strings.TrimSpace(note)
	var v ValidationError
	if note == "" {
		v.AddText("note", "error.flag.required")
	}
	v.Text("note", note)
	v.maxLen("note", note, 2000)
	return s.actOnFlag(ctx, a, id, &v, func(tx Ports, f *Flag, now time.Time) (FlagAction, error) {
		f.ResolvedAt = &now
		return FlagAction{Action: FlagActionResolve, Note: note}, tx.Flags.ResolveFlag(ctx, f.ID, now)
	})
}

// actOnFlag runs one flag action in one transaction: load and authorise,
// validate, change, record the action, audit.
func (s *Service) actOnFlag(ctx context.Context, a Actor, id int64, v *ValidationError,
	change func(tx Ports, f *Flag, now time.Time) (FlagAction, error)) (Flag, error) {
	var out Flag
	err := s.inTx(ctx, func(tx Ports) error {
		f, err := s.openFlagFor(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := s.clock.Now()
		fa, err := change(tx, &f, now)
		if err != nil {
			return err
		}
		fa.FlagID, fa.ActorID, fa.At = f.ID, a.Person.ID, now
		fa.Actor = PersonRef{ID: a.Person.ID, Name: a.Person.Name}
		if err := tx.Flags.AddFlagAction(ctx, &fa); err != nil {
			return err
		}
		changes := map[string]Change{"note": {After: fa.Note}}
		if fa.Until != nil {
			changes["snoozed_until"] = Change{After: *fa.Until}
		}
		if err := tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: string(fa.Action), ObjectType: "flag", ObjectID: f.ID,
			Changes: changes, At: now}); err != nil {
			return err
		}
		acts, err := tx.Flags.FlagActionsOf(ctx, []int64{f.ID})
		if err != nil {
			return err
		}
		f.Actions = acts[f.ID]
		out = f
		return nil
	})
	if err != nil {
		return Flag{}, fmt.Errorf("flag %d: %w", id, err)
	}
	return out, nil
}
