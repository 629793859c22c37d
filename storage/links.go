package storage

import (
	"context"
	"fmt"
	"time"

	"cairn/domain"
)

type passwordLinkRow struct {
	Hash      []byte     `db:"hash"`
	PersonID  int64      `db:"person_id"`
	Purpose   string     `db:"purpose"`
	CreatedAt time.Time  `db:"created_at"`
	ExpiresAt time.Time  `db:"expires_at"`
	UsedAt    *time.Time `db:"used_at"`
}

// ReplacePasswordLinks stores a new link and spends the person's older ones.
func (s *Store) ReplacePasswordLinks(ctx context.Context, l domain.PasswordLink) error {
	if _, err := s.exec(ctx, `UPDATE password_links SET used_at = ? WHERE person_id = ? AND used_at IS NULL`, utc(l.CreatedAt), l.PersonID); err != nil {
		return fmt.Errorf("storage: spend old links of %d: %w", l.PersonID, err)
	}
	if _, err := s.exec(ctx, `INSERT INTO password_links (hash, person_id, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		l.Hash, l.PersonID, string(l.Purpose), utc(l.CreatedAt), utc(l.ExpiresAt)); err != nil {
		return fmt.Errorf("storage: password link for %d: %w", l.PersonID, err)
	}
	return nil
}

// PasswordLinkByHash reads a link.
func (s *Store) PasswordLinkByHash(ctx context.Context, hash []byte) (domain.PasswordLink, error) {
	var r passwordLinkRow
	if err := s.get(ctx, &r, `SELECT hash, person_id, purpose, created_at, expires_at, used_at FROM password_links WHERE hash = ?`, hash); err != nil {
		return domain.PasswordLink{}, fmt.Errorf("storage: password link: %w", err)
	}
	return domain.PasswordLink{Hash: r.Hash, PersonID: r.PersonID, Purpose: domain.LinkPurpose(r.Purpose), CreatedAt: r.CreatedAt.UTC(),
		ExpiresAt: r.ExpiresAt.UTC(), UsedAt: utcPtr(r.UsedAt)}, nil
}

// UsePasswordLink spends an unused link.
func (s *Store) UsePasswordLink(ctx context.Context, hash []byte, at time.Time) error {
	res, err := s.exec(ctx, `UPDATE password_links SET used_at = ? WHERE hash = ? AND used_at IS NULL`, utc(at), hash)
	if err != nil {
		return fmt.Errorf("storage: use password link: %w", err)
	}
	return mustAffect(res)
}

// CreateActionLinks stores reminders' answer links, batchRows a statement.
func (s *Store) CreateActionLinks(ctx context.Context, ls []domain.ActionLink) error {
	err := s.insertBatch(ctx, "action_links", "hash, meeting_id, person_id, action, created_at, expires_at", len(ls), func(i int) []any {
		l := ls[i]
		return []any{l.Hash, l.MeetingID, l.PersonID, string(l.Action), utc(l.CreatedAt), utc(l.ExpiresAt)}
	})
	if err != nil {
		return fmt.Errorf("storage: %d meeting links: %w", len(ls), constraintError(err))
	}
	return nil
}

// ActionLinkByHash reads an answer link.
func (s *Store) ActionLinkByHash(ctx context.Context, hash []byte) (domain.ActionLink, error) {
	var r struct {
		Hash      []byte     `db:"hash"`
		MeetingID int64      `db:"meeting_id"`
		PersonID  int64      `db:"person_id"`
		Action    string     `db:"action"`
		CreatedAt time.Time  `db:"created_at"`
		ExpiresAt time.Time  `db:"expires_at"`
		UsedAt    *time.Time `db:"used_at"`
	}
	if err := s.get(ctx, &r, `SELECT hash, meeting_id, person_id, action, created_at, expires_at, used_at FROM action_links WHERE hash = ?`, hash); err != nil {
		return domain.ActionLink{}, fmt.Errorf("storage: meeting link: %w", err)
	}
	return domain.ActionLink{Hash: r.Hash, MeetingID: r.MeetingID, PersonID: r.PersonID, Action: domain.MeetingAction(r.Action),
		CreatedAt: r.CreatedAt.UTC(), ExpiresAt: r.ExpiresAt.UTC(), UsedAt: utcPtr(r.UsedAt)}, nil
}

// SetActionLinkUsed spends an unused answer link.
func (s *Store) SetActionLinkUsed(ctx context.Context, hash []byte, at time.Time) error {
	res, err := s.exec(ctx, `UPDATE action_links SET used_at = ? WHERE hash = ? AND used_at IS NULL`, utc(at), hash)
	if err != nil {
		return fmt.Errorf("storage: use meeting link: %w", err)
	}
	return mustAffect(res)
}

// SetActionLinkUnused gives a spent link back.
func (s *Store) SetActionLinkUnused(ctx context.Context, hash []byte) error {
	if _, err := s.exec(ctx, `UPDATE action_links SET used_at = NULL WHERE hash = ?`, hash); err != nil {
		return fmt.Errorf("storage: give back meeting link: %w", err)
	}
	return nil
}
