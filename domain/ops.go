package domain

import (
	"context"
	"fmt"
	"time"
)

// OpsStore counts what the people who run Cairn watch.
type OpsStore interface {
	// CountOutbox counts outbox messages by state, and the queued ones
	// that failed at least once (waiting for a retry).
	CountOutbox(ctx context.Context) (byState map[OutboxState]int, retrying int, err error)
	// CountPendingReminders counts the pending reminders due at or before
	// dueBy.
	CountPendingReminders(ctx context.Context, dueBy time.Time) (int, error)
}

// ReminderLateAfter is how long a due reminder may wait for the sweep
// (every minute by default) before it counts as late.
const ReminderLateAfter = 5 * time.Minute

// OpsSnapshot is the state of the background work, for metrics.
type OpsSnapshot struct {
	Outbox         map[OutboxState]int // messages by state
	OutboxRetrying int                 // queued after a failed attempt
	RemindersDue   int                 // pending and due now
	RemindersLate  int                 // pending and due more than ReminderLateAfter ago
	FlagsOpen      map[FlagKind]int    // open flags by kind
}

// OpsSnapshot counts the outbox, the due and late reminders and the open
// flags, across the whole installation. It reveals no person or content.
func (s *Service) OpsSnapshot(ctx context.Context) (OpsSnapshot, error) {
	var out OpsSnapshot
	var err error
	if out.Outbox, out.OutboxRetrying, err = s.store.Ops.CountOutbox(ctx); err != nil {
		return out, fmt.Errorf("ops snapshot: %w", err)
	}
	now := s.clock.Now()
	if out.RemindersDue, err = s.store.Ops.CountPendingReminders(ctx, now); err != nil {
		return out, fmt.Errorf("ops snapshot: %w", err)
	}
	if out.RemindersLate, err = s.store.Ops.CountPendingReminders(ctx, now.Add(-ReminderLateAfter)); err != nil {
		return out, fmt.Errorf("ops snapshot: %w", err)
	}
	flags, err := s.store.Flags.OpenFlags(ctx)
	if err != nil {
		return out, fmt.Errorf("ops snapshot: %w", err)
	}
	out.FlagsOpen = map[FlagKind]int{}
	for _, k := range []FlagKind{FlagGoalDeadlineNear, FlagGoalOverdue, FlagCheckinOverdue, FlagSessionsBehind} {
		out.FlagsOpen[k] = 0
	}
	for _, f := range flags {
		out.FlagsOpen[f.Kind]++
	}
	return out, nil
}
