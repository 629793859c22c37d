package storage

import (
	"context"
	"fmt"
	"time"

	"cairn/domain"
)

type agendaRow struct {
	ID              int64     `db:"id"`
	Kind            string    `db:"kind"`
	Format          string    `db:"format"`
	LeaderID        int64     `db:"leader_id"`
	ScheduledAt     time.Time `db:"scheduled_at"`
	DurationMinutes int       `db:"duration_minutes"`
	Location        string    `db:"location"`
	Status          string    `db:"status"`
	Sequence        int       `db:"sequence"`
	WithID          int64     `db:"with_id"`
	WithName        string    `db:"with_name"`
	WithTimezone    string    `db:"with_timezone"`
	ProgrammeID     int64     `db:"programme_id"`
	ProgrammeName   string    `db:"programme_name"`
	GoalTitle       *string   `db:"goal_title"`
	SeriesID        *int64    `db:"series_id"`
}

// agendaSQL reads one person's meetings with the other participant and the
// programme in one indexed query (meetings_leader_time, meetings_learner_time).
const agendaSQL = `SELECT m.id, m.kind, m.format, m.leader_id, m.scheduled_at, m.duration_minutes, m.location, m.status,
	m.sequence, o.id AS with_id, o.name AS with_name, o.timezone AS with_timezone, pr.id AS programme_id, pr.name AS programme_name, e.goal_title, m.series_id
FROM meetings m
JOIN people o ON o.id = CASE WHEN m.leader_id = ? THEN m.learner_id ELSE m.leader_id END
LEFT JOIN pairings pa ON pa.id = m.pairing_id
LEFT JOIN engagements e ON e.id = m.engagement_id
JOIN programmes pr ON pr.id = COALESCE(pa.programme_id, e.programme_id)
WHERE (m.leader_id = ? OR m.learner_id = ?) AND m.scheduled_at >= ? AND m.scheduled_at < ?
ORDER BY m.scheduled_at, m.id
LIMIT ?`

// AgendaOf lists up to limit of a person's meetings in [from, to); the
// viewer's role is the domain's to name.
func (s *Store) AgendaOf(ctx context.Context, personID int64, from, to time.Time, limit int) ([]domain.AgendaItem, error) {
	var rows []agendaRow
	if err := s.sel(ctx, &rows, agendaSQL, personID, personID, personID, utc(from), utc(to), limit); err != nil {
		return nil, fmt.Errorf("storage: agenda of person %d: %w", personID, err)
	}
	out := make([]domain.AgendaItem, len(rows))
	for i, r := range rows {
		it := domain.AgendaItem{Kind: domain.MeetingKind(r.Kind), ID: r.ID, With: domain.PersonRef{ID: r.WithID, Name: r.WithName}, WithTimezone: r.WithTimezone,
			ScheduledAt: r.ScheduledAt.UTC(), DurationMinutes: r.DurationMinutes, Location: r.Location,
			Status: domain.MeetingStatus(r.Status), Format: domain.MeetingFormat(r.Format), ProgrammeID: r.ProgrammeID,
			ProgrammeName: r.ProgrammeName, Sequence: r.Sequence, LeaderID: r.LeaderID, SeriesID: r.SeriesID}
		if r.GoalTitle != nil {
			it.GoalTitle = *r.GoalTitle
		}
		out[i] = it
	}
	return out, nil
}
