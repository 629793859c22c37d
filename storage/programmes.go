package storage

import (
	"context"
	"fmt"
	"strings"
	"time"

	"cairn/domain"
)

type programmeRow struct {
	ID                 int64      `db:"id"`
	Name               string     `db:"name"`
	Kind               string     `db:"kind"`
	Description        string     `db:"description"`
	StartsOn           sqlDate    `db:"starts_on"`
	EndsOn             sqlDate    `db:"ends_on"`
	CheckinCadenceDays *int       `db:"checkin_cadence_days"`
	ArchivedAt         *time.Time `db:"archived_at"`
	Matching           string     `db:"matching"`
	RequiresSignup     bool       `db:"requires_signup"`
	RequestExpiryDays  int        `db:"request_expiry_days"`
	MentorSeniority    string     `db:"mentor_seniority"`
	CreatedAt          time.Time  `db:"created_at"`
	UpdatedAt          time.Time  `db:"updated_at"`
}

func (r programmeRow) toDomain() domain.Programme {
	p := domain.Programme{ID: r.ID, Name: r.Name, Kind: domain.ProgrammeKind(r.Kind), Description: r.Description,
		StartsOn: r.StartsOn.Date, EndsOn: r.EndsOn.Date, CheckinCadenceDays: r.CheckinCadenceDays,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), Matching: domain.MatchingMode(r.Matching),
		RequiresSignup: r.RequiresSignup, RequestExpiryDays: r.RequestExpiryDays,
		MentorSeniority: domain.MentorSeniority(r.MentorSeniority)}
	if r.ArchivedAt != nil {
		t := r.ArchivedAt.UTC()
		p.ArchivedAt, p.Archived = &t, true
	}
	return p
}

const programmeColumns = `id, name, kind, description, starts_on, ends_on, checkin_cadence_days, archived_at, created_at, updated_at,
	matching, requires_signup, request_expiry_days, mentor_seniority`

// CreateProgramme inserts p and sets its id. How it forms pairs, and who
// may mentor in it, are written by further statements only when they are
// not the schema's defaults, so a database at an earlier version (the
// upgrade tests generate into one) still takes programmes.
func (s *Store) CreateProgramme(ctx context.Context, p *domain.Programme) error {
	id, err := s.insert(ctx, `INSERT INTO programmes (name, kind, description, starts_on, ends_on, checkin_cadence_days,
		archived_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.Name, string(p.Kind), p.Description, dateArg(p.StartsOn), dateArg(p.EndsOn), p.CheckinCadenceDays,
		utcPtr(p.ArchivedAt), utc(p.CreatedAt), utc(p.UpdatedAt))
	if err != nil {
		return fmt.Errorf("storage: insert programme: %w", err)
	}
	p.ID = id
	if matchingArg(p.Matching) == string(domain.MatchingAdmin) && !p.RequiresSignup && expiryArg(p.RequestExpiryDays) == domain.DefaultRequestExpiryDays {
		return s.insertMentorSeniority(ctx, p)
	}
	if _, err := s.exec(ctx, `UPDATE programmes SET matching = ?, requires_signup = ?, request_expiry_days = ? WHERE id = ?`,
		matchingArg(p.Matching), p.RequiresSignup, expiryArg(p.RequestExpiryDays), id); err != nil {
		return fmt.Errorf("storage: insert programme: %w", err)
	}
	return s.insertMentorSeniority(ctx, p)
}

// insertMentorSeniority writes a new programme's mentor seniority rule
// when it is not the schema's default.
func (s *Store) insertMentorSeniority(ctx context.Context, p *domain.Programme) error {
	if seniorityArg(p.MentorSeniority) == string(domain.MentorMoreSenior) {
		return nil
	}
	if _, err := s.exec(ctx, `UPDATE programmes SET mentor_seniority = ? WHERE id = ?`, seniorityArg(p.MentorSeniority), p.ID); err != nil {
		return fmt.Errorf("storage: insert programme: %w", err)
	}
	return nil
}

// UpdateProgramme writes every field of p.
func (s *Store) UpdateProgramme(ctx context.Context, p *domain.Programme) error {
	res, err := s.exec(ctx, `UPDATE programmes SET name = ?, kind = ?, description = ?, starts_on = ?, ends_on = ?,
		checkin_cadence_days = ?, archived_at = ?, updated_at = ?, matching = ?, requires_signup = ?, request_expiry_days = ?,
		mentor_seniority = ? WHERE id = ?`,
		p.Name, string(p.Kind), p.Description, dateArg(p.StartsOn), dateArg(p.EndsOn), p.CheckinCadenceDays,
		utcPtr(p.ArchivedAt), utc(p.UpdatedAt), matchingArg(p.Matching), p.RequiresSignup, expiryArg(p.RequestExpiryDays),
		seniorityArg(p.MentorSeniority), p.ID)
	if err != nil {
		return fmt.Errorf("storage: update programme %d: %w", p.ID, err)
	}
	if err := mustAffect(res); err != nil {
		return fmt.Errorf("storage: update programme %d: %w", p.ID, err)
	}
	return nil
}

// ProgrammeByID reads one programme.
func (s *Store) ProgrammeByID(ctx context.Context, id int64) (domain.Programme, error) {
	var r programmeRow
	if err := s.get(ctx, &r, `SELECT `+programmeColumns+` FROM programmes WHERE id = ?`, id); err != nil {
		return domain.Programme{}, fmt.Errorf("storage: programme %d: %w", id, err)
	}
	return r.toDomain(), nil
}

const programmeMembershipSQL = `(EXISTS (SELECT 1 FROM pairings pa WHERE pa.programme_id = programmes.id AND (pa.mentor_id = ? OR pa.mentee_id = ?))
	OR EXISTS (SELECT 1 FROM engagements en WHERE en.programme_id = programmes.id AND (en.coach_id = ? OR en.coachee_id = ?))
	OR EXISTS (SELECT 1 FROM programme_members pm WHERE pm.programme_id = programmes.id AND pm.person_id = ?))`

// ListProgrammes lists programmes by id, optionally only one person's.
func (s *Store) ListProgrammes(ctx context.Context, f domain.ProgrammeFilter) ([]domain.Programme, error) {
	var where []string
	var args []any
	if f.PersonID != 0 {
		where = append(where, programmeMembershipSQL)
		args = append(args, f.PersonID, f.PersonID, f.PersonID, f.PersonID, f.PersonID)
	}
	if f.TakesRequests {
		where = append(where, `kind = ? AND archived_at IS NULL AND matching IN (?, ?)`)
		args = append(args, string(domain.KindMentoring), string(domain.MatchingRequest), string(domain.MatchingRequestApproved))
	}
	if !f.IncludeArchived {
		where = append(where, `archived_at IS NULL`)
	}
	if f.After > 0 {
		where = append(where, `id > ?`)
		args = append(args, f.After)
	}
	q := `SELECT ` + programmeColumns + ` FROM programmes`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY id LIMIT ?`
	args = append(args, f.Limit)
	var rows []programmeRow
	if err := s.sel(ctx, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("storage: list programmes: %w", err)
	}
	out := make([]domain.Programme, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// PersonInProgramme reports whether the person takes part in the programme.
func (s *Store) PersonInProgramme(ctx context.Context, programmeID, personID int64) (bool, error) {
	var n int
	err := s.get(ctx, &n, `SELECT count(*) FROM programmes WHERE id = ? AND `+programmeMembershipSQL,
		programmeID, personID, personID, personID, personID, personID)
	if err != nil {
		return false, fmt.Errorf("storage: person %d in programme %d: %w", personID, programmeID, err)
	}
	return n > 0, nil
}

// CountProgrammeRelationships counts the programme's pairings and engagements.
func (s *Store) CountProgrammeRelationships(ctx context.Context, programmeID int64) (int, error) {
	var n int
	err := s.get(ctx, &n, `SELECT (SELECT count(*) FROM pairings WHERE programme_id = ?) + (SELECT count(*) FROM engagements WHERE programme_id = ?)`,
		programmeID, programmeID)
	if err != nil {
		return 0, fmt.Errorf("storage: count relationships of programme %d: %w", programmeID, err)
	}
	return n, nil
}

// matchingArg, expiryArg and seniorityArg store a programme made before
// matching modes or seniority rules (zero values) with the schema's
// defaults.
func matchingArg(m domain.MatchingMode) string {
	if m == "" {
		return string(domain.MatchingAdmin)
	}
	return string(m)
}

func seniorityArg(m domain.MentorSeniority) string {
	if m == "" {
		return string(domain.MentorMoreSenior)
	}
	return string(m)
}

func expiryArg(days int) int {
	if days == 0 {
		return domain.DefaultRequestExpiryDays
	}
	return days
}
