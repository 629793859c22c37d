package storage

import (
	"context"
	"fmt"
	"time"

	"cairn/domain"
)

// CountOutbox counts outbox messages by state, and the queued ones that
// failed at least once.
func (s *Store) CountOutbox(ctx context.Context) (map[domain.OutboxState]int, int, error) {
	var rows []struct {
		State    string `db:"state"`
		N        int    `db:"n"`
		Retrying int    `db:"retrying"`
	}
	if err := s.sel(ctx, &rows, `SELECT state, count(*) AS n,
		sum(CASE WHEN state = 'queued' AND attempts > 0 THEN 1 ELSE 0 END) AS retrying
		FROM outbox GROUP BY state`); err != nil {
		return nil, 0, fmt.Errorf("storage: count outbox: %w", err)
	}
	out := map[domain.OutboxState]int{}
	retrying := 0
	for _, r := range rows {
		out[domain.OutboxState(r.State)] = r.N
		retrying += r.Retrying
	}
	return out, retrying, nil
}

// CountPendingReminders counts pending reminders due at or before dueBy.
func (s *Store) CountPendingReminders(ctx context.Context, dueBy time.Time) (int, error) {
	var n int
	if err := s.get(ctx, &n, `SELECT count(*) FROM reminders WHERE state = 'pending' AND due_at <= ?`, utc(dueBy)); err != nil {
		return 0, fmt.Errorf("storage: count pending reminders: %w", err)
	}
	return n, nil
}
