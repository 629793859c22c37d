package storage

import (
	"context"
	"fmt"
	"time"

	"cairn/domain"
)

// CreatePendingImport keeps a previewed file.
func (s *Store) CreatePendingImport(ctx context.Context, p domain.PendingImport) error {
	_, err := s.exec(ctx, `INSERT INTO pending_imports (id, admin_id, kind, content, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
		p.ID, p.AdminID, p.Kind, p.Content, utc(p.CreatedAt), utc(p.ExpiresAt))
	if err != nil {
		return fmt.Errorf("storage: hold import: %w", err)
	}
	return nil
}

// PendingImportByID reads a held file.
func (s *Store) PendingImportByID(ctx context.Context, id string) (domain.PendingImport, error) {
	var r struct {
		ID        string    `db:"id"`
		AdminID   int64     `db:"admin_id"`
		Kind      string    `db:"kind"`
		Content   string    `db:"content"`
		CreatedAt time.Time `db:"created_at"`
		ExpiresAt time.Time `db:"expires_at"`
	}
	if err := s.get(ctx, &r, `SELECT id, admin_id, kind, content, created_at, expires_at FROM pending_imports WHERE id = ?`, id); err != nil {
		return domain.PendingImport{}, fmt.Errorf("storage: held import: %w", err)
	}
	return domain.PendingImport{ID: r.ID, AdminID: r.AdminID, Kind: r.Kind, Content: r.Content, CreatedAt: r.CreatedAt.UTC(), ExpiresAt: r.ExpiresAt.UTC()}, nil
}

// DeletePendingImport forgets a held file.
func (s *Store) DeletePendingImport(ctx context.Context, id string) error {
	if _, err := s.exec(ctx, `DELETE FROM pending_imports WHERE id = ?`, id); err != nil {
		return fmt.Errorf("storage: drop held import: %w", err)
	}
	return nil
}

// DeleteExpiredImports forgets held files past their time.
func (s *Store) DeleteExpiredImports(ctx context.Context, now time.Time) error {
	if _, err := s.exec(ctx, `DELETE FROM pending_imports WHERE expires_at <= ?`, utc(now)); err != nil {
		return fmt.Errorf("storage: drop expired imports: %w", err)
	}
	return nil
}
