package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
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

// auditSelect reads entries with their actor's name and the names their
// object is known by: a person's or a programme's name, a pairing's,
// engagement's or meeting's two people (leader first), a flag's
// relationship's two people.
const auditSelect = `SELECT a.id, a.actor_id, COALESCE(p.name, '') AS actor_name, a.action, a.object_type, a.object_id,
		a.changes, a.at, COALESCE(op.name, og.name, lead.name) AS object_name, learn.name AS object_other
	FROM audit_log a LEFT JOIN people p ON p.id = a.actor_id
	LEFT JOIN people op ON a.object_type IN ('person', 'calendar_feed') AND op.id = a.object_id
	LEFT JOIN programmes og ON a.object_type = 'programme' AND og.id = a.object_id
	LEFT JOIN flags ofl ON a.object_type = 'flag' AND ofl.id = a.object_id
	LEFT JOIN pairings opa ON opa.id = CASE WHEN a.object_type = 'pairing' THEN a.object_id
		WHEN ofl.subject_type = 'pairing' THEN ofl.subject_id END
	LEFT JOIN engagements oe ON oe.id = CASE WHEN a.object_type = 'engagement' THEN a.object_id
		WHEN ofl.subject_type = 'engagement' THEN ofl.subject_id END
	LEFT JOIN meetings om ON a.object_type IN ('checkin', 'session') AND om.id = a.object_id
	LEFT JOIN people lead ON lead.id = COALESCE(opa.mentor_id, oe.coach_id, om.leader_id)
	LEFT JOIN people learn ON learn.id = COALESCE(opa.mentee_id, oe.coachee_id, om.learner_id)`

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
	if f.Action != "" {
		where = append(where, `a.action = ?`)
		args = append(args, f.Action)
	}
	if f.Before > 0 {
		where = append(where, `a.id < ?`)
		args = append(args, f.Before)
	}
	if f.After > 0 {
		where = append(where, `a.id > ?`)
		args = append(args, f.After)
	}
	q := auditSelect
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	// The newer page is read upwards from After and turned round below.
	order := ` ORDER BY a.id DESC LIMIT ?`
	if f.After > 0 {
		order = ` ORDER BY a.id LIMIT ?`
	}
	q += order
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
		Name       *string   `db:"object_name"`
		Other      *string   `db:"object_other"`
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
		for _, n := range []*string{r.Name, r.Other} {
			if n != nil && *n != "" {
				v.ObjectNames = append(v.ObjectNames, *n)
			}
		}
		out[i] = v
	}
	if f.After > 0 {
		slices.Reverse(out)
	}
	return out, nil
}
