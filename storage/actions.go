package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"cairn/domain"
)

type actionRow struct {
	ID           int64      `db:"id"`
	PairingID    *int64     `db:"pairing_id"`
	EngagementID *int64     `db:"engagement_id"`
	Title        string     `db:"title"`
	Detail       string     `db:"detail"`
	OwnerID      int64      `db:"owner_id"`
	OwnerName    string     `db:"owner_name"`
	DueOn        sqlDate    `db:"due_on"`
	DoneAt       *time.Time `db:"done_at"`
	MeetingID    *int64     `db:"meeting_id"`
	CreatedBy    int64      `db:"created_by"`
	CreatedAt    time.Time  `db:"created_at"`
	UpdatedAt    time.Time  `db:"updated_at"`
	RemindedAt   *time.Time `db:"reminded_at"`
	LeaderID     int64      `db:"leader_id"`
	LeaderName   string     `db:"leader_name"`
	LearnerID    int64      `db:"learner_id"`
	LearnerName  string     `db:"learner_name"`
}

func (r actionRow) toDomain() domain.ActionItem {
	x := domain.ActionItem{ID: r.ID, Title: r.Title, Detail: r.Detail, OwnerID: r.OwnerID,
		Owner: domain.PersonRef{ID: r.OwnerID, Name: r.OwnerName}, DueOn: r.DueOn.Date, DoneAt: utcPtr(r.DoneAt),
		CreatedByID: r.CreatedBy, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), RemindedAt: utcPtr(r.RemindedAt),
		Leader: domain.PersonRef{ID: r.LeaderID, Name: r.LeaderName}, Learner: domain.PersonRef{ID: r.LearnerID, Name: r.LearnerName}}
	kind := domain.MeetingCheckin
	if r.PairingID != nil {
		x.PairingID = *r.PairingID
	}
	if r.EngagementID != nil {
		x.EngagementID, kind = *r.EngagementID, domain.MeetingSession
	}
	if r.MeetingID != nil {
		x.Meeting = &domain.ActionMeeting{Kind: kind, ID: *r.MeetingID}
	}
	return x
}

// actionSelect reads items with the owner's name and the relationship's
// two people (mentor or coach first).
const actionSelect = `SELECT a.id, a.pairing_id, a.engagement_id, a.title, a.detail, a.owner_id, o.name AS owner_name,
	a.due_on, a.done_at, a.meeting_id, a.created_by, a.created_at, a.updated_at, a.reminded_at,
	l.id AS leader_id, l.name AS leader_name, r.id AS learner_id, r.name AS learner_name
	FROM action_items a JOIN people o ON o.id = a.owner_id
	LEFT JOIN pairings p ON p.id = a.pairing_id LEFT JOIN engagements e ON e.id = a.engagement_id
	JOIN people l ON l.id = COALESCE(p.mentor_id, e.coach_id) JOIN people r ON r.id = COALESCE(p.mentee_id, e.coachee_id)`

// CreateActionItem inserts x and sets its id.
func (s *Store) CreateActionItem(ctx context.Context, x *domain.ActionItem) error {
	var meeting *int64
	if x.Meeting != nil {
		meeting = &x.Meeting.ID
	}
	id, err := s.insert(ctx, `INSERT INTO action_items (pairing_id, engagement_id, title, detail, owner_id, due_on, done_at,
		meeting_id, created_by, created_at, updated_at, reminded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		nullID(x.PairingID), nullID(x.EngagementID), x.Title, x.Detail, x.OwnerID, dateArg(x.DueOn), utcPtr(x.DoneAt),
		meeting, x.CreatedByID, utc(x.CreatedAt), utc(x.UpdatedAt), utcPtr(x.RemindedAt))
	if err != nil {
		return fmt.Errorf("storage: insert action item: %w", err)
	}
	x.ID = id
	return nil
}

// UpdateActionItem writes the mutable fields of x.
func (s *Store) UpdateActionItem(ctx context.Context, x *domain.ActionItem) error {
	res, err := s.exec(ctx, `UPDATE action_items SET title = ?, detail = ?, owner_id = ?, due_on = ?, done_at = ?,
		reminded_at = ?, updated_at = ? WHERE id = ?`, x.Title, x.Detail, x.OwnerID, dateArg(x.DueOn), utcPtr(x.DoneAt),
		utcPtr(x.RemindedAt), utc(x.UpdatedAt), x.ID)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("storage: update action item %d: %w", x.ID, err)
	}
	return nil
}

// DeleteActionItem removes an item.
func (s *Store) DeleteActionItem(ctx context.Context, id int64) error {
	res, err := s.exec(ctx, `DELETE FROM action_items WHERE id = ?`, id)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("storage: delete action item %d: %w", id, err)
	}
	return nil
}

// ActionItemByID reads one item.
func (s *Store) ActionItemByID(ctx context.Context, id int64) (domain.ActionItem, error) {
	var r actionRow
	if err := s.get(ctx, &r, actionSelect+` WHERE a.id = ?`, id); err != nil {
		return domain.ActionItem{}, fmt.Errorf("storage: action item %d: %w", id, err)
	}
	return r.toDomain(), nil
}

// ListActionItems lists items, open ones first, by due date then id.
func (s *Store) ListActionItems(ctx context.Context, f domain.ActionFilter) ([]domain.ActionItem, error) {
	var c conditions
	if f.PairingID != 0 {
		c.add(`a.pairing_id = ?`, f.PairingID)
	}
	if f.EngagementID != 0 {
		c.add(`a.engagement_id = ?`, f.EngagementID)
	}
	if f.PersonID != 0 {
		c.add(`(l.id = ? OR r.id = ?)`, f.PersonID, f.PersonID)
	}
	if f.OwnerID != 0 {
		c.add(`a.owner_id = ?`, f.OwnerID)
	}
	if f.OpenOnly {
		c.add(`a.done_at IS NULL`)
	}
	if !f.DueBy.IsZero() {
		c.add(`a.due_on <= ?`, dateArg(f.DueBy))
	}
	out, err := selectRows[actionRow](ctx, s, actionSelect, c,
		`ORDER BY CASE WHEN a.done_at IS NULL THEN 0 ELSE 1 END, a.due_on, a.id LIMIT ?`, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("storage: list action items: %w", err)
	}
	return out, nil
}

// DueActionItems lists open items due on or before by that were not
// reminded yet, by due date then id.
func (s *Store) DueActionItems(ctx context.Context, by domain.Date, limit int) ([]domain.ActionItem, error) {
	// The sweep asks every minute and there is mostly none: a look at the
	// due index first spares planning the five-table read (about 1 ms on
	// PostgreSQL, more than running it).
	var due bool
	if err := s.get(ctx, &due, `SELECT EXISTS (SELECT 1 FROM action_items
		WHERE due_on <= ? AND done_at IS NULL AND reminded_at IS NULL)`, dateArg(by)); err != nil {
		return nil, fmt.Errorf("storage: due action items: %w", err)
	}
	if !due {
		return nil, nil
	}
	var c conditions
	c.add(`a.due_on <= ? AND a.done_at IS NULL AND a.reminded_at IS NULL`, dateArg(by))
	out, err := selectRows[actionRow](ctx, s, actionSelect, c, `ORDER BY a.due_on, a.id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("storage: due action items: %w", err)
	}
	return out, nil
}

// ClaimActionReminder sets reminded_at where it is unset: of two workers
// racing for one item, the second's update finds it set and changes no row.
func (s *Store) ClaimActionReminder(ctx context.Context, id int64, at time.Time) (bool, error) {
	res, err := s.exec(ctx, `UPDATE action_items SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL`, utc(at), id)
	if err != nil {
		return false, fmt.Errorf("storage: claim reminder of action item %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("storage: claim reminder of action item %d: %w", id, err)
	}
	return n == 1, nil
}

// OverdueActionCounts counts the open items due before today per
// pairing or engagement.
func (s *Store) OverdueActionCounts(ctx context.Context, subject string, ids []int64, today domain.Date) (map[int64]int, error) {
	col := "pairing_id"
	if subject == domain.SubjectEngagement {
		col = "engagement_id"
	}
	q := `SELECT ` + col + ` AS id, count(*) AS n FROM action_items WHERE ` + col + ` IS NOT NULL AND done_at IS NULL AND due_on < ?`
	args := []any{dateArg(today)}
	if ids != nil {
		if len(ids) == 0 {
			return map[int64]int{}, nil
		}
		q += ` AND ` + col + ` IN (?)`
		args = append(args, ids)
	}
	q, args, err := sqlx.In(q+` GROUP BY `+col, args...)
	if err != nil {
		return nil, fmt.Errorf("storage: overdue action items: %w", err)
	}
	var rows []struct {
		ID int64 `db:"id"`
		N  int   `db:"n"`
	}
	if err := s.sel(ctx, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("storage: overdue action items: %w", err)
	}
	out := make(map[int64]int, len(rows))
	for _, r := range rows {
		out[r.ID] = r.N
	}
	return out, nil
}
