package storage

import (
	"context"
	"fmt"

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
