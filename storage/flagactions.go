package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"cairn/domain"
)

// Nudges, nudge settings and what HR did with flags.

// RecordNudge stores a nudge; an automatic one only if none exists for the
// same subject and lapse (nudges_one_per_lapse), so of two instances
// sweeping at once one claims it.
func (s *Store) RecordNudge(ctx context.Context, n *domain.Nudge) (bool, error) {
	var ids []int64
	if err := s.sel(ctx, &ids, `INSERT INTO nudges (subject_type, subject_id, programme_id, kind, lapse_since, sent_by, flag_id, message, sent_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (subject_type, subject_id, lapse_since) WHERE kind = 'automatic' DO NOTHING RETURNING id`,
		n.SubjectType, n.SubjectID, n.ProgrammeID, string(n.Kind), utcPtr(n.LapseSince), n.SentBy, n.FlagID, n.Message, utc(n.SentAt)); err != nil {
		return false, fmt.Errorf("storage: record nudge: %w", err)
	}
	if len(ids) == 0 {
		return false, nil
	}
	n.ID = ids[0]
	return true, nil
}

// NudgeSettingsOf reads a programme's nudge settings, the defaults when it
// has no row.
func (s *Store) NudgeSettingsOf(ctx context.Context, programmeID int64) (domain.NudgeSettings, error) {
	var rows []struct {
		Enabled bool `db:"nudges_enabled"`
		Grace   int  `db:"grace_days"`
	}
	if err := s.sel(ctx, &rows, `SELECT nudges_enabled, grace_days FROM programme_nudge_settings WHERE programme_id = ?`, programmeID); err != nil {
		return domain.NudgeSettings{}, fmt.Errorf("storage: nudge settings of programme %d: %w", programmeID, err)
	}
	out := domain.NudgeSettings{ProgrammeID: programmeID, Enabled: true, GraceDays: domain.DefaultNudgeGraceDays}
	if len(rows) == 1 {
		out.Enabled, out.GraceDays = rows[0].Enabled, rows[0].Grace
	}
	return out, nil
}

// SetNudgeSettings writes a programme's nudge settings.
func (s *Store) SetNudgeSettings(ctx context.Context, ns domain.NudgeSettings, at time.Time) error {
	if _, err := s.exec(ctx, `INSERT INTO programme_nudge_settings (programme_id, nudges_enabled, grace_days, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (programme_id) DO UPDATE SET nudges_enabled = excluded.nudges_enabled, grace_days = excluded.grace_days,
		updated_at = excluded.updated_at`, ns.ProgrammeID, ns.Enabled, ns.GraceDays, utc(at)); err != nil {
		return fmt.Errorf("storage: nudge settings of programme %d: %w", ns.ProgrammeID, err)
	}
	return nil
}

// FlagByID reads one flag, open or cleared.
func (s *Store) FlagByID(ctx context.Context, id int64) (domain.Flag, error) {
	var r flagRow
	if err := s.get(ctx, &r, `SELECT `+flagColumns+` FROM flags WHERE id = ?`, id); err != nil {
		return domain.Flag{}, fmt.Errorf("storage: flag %d: %w", id, err)
	}
	return r.toDomain(), nil
}

// openFlagViewsSQL joins each open flag to its programme and to the two
// people of its pairing or engagement.
const openFlagViewsSQL = `SELECT f.id, f.kind, f.subject_type, f.subject_id, f.programme_id, f.detail, f.raised_at, f.cleared_at,
	f.snoozed_until, f.resolved_at, pr.name AS programme_name,
	coalesce(pa.mentor_id, en.coach_id, 0) AS leader_id, coalesce(l.name, '') AS leader_name,
	coalesce(pa.mentee_id, en.coachee_id, 0) AS learner_id, coalesce(r.name, '') AS learner_name
	FROM flags f JOIN programmes pr ON pr.id = f.programme_id
	LEFT JOIN pairings pa ON f.subject_type = 'pairing' AND pa.id = f.subject_id
	LEFT JOIN engagements en ON f.subject_type = 'engagement' AND en.id = f.subject_id
	LEFT JOIN people l ON l.id = coalesce(pa.mentor_id, en.coach_id)
	LEFT JOIN people r ON r.id = coalesce(pa.mentee_id, en.coachee_id)
	WHERE f.cleared_at IS NULL ORDER BY f.raised_at DESC, f.id DESC`

// OpenFlagViews lists the open flags with their programme and people.
func (s *Store) OpenFlagViews(ctx context.Context) ([]domain.FlagView, error) {
	var rows []struct {
		flagRow
		Programme   string `db:"programme_name"`
		LeaderID    int64  `db:"leader_id"`
		LeaderName  string `db:"leader_name"`
		LearnerID   int64  `db:"learner_id"`
		LearnerName string `db:"learner_name"`
	}
	if err := s.sel(ctx, &rows, openFlagViewsSQL); err != nil {
		return nil, fmt.Errorf("storage: open flags: %w", err)
	}
	out := make([]domain.FlagView, len(rows))
	for i, r := range rows {
		out[i] = domain.FlagView{Flag: r.flagRow.toDomain(), Programme: r.Programme,
			Leader: domain.PersonRef{ID: r.LeaderID, Name: r.LeaderName}, Learner: domain.PersonRef{ID: r.LearnerID, Name: r.LearnerName}}
	}
	return out, nil
}

// SnoozeFlag sets an open flag's snooze date.
func (s *Store) SnoozeFlag(ctx context.Context, id int64, until domain.Date) error {
	res, err := s.exec(ctx, `UPDATE flags SET snoozed_until = ? WHERE id = ? AND cleared_at IS NULL`, dateArg(until), id)
	if err != nil {
		return fmt.Errorf("storage: snooze flag %d: %w", id, err)
	}
	if err := mustAffect(res); err != nil {
		return fmt.Errorf("storage: snooze flag %d: %w", id, err)
	}
	return nil
}

// ResolveFlag marks an open flag resolved.
func (s *Store) ResolveFlag(ctx context.Context, id int64, at time.Time) error {
	res, err := s.exec(ctx, `UPDATE flags SET resolved_at = ? WHERE id = ? AND cleared_at IS NULL AND resolved_at IS NULL`, utc(at), id)
	if err != nil {
		return fmt.Errorf("storage: resolve flag %d: %w", id, err)
	}
	if err := mustAffect(res); err != nil {
		return fmt.Errorf("storage: resolve flag %d: %w", id, err)
	}
	return nil
}

// AddFlagAction records what HR did with a flag and sets its id.
func (s *Store) AddFlagAction(ctx context.Context, fa *domain.FlagAction) error {
	var until any
	if fa.Until != nil {
		until = dateArg(*fa.Until)
	}
	id, err := s.insert(ctx, `INSERT INTO flag_actions (flag_id, action, actor_id, note, until, at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		fa.FlagID, string(fa.Action), fa.ActorID, fa.Note, until, utc(fa.At))
	if err != nil {
		return fmt.Errorf("storage: flag %d action: %w", fa.FlagID, err)
	}
	fa.ID = id
	return nil
}

// FlagActionsOf lists the flags' actions, oldest first, with the actors' names.
func (s *Store) FlagActionsOf(ctx context.Context, flagIDs []int64) (map[int64][]domain.FlagAction, error) {
	out := map[int64][]domain.FlagAction{}
	err := chunks(flagIDs, func(part []int64) error {
		q, args, err := sqlx.In(`SELECT a.id, a.flag_id, a.action, a.actor_id, p.name AS actor_name, a.note, a.until, a.at
			FROM flag_actions a JOIN people p ON p.id = a.actor_id WHERE a.flag_id IN (?) ORDER BY a.at, a.id`, part)
		if err != nil {
			return err
		}
		var rows []struct {
			ID        int64     `db:"id"`
			FlagID    int64     `db:"flag_id"`
			Action    string    `db:"action"`
			ActorID   int64     `db:"actor_id"`
			ActorName string    `db:"actor_name"`
			Note      string    `db:"note"`
			Until     sqlDate   `db:"until"`
			At        time.Time `db:"at"`
		}
		if err := s.sel(ctx, &rows, q, args...); err != nil {
			return err
		}
		for _, r := range rows {
			fa := domain.FlagAction{ID: r.ID, FlagID: r.FlagID, Action: domain.FlagActionKind(r.Action), ActorID: r.ActorID,
				Actor: domain.PersonRef{ID: r.ActorID, Name: r.ActorName}, Note: r.Note, At: r.At.UTC()}
			if !r.Until.IsZero() {
				d := r.Until.Date
				fa.Until = &d
			}
			out[r.FlagID] = append(out[r.FlagID], fa)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("storage: flag actions: %w", err)
	}
	return out, nil
}

// nudgeOutcomesSQL finds each nudge's first meeting made at or after it
// through meetings_pairing_time or meetings_engagement_time.
const nudgeOutcomesSQL = `SELECT n.programme_id, n.sent_at,
	CASE WHEN n.subject_type = 'pairing'
		THEN (SELECT min(m.created_at) FROM meetings m WHERE m.pairing_id = n.subject_id AND m.created_at >= n.sent_at)
		ELSE (SELECT min(m.created_at) FROM meetings m WHERE m.engagement_id = n.subject_id AND m.created_at >= n.sent_at)
	END AS first_meeting_at
	FROM nudges n WHERE n.sent_at >= ? ORDER BY n.id`

// NudgeOutcomes lists the nudges sent from since on with the first meeting
// of their relationship made at or after each.
func (s *Store) NudgeOutcomes(ctx context.Context, since time.Time) ([]domain.NudgeOutcome, error) {
	var rows []struct {
		ProgrammeID int64     `db:"programme_id"`
		SentAt      time.Time `db:"sent_at"`
		First       sqlTime   `db:"first_meeting_at"`
	}
	if err := s.sel(ctx, &rows, nudgeOutcomesSQL, utc(since)); err != nil {
		return nil, fmt.Errorf("storage: nudge outcomes: %w", err)
	}
	out := make([]domain.NudgeOutcome, len(rows))
	for i, r := range rows {
		out[i] = domain.NudgeOutcome{ProgrammeID: r.ProgrammeID, SentAt: r.SentAt.UTC(), FirstMeetingAt: r.First.T}
	}
	return out, nil
}
