package storage

import (
	"context"
	"fmt"
	"time"

	"cairn/domain"
)

type pairingRow struct {
	ID                      int64      `db:"id"`
	ProgrammeID             int64      `db:"programme_id"`
	MentorID                int64      `db:"mentor_id"`
	MenteeID                int64      `db:"mentee_id"`
	StartedOn               sqlDate    `db:"started_on"`
	Status                  string     `db:"status"`
	CheckinCadenceDays      int        `db:"checkin_cadence_days"`
	Focus                   string     `db:"focus"`
	SeniorityOverrideReason string     `db:"seniority_override_reason"`
	CapacityOverrideReason  string     `db:"capacity_override_reason"`
	EndedOn                 sqlDate    `db:"ended_on"`
	EndReason               string     `db:"end_reason"`
	LastCheckinAt           *time.Time `db:"last_checkin_at"`
	CreatedAt               time.Time  `db:"created_at"`
	UpdatedAt               time.Time  `db:"updated_at"`
	MentorName              string     `db:"mentor_name"`
	MenteeName              string     `db:"mentee_name"`
	MentorTimezone          string     `db:"mentor_timezone"`
	MenteeTimezone          string     `db:"mentee_timezone"`
}

func (r pairingRow) toDomain() domain.Pairing {
	p := domain.Pairing{ID: r.ID, ProgrammeID: r.ProgrammeID, MentorID: r.MentorID, MenteeID: r.MenteeID,
		StartedOn: r.StartedOn.Date, Status: domain.PairingStatus(r.Status), CheckinCadenceDays: r.CheckinCadenceDays,
		Focus: r.Focus, SeniorityOverrideReason: r.SeniorityOverrideReason, CapacityOverrideReason: r.CapacityOverrideReason, EndedOn: r.EndedOn.Date, EndReason: r.EndReason,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		Mentor: domain.PersonRef{ID: r.MentorID, Name: r.MentorName, Timezone: r.MentorTimezone},
		Mentee: domain.PersonRef{ID: r.MenteeID, Name: r.MenteeName, Timezone: r.MenteeTimezone}}
	if r.LastCheckinAt != nil {
		t := r.LastCheckinAt.UTC()
		p.LastCheckinAt = &t
	}
	return p
}

const pairingSelect = `SELECT pa.id, pa.programme_id, pa.mentor_id, pa.mentee_id, pa.started_on, pa.status,
	pa.checkin_cadence_days, pa.focus, pa.seniority_override_reason, pa.capacity_override_reason, pa.ended_on, pa.end_reason, pa.last_checkin_at,
	pa.created_at, pa.updated_at, mr.name AS mentor_name, me.name AS mentee_name, mr.timezone AS mentor_timezone, me.timezone AS mentee_timezone
	FROM pairings pa JOIN people mr ON mr.id = pa.mentor_id JOIN people me ON me.id = pa.mentee_id`

const pairingInsertColumns = `programme_id, mentor_id, mentee_id, started_on, status, checkin_cadence_days, focus,
	seniority_override_reason, capacity_override_reason, ended_on, end_reason, last_checkin_at, created_at, updated_at`

func pairingInsertValues(p *domain.Pairing) []any {
	return []any{p.ProgrammeID, p.MentorID, p.MenteeID, dateArg(p.StartedOn), string(p.Status), p.CheckinCadenceDays, p.Focus,
		p.SeniorityOverrideReason, p.CapacityOverrideReason, dateArg(p.EndedOn), p.EndReason, utcPtr(p.LastCheckinAt),
		utc(p.CreatedAt), utc(p.UpdatedAt)}
}

// CreatePairing inserts p and sets its id. A second open pairing of the
// same two people violates pairings_one_open: ErrConflict.
func (s *Store) CreatePairing(ctx context.Context, p *domain.Pairing) error {
	id, err := s.insert(ctx, `INSERT INTO pairings (`+pairingInsertColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, pairingInsertValues(p)...)
	if err != nil {
		return fmt.Errorf("storage: insert pairing: %w", err)
	}
	p.ID = id
	return nil
}

// UpdatePairing writes the mutable fields of p (not last_checkin_at).
func (s *Store) UpdatePairing(ctx context.Context, p *domain.Pairing) error {
	res, err := s.exec(ctx, `UPDATE pairings SET status = ?, checkin_cadence_days = ?, focus = ?, ended_on = ?,
		end_reason = ?, updated_at = ? WHERE id = ?`,
		string(p.Status), p.CheckinCadenceDays, p.Focus, dateArg(p.EndedOn), p.EndReason, utc(p.UpdatedAt), p.ID)
	if err != nil {
		return fmt.Errorf("storage: update pairing %d: %w", p.ID, err)
	}
	if err := mustAffect(res); err != nil {
		return fmt.Errorf("storage: update pairing %d: %w", p.ID, err)
	}
	return nil
}

// SetPairingLastCheckin records the time of the pairing's last completed check-in.
func (s *Store) SetPairingLastCheckin(ctx context.Context, id int64, at time.Time) error {
	res, err := s.exec(ctx, `UPDATE pairings SET last_checkin_at = ? WHERE id = ?`, utc(at), id)
	if err != nil {
		return fmt.Errorf("storage: last check-in of pairing %d: %w", id, err)
	}
	if err := mustAffect(res); err != nil {
		return fmt.Errorf("storage: last check-in of pairing %d: %w", id, err)
	}
	return nil
}

// PairingByID reads one pairing with its people's names.
func (s *Store) PairingByID(ctx context.Context, id int64) (domain.Pairing, error) {
	var r pairingRow
	if err := s.get(ctx, &r, pairingSelect+` WHERE pa.id = ?`, id); err != nil {
		return domain.Pairing{}, fmt.Errorf("storage: pairing %d: %w", id, err)
	}
	return r.toDomain(), nil
}

// LockPairing takes a row lock on the pairing (PostgreSQL; SQLite writers
// are serial already). A missing pairing is ErrNotFound.
func (s *Store) LockPairing(ctx context.Context, id int64) error {
	if !s.dialect.rowLocks {
		return nil
	}
	var got int64
	if err := s.get(ctx, &got, `SELECT id FROM pairings WHERE id = ? FOR UPDATE`, id); err != nil {
		return fmt.Errorf("storage: lock pairing %d: %w", id, err)
	}
	return nil
}

// ListPairings lists pairings by id.
func (s *Store) ListPairings(ctx context.Context, f domain.PairingFilter) ([]domain.Pairing, error) {
	var c conditions
	if f.ProgrammeID != 0 {
		c.add(`pa.programme_id = ?`, f.ProgrammeID)
	}
	if f.PersonID != 0 {
		c.add(s.dialect.eitherPerson("pa", "pairings", "mentor_id", "mentee_id"), f.PersonID, f.PersonID)
	}
	if f.MentorID != 0 {
		c.add(`pa.mentor_id = ?`, f.MentorID)
	}
	if f.MenteeID != 0 {
		c.add(`pa.mentee_id = ?`, f.MenteeID)
	}
	if f.WithID != 0 {
		c.add(s.dialect.eitherPerson("pa", "pairings", "mentor_id", "mentee_id"), f.WithID, f.WithID)
	}
	statuses(&c, `pa.status`, f.Statuses)
	out, err := selectPage[pairingRow](ctx, s, pairingSelect, c, `pa.id`, f.After, f.Before, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("storage: list pairings: %w", err)
	}
	return out, nil
}
