package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"cairn/domain"
)

// Health: the facts a relationship's health is derived from, per
// relationship, in one query for many (the domain names them).

// relationshipFactsSQL is the facts query of one kind of relationship:
// %[1]s is the table and %[2]s the meetings' column pointing at it; every
// subquery reaches meetings through meetings_pairing_status_time or
// meetings_engagement_status_time, nudges through nudges_subject. Its
// arguments: now, now, the zero time, now, the zero time, then the WHERE
// clause's. Series are reached through series_pairing or
// series_engagement, their meetings through meetings_series_occurrence.
const relationshipFactsSQL = `SELECT r.id, r.programme_id, r.status, %[3]s AS starts_on, %[4]s AS ends_on,
	%[5]s AS cadence_days, %[6]s AS planned_sessions,
	(SELECT count(*) FROM meetings m WHERE m.%[2]s = r.id AND m.status = 'completed') AS completed,
	(SELECT max(m.scheduled_at) FROM meetings m WHERE m.%[2]s = r.id AND m.status = 'completed') AS last_completed_at,
	(SELECT min(m.scheduled_at) FROM meetings m WHERE m.%[2]s = r.id AND m.status = 'scheduled' AND m.scheduled_at >= ?) AS next_scheduled_at,
	(SELECT count(*) FROM meetings m WHERE m.%[2]s = r.id AND m.status IN ('cancelled', 'no_show') AND m.scheduled_at <= ?
		AND m.scheduled_at > coalesce((SELECT max(m2.scheduled_at) FROM meetings m2 WHERE m2.%[2]s = r.id AND m2.status = 'completed'), ?)) AS missed,
	(SELECT count(*) FROM series se WHERE se.%[2]s = r.id AND se.status = 'active') AS live_series,
	coalesce((SELECT max((SELECT count(*) FROM meetings sm WHERE sm.series_id = se.id AND sm.status IN ('cancelled', 'no_show')
			AND sm.scheduled_at <= ? AND sm.occurrence_at > coalesce((SELECT max(c.occurrence_at) FROM meetings c
				WHERE c.series_id = se.id AND c.status = 'completed'), ?)))
		FROM series se WHERE se.%[2]s = r.id AND se.status = 'active'), 0) AS series_missed,
	(SELECT max(n.sent_at) FROM nudges n WHERE n.subject_type = '%[7]s' AND n.subject_id = r.id) AS last_nudge_at,
	CASE WHEN ns.nudges_enabled = FALSE THEN 1 ELSE 0 END AS nudges_off, coalesce(ns.grace_days, 0) AS grace_days
	FROM %[1]s r LEFT JOIN programme_nudge_settings ns ON ns.programme_id = r.programme_id`

var (
	pairingFactsSQL = fmt.Sprintf(relationshipFactsSQL, "pairings", "pairing_id", "r.started_on", "NULL",
		"r.checkin_cadence_days", "0", domain.SubjectPairing)
	engagementFactsSQL = fmt.Sprintf(relationshipFactsSQL, "engagements", "engagement_id", "r.starts_on", "r.ends_on",
		"0", "r.planned_sessions", domain.SubjectEngagement)
)

// factsArgs are the facts query's arguments before its WHERE clause's.
func factsArgs(now time.Time) []any {
	return []any{utc(now), utc(now), utc(time.Time{}), utc(now), utc(time.Time{})}
}

type factsRow struct {
	ID          int64   `db:"id"`
	ProgrammeID int64   `db:"programme_id"`
	Status      string  `db:"status"`
	StartsOn    sqlDate `db:"starts_on"`
	EndsOn      sqlDate `db:"ends_on"`
	Cadence     int     `db:"cadence_days"`
	Planned     int     `db:"planned_sessions"`
	Completed   int     `db:"completed"`
	Last        sqlTime `db:"last_completed_at"`
	Next        sqlTime `db:"next_scheduled_at"`
	Missed      int     `db:"missed"`
	LiveSeries  int     `db:"live_series"`
	SerMissed   int     `db:"series_missed"`
	Nudge       sqlTime `db:"last_nudge_at"`
	NudgesOff   int     `db:"nudges_off"`
	Grace       int     `db:"grace_days"`
}

// RelationshipFacts gathers the facts of the pairings or engagements the
// query names (every active one when it names none), by id.
func (s *Store) RelationshipFacts(ctx context.Context, q domain.FactsQuery) ([]domain.RelationshipFacts, error) {
	base, active := pairingFactsSQL, string(domain.PairingActive)
	if q.SubjectType == domain.SubjectEngagement {
		base, active = engagementFactsSQL, string(domain.EngagementActive)
	}
	args := factsArgs(q.Now)
	var rows []factsRow
	if q.IDs == nil {
		if err := s.sel(ctx, &rows, base+` WHERE r.status = ? ORDER BY r.id`, append(args, active)...); err != nil {
			return nil, fmt.Errorf("storage: %s facts: %w", q.SubjectType, err)
		}
	} else {
		err := chunks(q.IDs, func(part []int64) error {
			query, inArgs, err := sqlx.In(base+` WHERE r.id IN (?) ORDER BY r.id`, append(args, part)...)
			if err != nil {
				return err
			}
			var some []factsRow
			if err := s.sel(ctx, &some, query, inArgs...); err != nil {
				return err
			}
			rows = append(rows, some...)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("storage: %s facts: %w", q.SubjectType, err)
		}
	}
	out := make([]domain.RelationshipFacts, len(rows))
	for i, r := range rows {
		f := domain.RelationshipFacts{SubjectType: q.SubjectType, ID: r.ID, ProgrammeID: r.ProgrammeID, StartsOn: r.StartsOn.Date,
			EndsOn: r.EndsOn.Date, CadenceDays: r.Cadence, PlannedSessions: r.Planned, LastCompletedAt: r.Last.T,
			NextScheduledAt: r.Next.T, MissedSinceCompleted: r.Missed, LiveSeries: r.LiveSeries > 0, SeriesMissed: r.SerMissed, LastNudgeAt: r.Nudge.T, NudgesOff: r.NudgesOff != 0, GraceDays: r.Grace}
		if q.SubjectType == domain.SubjectEngagement {
			f.Open = domain.EngagementStatus(r.Status) == domain.EngagementActive
			f.CompletedSessions = r.Completed
		} else {
			f.Open = domain.PairingStatus(r.Status).IsOpen()
			f.Paused = domain.PairingStatus(r.Status) == domain.PairingPaused
		}
		out[i] = f
	}
	return out, nil
}
