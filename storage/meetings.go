package storage

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"

	"cairn/domain"
)

type meetingRow struct {
	ID              int64      `db:"id"`
	Kind            string     `db:"kind"`
	PairingID       *int64     `db:"pairing_id"`
	EngagementID    *int64     `db:"engagement_id"`
	LeaderID        int64      `db:"leader_id"`
	LearnerID       int64      `db:"learner_id"`
	Format          string     `db:"format"`
	ScheduledAt     time.Time  `db:"scheduled_at"`
	DurationMinutes int        `db:"duration_minutes"`
	Location        string     `db:"location"`
	Agenda          string     `db:"agenda"`
	Status          string     `db:"status"`
	Notes           string     `db:"notes"`
	Sequence        int        `db:"sequence"`
	SeriesID        *int64     `db:"series_id"`
	OccurrenceAt    *time.Time `db:"occurrence_at"`
	CreatedBy       *int64     `db:"created_by"`
	CreatedAt       time.Time  `db:"created_at"`
	UpdatedAt       time.Time  `db:"updated_at"`
}

func (r meetingRow) toDomain() domain.Meeting {
	m := domain.Meeting{ID: r.ID, Kind: domain.MeetingKind(r.Kind), PairingID: r.PairingID, EngagementID: r.EngagementID,
		LeaderID: r.LeaderID, LearnerID: r.LearnerID, Format: domain.MeetingFormat(r.Format), ScheduledAt: r.ScheduledAt.UTC(),
		DurationMinutes: r.DurationMinutes, Location: r.Location, Agenda: r.Agenda, Status: domain.MeetingStatus(r.Status),
		Notes: r.Notes, Sequence: r.Sequence, SeriesID: r.SeriesID, OccurrenceAt: utcPtr(r.OccurrenceAt),
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	if r.CreatedBy != nil {
		m.CreatedBy = *r.CreatedBy
	}
	return m
}

const meetingColumns = `id, kind, pairing_id, engagement_id, leader_id, learner_id, format, scheduled_at, duration_minutes,
	location, agenda, status, notes, sequence, series_id, occurrence_at, created_by, created_at, updated_at`

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// CreateMeeting inserts m and sets its id.
func (s *Store) CreateMeeting(ctx context.Context, m *domain.Meeting) error {
	id, err := s.insert(ctx, `INSERT INTO meetings (kind, pairing_id, engagement_id, leader_id, learner_id, format,
		scheduled_at, ends_at, duration_minutes, location, agenda, status, notes, sequence, series_id, occurrence_at,
		created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		string(m.Kind), m.PairingID, m.EngagementID, m.LeaderID, m.LearnerID, string(m.Format), utc(m.ScheduledAt),
		utc(m.EndsAt()), m.DurationMinutes, m.Location, m.Agenda, string(m.Status), m.Notes, m.Sequence,
		m.SeriesID, utcPtr(m.OccurrenceAt), nullID(m.CreatedBy), utc(m.CreatedAt), utc(m.UpdatedAt))
	if err != nil {
		return fmt.Errorf("storage: insert %s: %w", m.Kind, err)
	}
	m.ID = id
	return nil
}

// UpdateMeeting writes the mutable fields of m.
func (s *Store) UpdateMeeting(ctx context.Context, m *domain.Meeting) error {
	res, err := s.exec(ctx, `UPDATE meetings SET scheduled_at = ?, ends_at = ?, duration_minutes = ?, location = ?,
		agenda = ?, status = ?, notes = ?, sequence = ?, updated_at = ? WHERE id = ?`,
		utc(m.ScheduledAt), utc(m.EndsAt()), m.DurationMinutes, m.Location, m.Agenda, string(m.Status), m.Notes,
		m.Sequence, utc(m.UpdatedAt), m.ID)
	if err != nil {
		return fmt.Errorf("storage: update %s %d: %w", m.Kind, m.ID, err)
	}
	if err := mustAffect(res); err != nil {
		return fmt.Errorf("storage: update %s %d: %w", m.Kind, m.ID, err)
	}
	return nil
}

// MeetingByID reads one meeting.
func (s *Store) MeetingByID(ctx context.Context, id int64) (domain.Meeting, error) {
	var r meetingRow
	if err := s.get(ctx, &r, `SELECT `+meetingColumns+` FROM meetings WHERE id = ?`, id); err != nil {
		return domain.Meeting{}, fmt.Errorf("storage: meeting %d: %w", id, err)
	}
	return r.toDomain(), nil
}

// MeetingsByIDs reads the meetings with these ids (without private
// notes), a chunk of ids per statement; an id with no meeting is absent.
func (s *Store) MeetingsByIDs(ctx context.Context, ids []int64) (map[int64]domain.Meeting, error) {
	out, err := rowsByID[meetingRow](ctx, s, `SELECT `+meetingColumns+` FROM meetings WHERE id IN (?)`, ids,
		func(m domain.Meeting) int64 { return m.ID })
	if err != nil {
		return nil, fmt.Errorf("storage: meetings by id: %w", err)
	}
	return out, nil
}

// ListMeetings lists meetings by time (then id), or by id with ByID.
func (s *Store) ListMeetings(ctx context.Context, f domain.MeetingFilter) ([]domain.Meeting, error) {
	var c conditions
	if f.PairingID != 0 {
		c.add(`pairing_id = ?`, f.PairingID)
	}
	if f.EngagementID != 0 {
		c.add(`engagement_id = ?`, f.EngagementID)
	}
	if f.PersonID != 0 {
		c.add(`(leader_id = ? OR learner_id = ?)`, f.PersonID, f.PersonID)
	}
	if !f.From.IsZero() {
		c.add(`scheduled_at >= ?`, utc(f.From))
	}
	if !f.To.IsZero() {
		c.add(`scheduled_at < ?`, utc(f.To))
	}
	statuses(&c, `status`, f.Statuses)
	order := `ORDER BY scheduled_at, id LIMIT ?`
	switch {
	case f.ByID:
		order = `ORDER BY id LIMIT ?`
		if f.After > 0 {
			c.add(`id > ?`, f.After)
		}
	case f.After > 0:
		// The cursor is a meeting's id; the list continues after its
		// (scheduled_at, id). It is looked up only among the meetings of
		// the same pairing, engagement or person, so a stranger's id
		// reveals nothing about when that meeting is (the comparison with
		// no row is NULL: an empty page).
		scope := `m2.id = ?`
		args := []any{f.After}
		if f.PairingID != 0 {
			scope += ` AND m2.pairing_id = ?`
			args = append(args, f.PairingID)
		}
		if f.EngagementID != 0 {
			scope += ` AND m2.engagement_id = ?`
			args = append(args, f.EngagementID)
		}
		if f.PersonID != 0 {
			scope += ` AND (m2.leader_id = ? OR m2.learner_id = ?)`
			args = append(args, f.PersonID, f.PersonID)
		}
		c.add(`(scheduled_at, id) > (SELECT m2.scheduled_at, m2.id FROM meetings m2 WHERE `+scope+`)`, args...)
	}
	out, err := selectRows[meetingRow](ctx, s, `SELECT `+meetingColumns+` FROM meetings`, c, order, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("storage: list meetings: %w", err)
	}
	return out, nil
}

// LockPeople takes row locks on the people, in id order so two
// transactions never wait on each other in a cycle.
func (s *Store) LockPeople(ctx context.Context, ids ...int64) error {
	if !s.dialect.rowLocks || len(ids) == 0 {
		return nil
	}
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	q, args, err := sqlx.In(`SELECT id FROM people WHERE id IN (?) ORDER BY id FOR UPDATE`, slices.Compact(sorted))
	if err != nil {
		return fmt.Errorf("storage: lock people: %w", err)
	}
	var got []int64
	if err := s.sel(ctx, &got, q, args...); err != nil {
		return fmt.Errorf("storage: lock people: %w", err)
	}
	return nil
}

// LockActiveAdmins takes row locks on every active admin and on the
// people with, in id order like LockPeople. A row demoted meanwhile is
// re-checked once its lock is free and left out.
func (s *Store) LockActiveAdmins(ctx context.Context, with ...int64) error {
	if !s.dialect.rowLocks {
		return nil
	}
	q, args, err := sqlx.In(`SELECT id FROM people WHERE (role = 'admin' AND active = ?) OR id IN (?) ORDER BY id FOR UPDATE`,
		true, append([]int64{0}, with...))
	if err != nil {
		return fmt.Errorf("storage: lock admins: %w", err)
	}
	var got []int64
	if err := s.sel(ctx, &got, q, args...); err != nil {
		return fmt.Errorf("storage: lock admins: %w", err)
	}
	return nil
}

// CountOverlappingMeetings counts scheduled meetings of the people that
// overlap [from, to).
func (s *Store) CountOverlappingMeetings(ctx context.Context, people []int64, from, to time.Time, exceptID int64) (int, error) {
	if len(people) == 0 {
		return 0, nil
	}
	q, args, err := sqlx.In(`SELECT count(*) FROM meetings WHERE status = 'scheduled' AND id <> ?
		AND scheduled_at < ? AND ends_at > ? AND (leader_id IN (?) OR learner_id IN (?))`,
		exceptID, utc(to), utc(from), people, people)
	if err != nil {
		return 0, fmt.Errorf("storage: overlapping meetings: %w", err)
	}
	var n int
	if err := s.get(ctx, &n, q, args...); err != nil {
		return 0, fmt.Errorf("storage: overlapping meetings: %w", err)
	}
	return n, nil
}

// PrivateNote is the author's private note on a meeting ("" when none).
func (s *Store) PrivateNote(ctx context.Context, meetingID, authorID int64) (string, error) {
	notes, err := s.PrivateNotesOf(ctx, []int64{meetingID}, authorID)
	if err != nil {
		return "", err
	}
	return notes[meetingID], nil
}

// PrivateNotesOf returns the author's private notes on the meetings.
func (s *Store) PrivateNotesOf(ctx context.Context, meetingIDs []int64, authorID int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(meetingIDs) == 0 {
		return out, nil
	}
	q, args, err := sqlx.In(`SELECT meeting_id, body FROM meeting_private_notes WHERE author_id = ? AND meeting_id IN (?)`, authorID, meetingIDs)
	if err != nil {
		return nil, fmt.Errorf("storage: private notes: %w", err)
	}
	var rows []struct {
		MeetingID int64  `db:"meeting_id"`
		Body      string `db:"body"`
	}
	if err := s.sel(ctx, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("storage: private notes: %w", err)
	}
	for _, r := range rows {
		out[r.MeetingID] = r.Body
	}
	return out, nil
}

// SetPrivateNote writes (or, with an empty body, removes) the author's
// private note on a meeting.
func (s *Store) SetPrivateNote(ctx context.Context, meetingID, authorID int64, body string, at time.Time) error {
	if _, err := s.exec(ctx, `DELETE FROM meeting_private_notes WHERE meeting_id = ? AND author_id = ?`, meetingID, authorID); err != nil {
		return fmt.Errorf("storage: private note on meeting %d: %w", meetingID, err)
	}
	if body == "" {
		return nil
	}
	if _, err := s.exec(ctx, `INSERT INTO meeting_private_notes (meeting_id, author_id, body, updated_at) VALUES (?, ?, ?, ?)`,
		meetingID, authorID, body, utc(at)); err != nil {
		return fmt.Errorf("storage: private note on meeting %d: %w", meetingID, err)
	}
	return nil
}
