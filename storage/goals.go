package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"cairn/domain"
)

// The milestones and the extension proposals of engagements.

type milestoneRow struct {
	ID           int64     `db:"id"`
	EngagementID int64     `db:"engagement_id"`
	Title        string    `db:"title"`
	TargetOn     sqlDate   `db:"target_on"`
	DoneOn       sqlDate   `db:"done_on"`
	CreatedBy    int64     `db:"created_by"`
	CreatedAt    time.Time `db:"created_at"`
	UpdatedAt    time.Time `db:"updated_at"`
}

func (r milestoneRow) toDomain() domain.Milestone {
	m := domain.Milestone{ID: r.ID, EngagementID: r.EngagementID, Title: r.Title, TargetOn: r.TargetOn.Date,
		CreatedByID: r.CreatedBy, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	if !r.DoneOn.IsZero() {
		d := r.DoneOn.Date
		m.DoneOn = &d
	}
	return m
}

const milestoneSelect = `SELECT id, engagement_id, title, target_on, done_on, created_by, created_at, updated_at FROM milestones`

// optDateArg is a date that may be absent, for a nullable date column.
func optDateArg(d *domain.Date) sqlDate {
	if d == nil {
		return sqlDate{}
	}
	return dateArg(*d)
}

// CreateMilestone inserts m and sets its id.
func (s *Store) CreateMilestone(ctx context.Context, m *domain.Milestone) error {
	id, err := s.insert(ctx, `INSERT INTO milestones (engagement_id, title, target_on, done_on, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, m.EngagementID, m.Title, dateArg(m.TargetOn), optDateArg(m.DoneOn),
		m.CreatedByID, utc(m.CreatedAt), utc(m.UpdatedAt))
	if err != nil {
		return fmt.Errorf("storage: insert milestone: %w", err)
	}
	m.ID = id
	return nil
}

// UpdateMilestone writes the mutable fields of m.
func (s *Store) UpdateMilestone(ctx context.Context, m *domain.Milestone) error {
	res, err := s.exec(ctx, `UPDATE milestones SET title = ?, target_on = ?, done_on = ?, updated_at = ? WHERE id = ?`,
		m.Title, dateArg(m.TargetOn), optDateArg(m.DoneOn), utc(m.UpdatedAt), m.ID)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("storage: update milestone %d: %w", m.ID, err)
	}
	return nil
}

// DeleteMilestone removes a milestone.
func (s *Store) DeleteMilestone(ctx context.Context, id int64) error {
	res, err := s.exec(ctx, `DELETE FROM milestones WHERE id = ?`, id)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("storage: delete milestone %d: %w", id, err)
	}
	return nil
}

// MilestoneByID reads one milestone.
func (s *Store) MilestoneByID(ctx context.Context, id int64) (domain.Milestone, error) {
	var r milestoneRow
	if err := s.get(ctx, &r, milestoneSelect+` WHERE id = ?`, id); err != nil {
		return domain.Milestone{}, fmt.Errorf("storage: milestone %d: %w", id, err)
	}
	return r.toDomain(), nil
}

// ListMilestones lists an engagement's milestones by target date then id.
func (s *Store) ListMilestones(ctx context.Context, engagementID int64) ([]domain.Milestone, error) {
	var rows []milestoneRow
	if err := s.sel(ctx, &rows, milestoneSelect+` WHERE engagement_id = ? ORDER BY target_on, id`, engagementID); err != nil {
		return nil, fmt.Errorf("storage: milestones of engagement %d: %w", engagementID, err)
	}
	out := make([]domain.Milestone, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// OverdueMilestoneCounts counts the milestones not done whose target date
// is before today, per engagement of the ids (nil: all).
func (s *Store) OverdueMilestoneCounts(ctx context.Context, ids []int64, today domain.Date) (map[int64]int, error) {
	q := `SELECT engagement_id AS id, count(*) AS n FROM milestones WHERE done_on IS NULL AND target_on < ?`
	args := []any{dateArg(today)}
	if ids != nil {
		if len(ids) == 0 {
			return map[int64]int{}, nil
		}
		q += ` AND engagement_id IN (?)`
		args = append(args, ids)
	}
	q, args, err := sqlx.In(q+` GROUP BY engagement_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("storage: overdue milestones: %w", err)
	}
	var rows []struct {
		ID int64 `db:"id"`
		N  int   `db:"n"`
	}
	if err := s.sel(ctx, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("storage: overdue milestones: %w", err)
	}
	out := make(map[int64]int, len(rows))
	for _, r := range rows {
		out[r.ID] = r.N
	}
	return out, nil
}

type extensionRow struct {
	ID              int64      `db:"id"`
	EngagementID    int64      `db:"engagement_id"`
	ProposedBy      int64      `db:"proposed_by"`
	ProposedByName  string     `db:"proposed_by_name"`
	EndsOn          sqlDate    `db:"ends_on"`
	PlannedSessions int        `db:"planned_sessions"`
	PreviousEndsOn  sqlDate    `db:"previous_ends_on"`
	PreviousPlanned int        `db:"previous_planned_sessions"`
	Reason          string     `db:"reason"`
	State           string     `db:"state"`
	DecidedBy       *int64     `db:"decided_by"`
	DecidedByName   *string    `db:"decided_by_name"`
	DecidedAt       *time.Time `db:"decided_at"`
	DeclineReason   string     `db:"decline_reason"`
	CreatedAt       time.Time  `db:"created_at"`
}

func (r extensionRow) toDomain() domain.Extension {
	x := domain.Extension{ID: r.ID, EngagementID: r.EngagementID, ProposedBy: domain.PersonRef{ID: r.ProposedBy, Name: r.ProposedByName},
		EndsOn: r.EndsOn.Date, PlannedSessions: r.PlannedSessions, PreviousEndsOn: r.PreviousEndsOn.Date,
		PreviousPlannedSessions: r.PreviousPlanned, Reason: r.Reason, State: domain.ExtensionState(r.State),
		DecidedAt: utcPtr(r.DecidedAt), DeclineReason: r.DeclineReason, CreatedAt: r.CreatedAt.UTC()}
	if r.DecidedBy != nil {
		x.DecidedBy = &domain.PersonRef{ID: *r.DecidedBy, Name: deref(r.DecidedByName)}
	}
	return x
}

// extensionColumns are an extension's columns from engagement_extensions
// x with its proposer p and the person who answered d.
const extensionColumns = `x.id, x.engagement_id, x.proposed_by, p.name AS proposed_by_name, x.ends_on, x.planned_sessions,
	x.previous_ends_on, x.previous_planned_sessions, x.reason, x.state, x.decided_by, d.name AS decided_by_name, x.decided_at,
	x.decline_reason, x.created_at`

const extensionSelect = `SELECT ` + extensionColumns + ` FROM engagement_extensions x JOIN people p ON p.id = x.proposed_by
	LEFT JOIN people d ON d.id = x.decided_by`

// CreateExtension inserts x and sets its id; the partial unique index
// refuses a second open proposal (ErrConflict).
func (s *Store) CreateExtension(ctx context.Context, x *domain.Extension) error {
	id, err := s.insert(ctx, `INSERT INTO engagement_extensions (engagement_id, proposed_by, ends_on, planned_sessions,
		previous_ends_on, previous_planned_sessions, reason, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		x.EngagementID, x.ProposedBy.ID, dateArg(x.EndsOn), x.PlannedSessions, dateArg(x.PreviousEndsOn),
		x.PreviousPlannedSessions, x.Reason, string(x.State), utc(x.CreatedAt))
	if err != nil {
		return fmt.Errorf("storage: insert extension: %w", err)
	}
	x.ID = id
	return nil
}

// DecideExtension writes the answer of a proposal that is still open;
// ErrConflict when it is not (of two answers racing, one wins).
func (s *Store) DecideExtension(ctx context.Context, x *domain.Extension) error {
	var by *int64
	if x.DecidedBy != nil {
		by = &x.DecidedBy.ID
	}
	res, err := s.exec(ctx, `UPDATE engagement_extensions SET state = ?, decided_by = ?, decided_at = ?, decline_reason = ?
		WHERE id = ? AND state = ?`, string(x.State), by, utcPtr(x.DecidedAt), x.DeclineReason, x.ID, string(domain.ExtensionOpen))
	if err != nil {
		return fmt.Errorf("storage: answer extension %d: %w", x.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("storage: answer extension %d: %w", x.ID, err)
	}
	if n != 1 {
		return fmt.Errorf("storage: answer extension %d: %w", x.ID, domain.Conflict("the extension was answered already"))
	}
	return nil
}

// ExtensionByID reads one proposal.
func (s *Store) ExtensionByID(ctx context.Context, id int64) (domain.Extension, error) {
	var r extensionRow
	if err := s.get(ctx, &r, extensionSelect+` WHERE x.id = ?`, id); err != nil {
		return domain.Extension{}, fmt.Errorf("storage: extension %d: %w", id, err)
	}
	return r.toDomain(), nil
}

// ListExtensions lists an engagement's proposals, oldest first.
func (s *Store) ListExtensions(ctx context.Context, engagementID int64) ([]domain.Extension, error) {
	var rows []extensionRow
	if err := s.sel(ctx, &rows, extensionSelect+` WHERE x.engagement_id = ? ORDER BY x.created_at, x.id`, engagementID); err != nil {
		return nil, fmt.Errorf("storage: extensions of engagement %d: %w", engagementID, err)
	}
	out := make([]domain.Extension, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}
