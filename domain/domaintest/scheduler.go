package domaintest

import (
	"context"
	"slices"
	"time"

	"cairn/domain"
)

type reminders struct{ conn }

func (r reminders) UpsertReminders(_ context.Context, rs []domain.Reminder) error {
	st, unlock := r.lock()
	defer unlock()
	for _, x := range rs {
		key := reminderKey{x.MeetingID, x.Offset.Truncate(time.Second), x.RecipientID}
		row := domain.Reminder{MeetingID: x.MeetingID, Offset: key.offset, RecipientID: x.RecipientID, DueAt: x.DueAt,
			State: x.State, UpdatedAt: x.UpdatedAt}
		row.ID = 0
		for id, y := range st.reminders {
			if (reminderKey{y.MeetingID, y.Offset, y.RecipientID}) == key {
				row.ID = id
			}
		}
		if row.ID == 0 {
			row.ID = st.id()
		}
		st.reminders[row.ID] = row
	}
	return nil
}

func (r reminders) SetMeetingReminders(_ context.Context, meetingID int64, from []domain.ReminderState, to domain.ReminderState, at time.Time) (int64, error) {
	st, unlock := r.lock()
	defer unlock()
	var n int64
	for id, x := range st.reminders {
		if x.MeetingID == meetingID && slices.Contains(from, x.State) {
			x.State, x.UpdatedAt = to, at
			st.reminders[id] = x
			n++
		}
	}
	return n, nil
}

// RemindersOfMeeting lists longest offset first, then by recipient.
func (r reminders) RemindersOfMeeting(_ context.Context, meetingID int64) ([]domain.Reminder, error) {
	st, unlock := r.lock()
	defer unlock()
	out := filter(sortedValues(st.reminders), func(x domain.Reminder) bool { return x.MeetingID == meetingID })
	sortStable(out, func(a, b domain.Reminder) bool {
		return a.Offset > b.Offset || (a.Offset == b.Offset && a.RecipientID < b.RecipientID)
	})
	return out, nil
}

// MissOverdueReminders decides every row against the state before the
// update, as one UPDATE statement does.
func (r reminders) MissOverdueReminders(_ context.Context, now time.Time) (int64, error) {
	st, unlock := r.lock()
	defer unlock()
	var miss []int64
	for id, x := range st.reminders {
		if x.State != domain.ReminderPending || x.DueAt.After(now) {
			continue
		}
		m := st.meetings[x.MeetingID]
		begun := !m.ScheduledAt.After(now) || m.Status != domain.StatusScheduled
		later := false
		for _, y := range st.reminders {
			if y.MeetingID == x.MeetingID && y.RecipientID == x.RecipientID && y.Offset < x.Offset && !y.DueAt.After(now) &&
				(y.State == domain.ReminderPending || y.State == domain.ReminderQueued) {
				later = true
			}
		}
		if begun || later {
			miss = append(miss, id)
		}
	}
	for _, id := range miss {
		x := st.reminders[id]
		x.State, x.UpdatedAt = domain.ReminderMissed, now
		st.reminders[id] = x
	}
	return int64(len(miss)), nil
}

func (r reminders) ClaimDueReminders(_ context.Context, now time.Time, n int) ([]domain.Reminder, error) {
	st, unlock := r.lock()
	defer unlock()
	out := filter(sortedValues(st.reminders), func(x domain.Reminder) bool {
		return x.State == domain.ReminderPending && !x.DueAt.After(now)
	})
	sortStable(out, func(a, b domain.Reminder) bool { return a.DueAt.Before(b.DueAt) })
	return limit(out, n), nil
}

func (r reminders) MarkRemindersQueued(_ context.Context, qs []domain.QueuedReminder, at time.Time) error {
	st, unlock := r.lock()
	defer unlock()
	for _, q := range qs {
		if x, ok := st.reminders[q.ReminderID]; !ok || x.State != domain.ReminderPending {
			return errNotFound("queue reminder %d", q.ReminderID)
		}
	}
	for _, q := range qs {
		x := st.reminders[q.ReminderID]
		x.State, x.OutboxID, x.UpdatedAt = domain.ReminderQueued, &q.OutboxID, at
		st.reminders[q.ReminderID] = x
	}
	return nil
}

func (r reminders) MarkReminderMissed(_ context.Context, id int64, at time.Time) error {
	st, unlock := r.lock()
	defer unlock()
	if x, ok := st.reminders[id]; ok && x.State == domain.ReminderPending {
		x.State, x.UpdatedAt = domain.ReminderMissed, at
		st.reminders[id] = x
	}
	return nil
}

type outbox struct{ conn }

func (o outbox) EnqueueMail(_ context.Context, m *domain.OutboxMessage) error {
	st, unlock := o.lock()
	defer unlock()
	for _, x := range st.outbox {
		if x.MessageID == m.MessageID {
			return errConflict("enqueue %s", m.MessageID)
		}
	}
	m.ID = st.id()
	row := *m
	row.Attempts, row.LeaseUntil, row.ClaimToken, row.LastError, row.SentAt = 0, nil, "", "", nil
	st.outbox[m.ID] = row
	return nil
}

func byNextAttempt(a, b domain.OutboxMessage) bool { return a.NextAttemptAt.Before(b.NextAttemptAt) }

func (o outbox) ClaimOutbox(_ context.Context, now, leaseUntil time.Time, token string, n int) ([]domain.OutboxMessage, error) {
	st, unlock := o.lock()
	defer unlock()
	due := filter(sortedValues(st.outbox), func(x domain.OutboxMessage) bool {
		return (x.State == domain.OutboxQueued && !x.NextAttemptAt.After(now)) ||
			(x.State == domain.OutboxSending && x.LeaseUntil != nil && !x.LeaseUntil.After(now))
	})
	sortStable(due, byNextAttempt)
	for _, x := range limit(due, n) {
		x.State, x.LeaseUntil, x.ClaimToken, x.Attempts = domain.OutboxSending, &leaseUntil, token, x.Attempts+1
		st.outbox[x.ID] = x
	}
	out := filter(sortedValues(st.outbox), func(x domain.OutboxMessage) bool {
		return x.ClaimToken == token && x.State == domain.OutboxSending
	})
	sortStable(out, byNextAttempt)
	return out, nil
}

func (o outbox) ExpireOutbox(_ context.Context, now time.Time) (int64, error) {
	st, unlock := o.lock()
	defer unlock()
	var n int64
	for id, x := range st.outbox {
		if x.NotAfter == nil || x.NotAfter.After(now) {
			continue
		}
		if x.State == domain.OutboxQueued || (x.State == domain.OutboxSending && x.LeaseUntil != nil && !x.LeaseUntil.After(now)) {
			x.State, x.LeaseUntil, x.ClaimToken = domain.OutboxExpired, nil, ""
			x.LastError = "its meeting had begun before it could be sent"
			st.outbox[id] = x
			n++
		}
	}
	return n, nil
}

func (o outbox) FinishOutbox(_ context.Context, id int64, token string, r domain.OutboxResult) error {
	st, unlock := o.lock()
	defer unlock()
	x, ok := st.outbox[id]
	if !ok || x.ClaimToken != token || x.State != domain.OutboxSending {
		return errNotFound("finish outbox %d", id)
	}
	x.State, x.NextAttemptAt, x.LastError, x.SentAt, x.LeaseUntil, x.ClaimToken = r.State, r.NextAttemptAt, r.LastError, r.SentAt, nil, ""
	if r.Attempts != nil {
		x.Attempts = *r.Attempts
	}
	st.outbox[id] = x
	return nil
}

func (o outbox) CancelMeetingOutbox(_ context.Context, meetingID int64, kind domain.OutboxKind, _ time.Time) (int64, error) {
	st, unlock := o.lock()
	defer unlock()
	var n int64
	for id, x := range st.outbox {
		if x.MeetingID != nil && *x.MeetingID == meetingID && x.Kind == kind && x.State == domain.OutboxQueued {
			x.State, x.LastError = domain.OutboxCancelled, "the meeting changed before it was sent"
			st.outbox[id] = x
			n++
		}
	}
	return n, nil
}

func (o outbox) OutboxByID(_ context.Context, id int64) (domain.OutboxMessage, error) {
	return lookup(o.conn, func(st *state) map[int64]domain.OutboxMessage { return st.outbox }, id, nil, "outbox %d", id)
}

// ListOutbox lists newest first; After pages to smaller ids.
func (o outbox) ListOutbox(_ context.Context, f domain.OutboxFilter) ([]domain.OutboxMessage, error) {
	st, unlock := o.lock()
	defer unlock()
	out := filter(sortedValues(st.outbox), func(x domain.OutboxMessage) bool {
		return (f.State == "" || x.State == f.State) && (f.After <= 0 || x.ID < f.After)
	})
	slices.Reverse(out)
	return limit(out, f.Limit), nil
}

func (o outbox) RequeueOutbox(_ context.Context, id int64, now time.Time) error {
	return change(o.conn, func(st *state) map[int64]domain.OutboxMessage { return st.outbox }, id, func(_ *state, x *domain.OutboxMessage) error {
		if x.State != domain.OutboxDead && x.State != domain.OutboxNotDelivered {
			return errRefused
		}
		x.State, x.Attempts, x.NextAttemptAt, x.LeaseUntil, x.ClaimToken = domain.OutboxQueued, 0, now, nil, ""
		return nil
	}, "requeue outbox %d", id)
}

func (o outbox) EnqueueMails(_ context.Context, ms []*domain.OutboxMessage) error {
	st, unlock := o.lock()
	defer unlock()
	seen := map[string]bool{}
	for _, x := range st.outbox {
		seen[x.MessageID] = true
	}
	for _, m := range ms {
		if seen[m.MessageID] {
			return errConflict("enqueue %s", m.MessageID)
		}
		seen[m.MessageID] = true
	}
	for _, m := range ms {
		m.ID = st.id()
		row := *m
		row.Attempts, row.LeaseUntil, row.ClaimToken, row.LastError, row.SentAt = 0, nil, "", "", nil
		st.outbox[m.ID] = row
	}
	return nil
}

type notifications struct{ conn }

func (g notifications) InsertNotifications(_ context.Context, ns []*domain.Notification) error {
	st, unlock := g.lock()
	defer unlock()
	for _, n := range ns {
		n.ID = st.id()
		row := *n
		row.ReadAt = nil
		st.notifications[n.ID] = row
	}
	return nil
}

func (g notifications) InsertNotification(_ context.Context, n *domain.Notification) error {
	st, unlock := g.lock()
	defer unlock()
	n.ID = st.id()
	row := *n
	row.ReadAt = nil
	st.notifications[n.ID] = row
	return nil
}

func (g notifications) ListNotifications(_ context.Context, recipientID int64, n int, before int64) ([]domain.Notification, error) {
	st, unlock := g.lock()
	defer unlock()
	out := filter(sortedValues(st.notifications), func(x domain.Notification) bool {
		return x.RecipientID == recipientID && (before <= 0 || x.ID < before)
	})
	slices.Reverse(out)
	return limit(out, n), nil
}

func (g notifications) MarkNotificationRead(_ context.Context, recipientID, id int64, at time.Time) error {
	st, unlock := g.lock()
	defer unlock()
	x, ok := st.notifications[id]
	if !ok || x.RecipientID != recipientID {
		return errNotFound("notification %d", id)
	}
	if x.ReadAt == nil {
		x.ReadAt = &at
		st.notifications[id] = x
	}
	return nil
}

func (g notifications) MarkAllNotificationsRead(_ context.Context, recipientID int64, at time.Time) (int64, error) {
	st, unlock := g.lock()
	defer unlock()
	var n int64
	for id, x := range st.notifications {
		if x.RecipientID == recipientID && x.ReadAt == nil {
			x.ReadAt = &at
			st.notifications[id] = x
			n++
		}
	}
	return n, nil
}

func (g notifications) CountUnreadNotifications(_ context.Context, recipientID int64) (int, error) {
	st, unlock := g.lock()
	defer unlock()
	n := 0
	for _, x := range st.notifications {
		if x.RecipientID == recipientID && x.ReadAt == nil {
			n++
		}
	}
	return n, nil
}

type flags struct{ conn }

func lastCompletedCheckin(st *state, pairingID int64) *time.Time {
	var last *time.Time
	for _, m := range st.meetings {
		if m.PairingID != nil && *m.PairingID == pairingID && m.Status == domain.StatusCompleted && (last == nil || m.ScheduledAt.After(*last)) {
			last = ptr(m.ScheduledAt)
		}
	}
	return last
}

func (f flags) ActivePairingHealth(context.Context) ([]domain.PairingHealth, error) {
	st, unlock := f.lock()
	defer unlock()
	out := []domain.PairingHealth{}
	for _, p := range sortedValues(st.pairings) {
		if p.Status == domain.PairingActive {
			out = append(out, domain.PairingHealth{ID: p.ID, ProgrammeID: p.ProgrammeID, StartedOn: p.StartedOn,
				CadenceDays: p.CheckinCadenceDays, LastCompletedAt: lastCompletedCheckin(st, p.ID)})
		}
	}
	return out, nil
}

func (f flags) ActiveEngagementHealth(context.Context) ([]domain.EngagementHealth, error) {
	st, unlock := f.lock()
	defer unlock()
	out := []domain.EngagementHealth{}
	for _, e := range sortedValues(st.engagements) {
		if e.Status == domain.EngagementActive {
			out = append(out, domain.EngagementHealth{ID: e.ID, ProgrammeID: e.ProgrammeID, StartsOn: e.StartsOn, EndsOn: e.EndsOn,
				PlannedSessions: e.PlannedSessions, CompletedSessions: readEngagement(st, e).SessionsCompleted})
		}
	}
	return out, nil
}

// OpenFlags lists newest first (raised_at, then id).
func (f flags) OpenFlags(context.Context) ([]domain.Flag, error) {
	st, unlock := f.lock()
	defer unlock()
	out := filter(sortedValues(st.flags), func(x domain.Flag) bool { return x.ClearedAt == nil })
	slices.Reverse(out)
	sortStable(out, func(a, b domain.Flag) bool { return a.RaisedAt.After(b.RaisedAt) })
	return out, nil
}

// OpenFlagsPage continues after the cursor flag's (raised_at, id), open
// or cleared; an unknown cursor is an empty page.
func (f flags) OpenFlagsPage(ctx context.Context, n int, after int64, today domain.Date) ([]domain.Flag, error) {
	open, _ := f.OpenFlags(ctx)
	open = filter(open, func(x domain.Flag) bool { return x.ShownOn(today) })
	if after > 0 {
		st, unlock := f.lock()
		c, ok := st.flags[after]
		unlock()
		if !ok {
			return []domain.Flag{}, nil
		}
		open = filter(open, func(x domain.Flag) bool {
			return x.RaisedAt.Before(c.RaisedAt) || (x.RaisedAt.Equal(c.RaisedAt) && x.ID < c.ID)
		})
	}
	return limit(open, n), nil
}

func (f flags) RaiseFlag(_ context.Context, x *domain.Flag) (bool, error) {
	st, unlock := f.lock()
	defer unlock()
	for _, y := range st.flags {
		if y.ClearedAt == nil && y.Kind == x.Kind && y.SubjectType == x.SubjectType && y.SubjectID == x.SubjectID {
			return false, nil
		}
	}
	x.ID = st.id()
	row := *x
	row.ClearedAt = nil
	st.flags[x.ID] = row
	return true, nil
}

func (f flags) ClearFlag(_ context.Context, id int64, at time.Time) (bool, error) {
	st, unlock := f.lock()
	defer unlock()
	x, ok := st.flags[id]
	if !ok || x.ClearedAt != nil {
		return false, nil
	}
	x.ClearedAt = &at
	st.flags[id] = x
	return true, nil
}

func (f flags) LastDigestAt(_ context.Context, adminID int64) (*time.Time, error) {
	st, unlock := f.lock()
	defer unlock()
	var last *time.Time
	for k, d := range st.digests {
		if k.admin == adminID && (last == nil || d.at.After(*last)) {
			last = ptr(d.at)
		}
	}
	return last, nil
}

func (f flags) RecordDigest(_ context.Context, adminID int64, date domain.Date, at time.Time) (bool, error) {
	st, unlock := f.lock()
	defer unlock()
	if _, ok := st.digests[digestKey{adminID, date}]; ok {
		return false, nil
	}
	st.digests[digestKey{adminID, date}] = digest{at: at}
	return true, nil
}

func (f flags) SetDigestOutbox(_ context.Context, adminID int64, date domain.Date, outboxID int64) error {
	st, unlock := f.lock()
	defer unlock()
	if d, ok := st.digests[digestKey{adminID, date}]; ok {
		d.outboxID = outboxID
		st.digests[digestKey{adminID, date}] = d
	}
	return nil
}

type reports struct{ conn }

// ProgrammeCounts groups what storage's four queries group.
func (r reports) ProgrammeCounts(_ context.Context, q domain.CountsQuery) (domain.ProgrammeCounts, error) {
	st, unlock := r.lock()
	defer unlock()
	var out domain.ProgrammeCounts
	type pk struct {
		prog   int64
		status domain.PairingStatus
	}
	pairings := map[pk]int{}
	for _, p := range st.pairings {
		pairings[pk{p.ProgrammeID, p.Status}]++
	}
	for k, n := range pairings {
		out.Pairings = append(out.Pairings, domain.PairingCount{ProgrammeID: k.prog, Status: k.status, N: n})
	}
	type ek struct {
		prog    int64
		status  domain.EngagementStatus
		outcome domain.Outcome
	}
	engagements := map[ek]*domain.EngagementCount{}
	for _, e := range st.engagements {
		k := ek{e.ProgrammeID, e.Status, e.Outcome}
		c := engagements[k]
		if c == nil {
			c = &domain.EngagementCount{ProgrammeID: e.ProgrammeID, Status: e.Status, Outcome: e.Outcome}
			engagements[k] = c
		}
		c.N++
		c.PlannedSessions += e.PlannedSessions
		if !e.EndsOn.Before(q.EndingFrom) && !e.EndsOn.After(q.EndingTo) {
			c.EndingInWindow++
		}
	}
	for _, c := range engagements {
		out.Engagements = append(out.Engagements, *c)
	}
	from := q.WindowFrom
	if q.Since.Before(from) {
		from = q.Since
	}
	type mk struct {
		prog   int64
		kind   domain.MeetingKind
		status domain.MeetingStatus
	}
	meetings, sessions := map[mk]*domain.MeetingCount{}, map[mk]*domain.MeetingCount{}
	count := func(counts map[mk]*domain.MeetingCount, k mk) *domain.MeetingCount {
		c := counts[k]
		if c == nil {
			c = &domain.MeetingCount{ProgrammeID: k.prog, Kind: k.kind, Status: k.status}
			counts[k] = c
		}
		return c
	}
	for _, m := range st.meetings {
		var prog int64
		if m.PairingID != nil {
			prog = st.pairings[*m.PairingID].ProgrammeID
		} else if m.EngagementID != nil {
			prog = st.engagements[*m.EngagementID].ProgrammeID
		}
		k := mk{prog, m.Kind, m.Status}
		if m.EngagementID != nil {
			count(sessions, k).Ever++
		}
		if m.ScheduledAt.Before(from) {
			continue
		}
		c := count(meetings, k)
		if !m.ScheduledAt.Before(q.WindowFrom) && m.ScheduledAt.Before(q.WindowTo) {
			c.InWindow++
		}
		if !m.ScheduledAt.Before(q.Since) {
			c.SinceStart++
		}
	}
	for _, c := range meetings {
		out.Meetings = append(out.Meetings, *c)
	}
	for _, c := range sessions {
		out.Sessions = append(out.Sessions, *c)
	}
	return out, nil
}

func (r reports) CheckinsSince(_ context.Context, programmeID int64, since time.Time, statuses []domain.MeetingStatus) ([]domain.CheckinStamp, error) {
	st, unlock := r.lock()
	defer unlock()
	out := []domain.CheckinStamp{}
	for _, m := range sortedValues(st.meetings) {
		if m.Kind != domain.MeetingCheckin || !slices.Contains(statuses, m.Status) || m.ScheduledAt.Before(since) || m.PairingID == nil {
			continue
		}
		p, ok := st.pairings[*m.PairingID]
		if ok && (programmeID == 0 || p.ProgrammeID == programmeID) {
			out = append(out, domain.CheckinStamp{ProgrammeID: p.ProgrammeID, PairingID: p.ID, At: m.ScheduledAt})
		}
	}
	return out, nil
}

func (r reports) CheckinCounts(_ context.Context, status domain.MeetingStatus, bounds []time.Time) ([]domain.PeriodCount, error) {
	st, unlock := r.lock()
	defer unlock()
	counts := map[[2]int64]int{}
	for _, m := range sortedValues(st.meetings) {
		if m.Kind != domain.MeetingCheckin || m.Status != status || m.PairingID == nil {
			continue
		}
		p, ok := st.pairings[*m.PairingID]
		if !ok {
			continue
		}
		for i := 0; i+1 < len(bounds); i++ {
			if !m.ScheduledAt.Before(bounds[i]) && m.ScheduledAt.Before(bounds[i+1]) {
				counts[[2]int64{p.ProgrammeID, int64(i)}]++
			}
		}
	}
	out := []domain.PeriodCount{}
	for k, n := range counts {
		out = append(out, domain.PeriodCount{ProgrammeID: k[0], Period: int(k[1]), N: n})
	}
	return out, nil
}

func (r reports) MeetingStamps(_ context.Context, statuses []domain.MeetingStatus) ([]domain.MeetingStamp, error) {
	st, unlock := r.lock()
	defer unlock()
	out := []domain.MeetingStamp{}
	for _, m := range sortedValues(st.meetings) {
		if !slices.Contains(statuses, m.Status) {
			continue
		}
		switch {
		case m.PairingID != nil:
			if p, ok := st.pairings[*m.PairingID]; ok {
				out = append(out, domain.MeetingStamp{SubjectType: domain.SubjectPairing, RelationshipID: p.ID, At: m.ScheduledAt})
			}
		case m.EngagementID != nil:
			if e, ok := st.engagements[*m.EngagementID]; ok {
				out = append(out, domain.MeetingStamp{SubjectType: domain.SubjectEngagement, RelationshipID: e.ID, At: m.ScheduledAt})
			}
		}
	}
	return out, nil
}

func (r reminders) ReclaimReminders(context.Context) error { return r.reclaim("reminders") }

func (o outbox) ReclaimOutbox(context.Context) error { return o.reclaim("outbox") }
