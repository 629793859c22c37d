package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"cairn/domain"
)

// InsertAudit appends one entry to the audit log.
func (s *Store) InsertAudit(ctx context.Context, e domain.AuditEntry) error {
	_, err := s.exec(ctx, `INSERT INTO audit_log (actor_id, action, object_type, object_id, changes, at) VALUES (?, ?, ?, ?, ?, ?)`,
		e.ActorID, e.Action, e.ObjectType, e.ObjectID, e.ChangesJSON(), utc(e.At))
	if err != nil {
		return fmt.Errorf("storage: audit %s %s %d: %w", e.Action, e.ObjectType, e.ObjectID, err)
	}
	return nil
}

// InsertAudits appends many entries at once.
func (s *Store) InsertAudits(ctx context.Context, entries []domain.AuditEntry) error {
	err := s.insertBatch(ctx, "audit_log", "actor_id, action, object_type, object_id, changes, at", len(entries), func(i int) []any {
		e := entries[i]
		return []any{e.ActorID, e.Action, e.ObjectType, e.ObjectID, e.ChangesJSON(), utc(e.At)}
	})
	if err != nil {
		return fmt.Errorf("storage: audit %d entries: %w", len(entries), err)
	}
	return nil
}

// ListAudit lists audit entries newest first.
func (s *Store) ListAudit(ctx context.Context, f domain.AuditFilter) ([]domain.AuditView, error) {
	var where []string
	var args []any
	if f.PersonID != 0 {
		where = append(where, `(a.actor_id = ? OR (a.object_type = 'person' AND a.object_id = ?))`)
		args = append(args, f.PersonID, f.PersonID)
	}
	if f.ObjectType != "" {
		where = append(where, `a.object_type = ?`)
		args = append(args, f.ObjectType)
	}
	if f.ObjectID != 0 {
		where = append(where, `a.object_id = ?`)
		args = append(args, f.ObjectID)
	}
	if !f.From.IsZero() {
		where = append(where, `a.at >= ?`)
		args = append(args, utc(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, `a.at < ?`)
		args = append(args, utc(f.To))
	}
	if f.Before > 0 {
		where = append(where, `a.id < ?`)
		args = append(args, f.Before)
	}
	q := `SELECT a.id, a.actor_id, COALESCE(p.name, '') AS actor_name, a.action, a.object_type, a.object_id, a.changes, a.at
		FROM audit_log a LEFT JOIN people p ON p.id = a.actor_id`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY a.id DESC LIMIT ?`
	args = append(args, f.Limit)
	var rows []struct {
		ID         int64     `db:"id"`
		ActorID    *int64    `db:"actor_id"`
		ActorName  string    `db:"actor_name"`
		Action     string    `db:"action"`
		ObjectType string    `db:"object_type"`
		ObjectID   int64     `db:"object_id"`
		Changes    string    `db:"changes"`
		At         time.Time `db:"at"`
	}
	if err := s.sel(ctx, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("storage: audit log: %w", err)
	}
	out := make([]domain.AuditView, len(rows))
	for i, r := range rows {
		v := domain.AuditView{ID: r.ID, ActorID: r.ActorID, ActorName: r.ActorName, Action: r.Action, ObjectType: r.ObjectType,
			ObjectID: r.ObjectID, At: r.At.UTC()}
		if err := json.Unmarshal([]byte(r.Changes), &v.Changes); err != nil {
			return nil, fmt.Errorf("storage: audit entry %d: %w", r.ID, err)
		}
		out[i] = v
	}
	return out, nil
}
