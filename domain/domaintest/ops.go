package domaintest

import (
	"context"
	"time"

	"cairn/domain"
)

type ops struct{ conn }

func (o ops) CountOutbox(context.Context) (map[domain.OutboxState]int, int, error) {
	st, unlock := o.lock()
	defer unlock()
	out := map[domain.OutboxState]int{}
	retrying := 0
	for _, m := range st.outbox {
		out[m.State]++
		if m.State == domain.OutboxQueued && m.Attempts > 0 {
			retrying++
		}
	}
	return out, retrying, nil
}

func (o ops) CountPendingReminders(_ context.Context, dueBy time.Time) (int, error) {
	st, unlock := o.lock()
	defer unlock()
	n := 0
	for _, r := range st.reminders {
		if r.State == domain.ReminderPending && !r.DueAt.After(dueBy) {
			n++
		}
	}
	return n, nil
}
