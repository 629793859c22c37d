package storage

import (
	"context"
	"fmt"
	"time"

	"cairn/domain"
)

type memberRow struct {
	ProgrammeID int64     `db:"programme_id"`
	PersonID    int64     `db:"person_id"`
	Role        string    `db:"role"`
	Capacity    *int      `db:"capacity"`
	JoinedAt    time.Time `db:"joined_at"`
}

func (r memberRow) toDomain() domain.ProgrammeMember {
	return domain.ProgrammeMember{ProgrammeID: r.ProgrammeID, PersonID: r.PersonID, Role: domain.MemberRole(r.Role),
		Capacity: r.Capacity, JoinedAt: r.JoinedAt.UTC()}
}

const memberSelect = `SELECT programme_id, person_id, role, capacity, joined_at FROM programme_members`

// JoinProgramme signs a person up in a role, or changes the capacity.
func (s *Store) JoinProgramme(ctx context.Context, m domain.ProgrammeMember) error {
	_, err := s.exec(ctx, `INSERT INTO programme_members (programme_id, person_id, role, capacity, joined_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (programme_id, person_id, role) DO UPDATE SET capacity = excluded.capacity`,
		m.ProgrammeID, m.PersonID, string(m.Role), m.Capacity, utc(m.JoinedAt))
	if err != nil {
		return fmt.Errorf("storage: join programme %d: %w", m.ProgrammeID, err)
	}
	return nil
}

// LeaveProgramme deletes a sign-up.
func (s *Store) LeaveProgramme(ctx context.Context, programmeID, personID int64, role domain.MemberRole) error {
	res, err := s.exec(ctx, `DELETE FROM programme_members WHERE programme_id = ? AND person_id = ? AND role = ?`,
		programmeID, personID, string(role))
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("storage: leave programme %d: %w", programmeID, err)
	}
	return nil
}

// ProgrammeMembers lists a programme's sign-ups in a role, by person id.
func (s *Store) ProgrammeMembers(ctx context.Context, programmeID int64, role domain.MemberRole) ([]domain.ProgrammeMember, error) {
	var c conditions
	c.add(`programme_id = ? AND role = ?`, programmeID, string(role))
	out, err := selectRows[memberRow](ctx, s, memberSelect, c, `ORDER BY person_id LIMIT ?`, 100000)
	if err != nil {
		return nil, fmt.Errorf("storage: members of programme %d: %w", programmeID, err)
	}
	return out, nil
}

// MembershipsOf lists a person's sign-ups, by programme id.
func (s *Store) MembershipsOf(ctx context.Context, personID int64) ([]domain.ProgrammeMember, error) {
	var c conditions
	c.add(`person_id = ?`, personID)
	out, err := selectRows[memberRow](ctx, s, memberSelect, c, `ORDER BY programme_id, role LIMIT ?`, 10000)
	if err != nil {
		return nil, fmt.Errorf("storage: sign-ups of %d: %w", personID, err)
	}
	return out, nil
}

type requestRow struct {
	ID            int64     `db:"id"`
	ProgrammeID   int64     `db:"programme_id"`
	MenteeID      int64     `db:"mentee_id"`
	MentorID      int64     `db:"mentor_id"`
	Message       string    `db:"message"`
	State         string    `db:"state"`
	Reason        string    `db:"reason"`
	PairingID     *int64    `db:"pairing_id"`
	DecidedBy     *int64    `db:"decided_by"`
	CreatedAt     time.Time `db:"created_at"`
	ExpiresAt     time.Time `db:"expires_at"`
	UpdatedAt     time.Time `db:"updated_at"`
	ProgrammeName string    `db:"programme_name"`
	MentorName    string    `db:"mentor_name"`
	MenteeName    string    `db:"mentee_name"`
}

func (r requestRow) toDomain() domain.MentorRequest {
	return domain.MentorRequest{ID: r.ID, ProgrammeID: r.ProgrammeID, MenteeID: r.MenteeID, MentorID: r.MentorID,
		Message: r.Message, State: domain.RequestState(r.State), Reason: r.Reason, PairingID: r.PairingID,
		DecidedBy: r.DecidedBy, CreatedAt: r.CreatedAt.UTC(), ExpiresAt: r.ExpiresAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		Programme: domain.PersonRef{ID: r.ProgrammeID, Name: r.ProgrammeName},
		Mentor:    domain.PersonRef{ID: r.MentorID, Name: r.MentorName},
		Mentee:    domain.PersonRef{ID: r.MenteeID, Name: r.MenteeName}}
}

const requestSelect = `SELECT q.id, q.programme_id, q.mentee_id, q.mentor_id, q.message, q.state, q.reason, q.pairing_id,
	q.decided_by, q.created_at, q.expires_at, q.updated_at, pr.name AS programme_name, mr.name AS mentor_name, me.name AS mentee_name
	FROM mentor_requests q JOIN programmes pr ON pr.id = q.programme_id
	JOIN people mr ON mr.id = q.mentor_id JOIN people me ON me.id = q.mentee_id`

// CreateRequest inserts r and sets its id; a second open request of the
// mentee in the programme violates mentor_requests_one_open: ErrConflict.
func (s *Store) CreateRequest(ctx context.Context, r *domain.MentorRequest) error {
	id, err := s.insert(ctx, `INSERT INTO mentor_requests (programme_id, mentee_id, mentor_id, message, state, reason,
		pairing_id, decided_by, created_at, expires_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		r.ProgrammeID, r.MenteeID, r.MentorID, r.Message, string(r.State), r.Reason, r.PairingID, r.DecidedBy,
		utc(r.CreatedAt), utc(r.ExpiresAt), utc(r.UpdatedAt))
	if err != nil {
		return fmt.Errorf("storage: insert request: %w", err)
	}
	r.ID = id
	return nil
}

// SetRequestState writes the decision if the stored state is still from.
func (s *Store) SetRequestState(ctx context.Context, r domain.MentorRequest, from domain.RequestState) (bool, error) {
	res, err := s.exec(ctx, `UPDATE mentor_requests SET state = ?, reason = ?, pairing_id = ?, decided_by = ?, updated_at = ?
		WHERE id = ? AND state = ?`, string(r.State), r.Reason, r.PairingID, r.DecidedBy, utc(r.UpdatedAt), r.ID, string(from))
	if err != nil {
		return false, fmt.Errorf("storage: set request %d: %w", r.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("storage: set request %d: %w", r.ID, err)
	}
	return n == 1, nil
}

// RequestByID reads one request with its names.
func (s *Store) RequestByID(ctx context.Context, id int64) (domain.MentorRequest, error) {
	var r requestRow
	if err := s.get(ctx, &r, requestSelect+` WHERE q.id = ?`, id); err != nil {
		return domain.MentorRequest{}, fmt.Errorf("storage: request %d: %w", id, err)
	}
	return r.toDomain(), nil
}

// ListRequests lists requests with their names, newest first.
func (s *Store) ListRequests(ctx context.Context, f domain.RequestFilter) ([]domain.MentorRequest, error) {
	var c conditions
	if f.PersonID != 0 {
		c.add(`(q.mentee_id = ? OR q.mentor_id = ?)`, f.PersonID, f.PersonID)
	}
	if f.ProgrammeID != 0 {
		c.add(`q.programme_id = ?`, f.ProgrammeID)
	}
	if f.MenteeID != 0 {
		c.add(`q.mentee_id = ?`, f.MenteeID)
	}
	statuses(&c, `q.state`, f.States)
	if f.AwaitingApproval {
		c.add(`q.state = ? AND q.pairing_id IS NULL`, string(domain.RequestAccepted))
	}
	if !f.LapsedBy.IsZero() {
		c.add(`q.state = ? AND q.expires_at <= ?`, string(domain.RequestOpen), utc(f.LapsedBy))
	}
	out, err := selectRows[requestRow](ctx, s, requestSelect, c, `ORDER BY q.id DESC LIMIT ?`, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("storage: list requests: %w", err)
	}
	return out, nil
}
