package storage

import (
	"context"
	"fmt"
	"strings"
	"time"

	"cairn/domain"
)

type seriesRow struct {
	ID              int64      `db:"id"`
	Kind            string     `db:"kind"`
	PairingID       *int64     `db:"pairing_id"`
	EngagementID    *int64     `db:"engagement_id"`
	LeaderID        int64      `db:"leader_id"`
	LearnerID       int64      `db:"learner_id"`
	OrganiserID     int64      `db:"organiser_id"`
	Timezone        string     `db:"timezone"`
	StartsAt        time.Time  `db:"starts_at"`
	DurationMinutes int        `db:"duration_minutes"`
	Location        string     `db:"location"`
	Rule            string     `db:"base_rule"`
	RRule           string     `db:"rrule"`
	UntilOn         sqlDate    `db:"until_on"`
	UntilAt         *time.Time `db:"until_at"`
	Count           int        `db:"occurrence_count"`
	Skipped         string     `db:"skipped"`
	Status          string     `db:"status"`
	Sequence        int        `db:"sequence"`
	CreatedBy       *int64     `db:"created_by"`
	CreatedAt       time.Time  `db:"created_at"`
	UpdatedAt       time.Time  `db:"updated_at"`
}

const seriesColumns = `id, kind, pairing_id, engagement_id, leader_id, learner_id, organiser_id, timezone, starts_at,
	duration_minutes, location, base_rule, rrule, until_on, until_at, occurrence_count, skipped, status, sequence,
	created_by, created_at, updated_at`

func (r seriesRow) toDomain() domain.Series {
	sr := domain.Series{ID: r.ID, Kind: domain.MeetingKind(r.Kind), PairingID: r.PairingID, EngagementID: r.EngagementID,
		LeaderID: r.LeaderID, LearnerID: r.LearnerID, OrganiserID: r.OrganiserID, Timezone: r.Timezone,
		StartsAt: r.StartsAt.UTC(), DurationMinutes: r.DurationMinutes, Location: r.Location, Rule: r.Rule, RRule: r.RRule,
		UntilAt: utcPtr(r.UntilAt), Count: r.Count, Skipped: []time.Time{}, Status: domain.SeriesStatus(r.Status),
		Sequence: r.Sequence, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	if !r.UntilOn.IsZero() {
		d := r.UntilOn.Date
		sr.Until = &d
	}
	if r.CreatedBy != nil {
		sr.CreatedBy = *r.CreatedBy
	}
	for s := range strings.SplitSeq(r.Skipped, ",") {
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			sr.Skipped = append(sr.Skipped, t.UTC())
		}
	}
	return sr
}

// skippedText keeps the skipped occurrences as comma-separated RFC 3339
// instants in UTC.
func skippedText(ts []time.Time) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = t.UTC().Format(time.RFC3339)
	}
	return strings.Join(parts, ",")
}

func untilArg(d *domain.Date) sqlDate {
	if d == nil {
		return sqlDate{}
	}
	return dateArg(*d)
}

// CreateSeries inserts sr and sets its id.
func (s *Store) CreateSeries(ctx context.Context, sr *domain.Series) error {
	id, err := s.insert(ctx, `INSERT INTO series (kind, pairing_id, engagement_id, leader_id, learner_id, organiser_id, timezone,
		starts_at, duration_minutes, location, base_rule, rrule, until_on, until_at, occurrence_count, skipped, status, sequence,
		created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		string(sr.Kind), sr.PairingID, sr.EngagementID, sr.LeaderID, sr.LearnerID, sr.OrganiserID, sr.Timezone,
		utc(sr.StartsAt), sr.DurationMinutes, sr.Location, sr.Rule, sr.RRule, untilArg(sr.Until), utcPtr(sr.UntilAt), sr.Count,
		skippedText(sr.Skipped), string(sr.Status), sr.Sequence, nullID(sr.CreatedBy), utc(sr.CreatedAt), utc(sr.UpdatedAt))
	if err != nil {
		return fmt.Errorf("storage: insert series: %w", err)
	}
	sr.ID = id
	return nil
}

// UpdateSeries writes the mutable fields of sr; the sequence moves only
// with BumpSeriesSequence.
func (s *Store) UpdateSeries(ctx context.Context, sr *domain.Series) error {
	res, err := s.exec(ctx, `UPDATE series SET timezone = ?, starts_at = ?, duration_minutes = ?, location = ?, base_rule = ?,
		rrule = ?, until_on = ?, until_at = ?, occurrence_count = ?, skipped = ?, status = ?, updated_at = ? WHERE id = ?`,
		sr.Timezone, utc(sr.StartsAt), sr.DurationMinutes, sr.Location, sr.Rule, sr.RRule, untilArg(sr.Until), utcPtr(sr.UntilAt),
		sr.Count, skippedText(sr.Skipped), string(sr.Status), utc(sr.UpdatedAt), sr.ID)
	if err != nil {
		return fmt.Errorf("storage: update series %d: %w", sr.ID, err)
	}
	if err := mustAffect(res); err != nil {
		return fmt.Errorf("storage: update series %d: %w", sr.ID, err)
	}
	return nil
}

// BumpSeriesSequence adds one to the series' iCalendar sequence.
func (s *Store) BumpSeriesSequence(ctx context.Context, id int64, at time.Time) error {
	res, err := s.exec(ctx, `UPDATE series SET sequence = sequence + 1, updated_at = ? WHERE id = ?`, utc(at), id)
	if err != nil {
		return fmt.Errorf("storage: bump series %d: %w", id, err)
	}
	if err := mustAffect(res); err != nil {
		return fmt.Errorf("storage: bump series %d: %w", id, err)
	}
	return nil
}

// SeriesByID reads one series.
func (s *Store) SeriesByID(ctx context.Context, id int64) (domain.Series, error) {
	var r seriesRow
	if err := s.get(ctx, &r, `SELECT `+seriesColumns+` FROM series WHERE id = ?`, id); err != nil {
		return domain.Series{}, fmt.Errorf("storage: series %d: %w", id, err)
	}
	return r.toDomain(), nil
}

// LockSeries holds the series' row until the transaction ends (SQLite has
// one writer at a time already).
func (s *Store) LockSeries(ctx context.Context, id int64) error {
	if !s.dialect.rowLocks {
		return nil
	}
	var got int64
	if err := s.get(ctx, &got, `SELECT id FROM series WHERE id = ? FOR UPDATE`, id); err != nil {
		return fmt.Errorf("storage: lock series %d: %w", id, err)
	}
	return nil
}

// ListSeries lists series by id.
func (s *Store) ListSeries(ctx context.Context, f domain.SeriesFilter) ([]domain.Series, error) {
	var c conditions
	if f.PairingID != 0 {
		c.add(`pairing_id = ?`, f.PairingID)
	}
	if f.EngagementID != 0 {
		c.add(`engagement_id = ?`, f.EngagementID)
	}
	statuses(&c, `status`, f.Statuses)
	if f.After > 0 {
		c.add(`id > ?`, f.After)
	}
	out, err := selectRows[seriesRow](ctx, s, `SELECT `+seriesColumns+` FROM series`, c, `ORDER BY id LIMIT ?`, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("storage: list series: %w", err)
	}
	return out, nil
}

// SeriesMeetings lists the meetings of a series by occurrence.
func (s *Store) SeriesMeetings(ctx context.Context, seriesID int64) ([]domain.Meeting, error) {
	var rows []meetingRow
	if err := s.sel(ctx, &rows, `SELECT `+meetingColumns+` FROM meetings WHERE series_id = ? ORDER BY occurrence_at, id`, seriesID); err != nil {
		return nil, fmt.Errorf("storage: meetings of series %d: %w", seriesID, err)
	}
	out := make([]domain.Meeting, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// SetMeetingSeries moves a meeting into a series at an occurrence.
func (s *Store) SetMeetingSeries(ctx context.Context, meetingID, seriesID int64, occurrenceAt time.Time) error {
	res, err := s.exec(ctx, `UPDATE meetings SET series_id = ?, occurrence_at = ? WHERE id = ?`, seriesID, utc(occurrenceAt), meetingID)
	if err != nil {
		return fmt.Errorf("storage: meeting %d into series %d: %w", meetingID, seriesID, err)
	}
	if err := mustAffect(res); err != nil {
		return fmt.Errorf("storage: meeting %d into series %d: %w", meetingID, seriesID, err)
	}
	return nil
}
