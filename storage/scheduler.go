package storage

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"cairn/domain"
)

// sqlTime reads an instant that SQLite may hand back as text (aggregates
// carry no column type there); NULL is nil.
type sqlTime struct{ T *time.Time }

var sqliteTimeLayouts = []string{"2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999", "2006-01-02"}

// Scan reads a time.Time, a text instant or NULL.
func (t *sqlTime) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case nil:
		t.T = nil
		return nil
	case time.Time:
		u := v.UTC()
		t.T = &u
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("storage: cannot read an instant from %T", src)
	}
	for _, l := range sqliteTimeLayouts {
		if v, err := time.Parse(l, s); err == nil {
			u := v.UTC()
			t.T = &u
			return nil
		}
	}
	return fmt.Errorf("storage: %q is not an instant", s)
}

// Value is never used for writing; instants are written as time.Time.
func (t sqlTime) Value() (driver.Value, error) {
	if t.T == nil {
		return nil, nil
	}
	return utc(*t.T), nil
}

// Reminders.

type reminderRow struct {
	ID            int64     `db:"id"`
	MeetingID     int64     `db:"meeting_id"`
	OffsetSeconds int64     `db:"offset_seconds"`
	RecipientID   int64     `db:"recipient_id"`
	DueAt         time.Time `db:"due_at"`
	State         string    `db:"state"`
	OutboxID      *int64    `db:"outbox_id"`
	UpdatedAt     time.Time `db:"updated_at"`
}

func (r reminderRow) toDomain() domain.Reminder {
	return domain.Reminder{ID: r.ID, MeetingID: r.MeetingID, Offset: time.Duration(r.OffsetSeconds) * time.Second,
		RecipientID: r.RecipientID, DueAt: r.DueAt.UTC(), State: domain.ReminderState(r.State), OutboxID: r.OutboxID,
		UpdatedAt: r.UpdatedAt.UTC()}
}

const reminderColumns = `id, meeting_id, offset_seconds, recipient_id, due_at, state, outbox_id, updated_at`

func toReminders(rows []reminderRow) []domain.Reminder {
	out := make([]domain.Reminder, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out
}

// UpsertReminders writes reminder rows keyed by (meeting, offset,
// recipient), many at once (bulkUpsert). A key given twice keeps its last row,
// as one upsert after another would (PostgreSQL refuses to update a row
// twice in one statement).
func (s *Store) UpsertReminders(ctx context.Context, rs []domain.Reminder) error {
	type key struct {
		meeting, offset, recipient int64
	}
	last := make(map[key]int, len(rs))
	for i, r := range rs {
		last[key{r.MeetingID, int64(r.Offset / time.Second), r.RecipientID}] = i
	}
	rows := rs
	if len(last) < len(rs) {
		rows = make([]domain.Reminder, 0, len(last))
		for i, r := range rs {
			if last[key{r.MeetingID, int64(r.Offset / time.Second), r.RecipientID}] == i {
				rows = append(rows, r)
			}
		}
	}
	err := s.bulkUpsert(ctx, "reminders", "meeting_id, offset_seconds, recipient_id, due_at, state, created_at, updated_at",
		`ON CONFLICT (meeting_id, offset_seconds, recipient_id) DO UPDATE SET due_at = excluded.due_at,
			state = excluded.state, outbox_id = NULL, updated_at = excluded.updated_at`, len(rows), func(i int) []any {
			r := rows[i]
			return []any{r.MeetingID, int64(r.Offset / time.Second), r.RecipientID, utc(r.DueAt), string(r.State), utc(r.UpdatedAt), utc(r.UpdatedAt)}
		})
	if err != nil {
		return fmt.Errorf("storage: upsert %d reminders: %w", len(rows), err)
	}
	return nil
}

// SetMeetingReminders moves a meeting's reminders from some states to another.
func (s *Store) SetMeetingReminders(ctx context.Context, meetingID int64, from []domain.ReminderState, to domain.ReminderState, at time.Time) (int64, error) {
	q, args, err := sqlx.In(`UPDATE reminders SET state = ?, updated_at = ? WHERE meeting_id = ? AND state IN (?)`,
		string(to), utc(at), meetingID, from)
	if err != nil {
		return 0, fmt.Errorf("storage: reminders of meeting %d: %w", meetingID, err)
	}
	res, err := s.exec(ctx, q, args...)
	if err != nil {
		return 0, fmt.Errorf("storage: reminders of meeting %d: %w", meetingID, err)
	}
	return res.RowsAffected()
}

// RemindersOfMeeting lists a meeting's reminder rows.
func (s *Store) RemindersOfMeeting(ctx context.Context, meetingID int64) ([]domain.Reminder, error) {
	var rows []reminderRow
	if err := s.sel(ctx, &rows, `SELECT `+reminderColumns+` FROM reminders WHERE meeting_id = ?
		ORDER BY offset_seconds DESC, recipient_id`, meetingID); err != nil {
		return nil, fmt.Errorf("storage: reminders of meeting %d: %w", meetingID, err)
	}
	return toReminders(rows), nil
}

// missOverdueRemindersSQL looks at due rows only (reminders_due) and, for
// each, its own meeting by primary key, so its cost follows the due rows,
// not the size of the meetings table. The meeting test is a scalar
// subquery on purpose: PostgreSQL turns an IN or EXISTS into a hash join
// that reads every meeting once a few hundred rows are due.
const missOverdueRemindersSQL = `UPDATE reminders SET state = 'missed', updated_at = ?
	WHERE state = 'pending' AND due_at <= ? AND (
		(SELECT m.scheduled_at <= ? OR m.status <> 'scheduled' FROM meetings m WHERE m.id = reminders.meeting_id)
		OR EXISTS (SELECT 1 FROM reminders r2 WHERE r2.meeting_id = reminders.meeting_id
			AND r2.recipient_id = reminders.recipient_id AND r2.offset_seconds < reminders.offset_seconds
			AND r2.due_at <= ? AND r2.state IN ('pending', 'queued')))`

// MissOverdueReminders marks missed the due rows that must not go out.
func (s *Store) MissOverdueReminders(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.exec(ctx, missOverdueRemindersSQL, utc(now), utc(now), utc(now), utc(now))
	if err != nil {
		return 0, fmt.Errorf("storage: miss overdue reminders: %w", err)
	}
	return res.RowsAffected()
}

// claimRemindersSQL reads due rows in order from reminders_due (state,
// due_at); the dialect adds its row locks.
const claimRemindersSQL = `SELECT ` + reminderColumns + ` FROM reminders WHERE state = 'pending' AND due_at <= ?
	ORDER BY due_at, id LIMIT ?`

// ClaimDueReminders locks due pending rows for the transaction.
func (s *Store) ClaimDueReminders(ctx context.Context, now time.Time, limit int) ([]domain.Reminder, error) {
	var rows []reminderRow
	if err := s.sel(ctx, &rows, claimRemindersSQL+s.dialect.skipLocked(), utc(now), limit); err != nil {
		return nil, fmt.Errorf("storage: claim reminders: %w", err)
	}
	return toReminders(rows), nil
}

// MarkRemindersQueued records the outbox message made for each reminder,
// batchRows reminders a statement (outbox_id picked by a CASE on id).
func (s *Store) MarkRemindersQueued(ctx context.Context, qs []domain.QueuedReminder, at time.Time) error {
	for start := 0; start < len(qs); start += batchRows {
		chunk := qs[start:min(start+batchRows, len(qs))]
		var b strings.Builder
		args := make([]any, 0, 3*len(chunk)+1)
		b.WriteString(`UPDATE reminders SET state = 'queued', updated_at = ?, outbox_id = CASE id`)
		args = append(args, utc(at))
		for _, q := range chunk {
			b.WriteString(` WHEN ? THEN CAST(? AS BIGINT)`)
			args = append(args, q.ReminderID, q.OutboxID)
		}
		b.WriteString(` END WHERE state = 'pending' AND id IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ") + `)`)
		for _, q := range chunk {
			args = append(args, q.ReminderID)
		}
		res, err := s.exec(ctx, b.String(), args...)
		if err != nil {
			return fmt.Errorf("storage: queue %d reminders: %w", len(chunk), err)
		}
		if n, err := res.RowsAffected(); err != nil || n != int64(len(chunk)) {
			return fmt.Errorf("storage: queue %d reminders: %d were pending (%v): %w", len(chunk), n, err, domain.ErrNotFound)
		}
	}
	return nil
}

// MarkReminderMissed gives up a reminder that can no longer go out.
func (s *Store) MarkReminderMissed(ctx context.Context, id int64, at time.Time) error {
	if _, err := s.exec(ctx, `UPDATE reminders SET state = 'missed', updated_at = ? WHERE id = ? AND state = 'pending'`, utc(at), id); err != nil {
		return fmt.Errorf("storage: miss reminder %d: %w", id, err)
	}
	return nil
}

// Outbox.

type outboxRow struct {
	ID            int64      `db:"id"`
	Kind          string     `db:"kind"`
	RecipientID   *int64     `db:"recipient_id"`
	To            string     `db:"to_address"`
	ToName        string     `db:"to_name"`
	Subject       string     `db:"subject"`
	Text          string     `db:"body_text"`
	ICS           string     `db:"ics"`
	ICSMethod     string     `db:"ics_method"`
	MessageID     string     `db:"message_id"`
	MeetingID     *int64     `db:"meeting_id"`
	NotAfter      *time.Time `db:"not_after"`
	State         string     `db:"state"`
	Attempts      int        `db:"attempts"`
	NextAttemptAt time.Time  `db:"next_attempt_at"`
	LeaseUntil    *time.Time `db:"lease_until"`
	ClaimToken    string     `db:"claim_token"`
	LastError     string     `db:"last_error"`
	CreatedAt     time.Time  `db:"created_at"`
	SentAt        *time.Time `db:"sent_at"`
}

func utcOrNil(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := t.UTC()
	return &v
}

func (r outboxRow) toDomain() domain.OutboxMessage {
	return domain.OutboxMessage{ID: r.ID, Kind: domain.OutboxKind(r.Kind), RecipientID: r.RecipientID, To: r.To, ToName: r.ToName,
		Subject: r.Subject, Text: r.Text, ICS: r.ICS, ICSMethod: r.ICSMethod, MessageID: r.MessageID, MeetingID: r.MeetingID,
		NotAfter: utcOrNil(r.NotAfter), State: domain.OutboxState(r.State), Attempts: r.Attempts, NextAttemptAt: r.NextAttemptAt.UTC(),
		LeaseUntil: utcOrNil(r.LeaseUntil), ClaimToken: r.ClaimToken, LastError: r.LastError, CreatedAt: r.CreatedAt.UTC(),
		SentAt: utcOrNil(r.SentAt)}
}

const outboxColumns = `id, kind, recipient_id, to_address, to_name, subject, body_text, ics, ics_method, message_id,
	meeting_id, not_after, state, attempts, next_attempt_at, lease_until, claim_token, last_error, created_at, sent_at`

func toOutbox(rows []outboxRow) []domain.OutboxMessage {
	out := make([]domain.OutboxMessage, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out
}

// EnqueueMail inserts an outbox message and sets its id; a second message
// with the same Message-ID is a conflict.
func (s *Store) EnqueueMail(ctx context.Context, m *domain.OutboxMessage) error {
	id, err := s.insert(ctx, `INSERT INTO outbox (kind, recipient_id, to_address, to_name, subject, body_text, ics, ics_method,
		message_id, meeting_id, not_after, state, attempts, next_attempt_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING id`,
		string(m.Kind), m.RecipientID, m.To, m.ToName, m.Subject, m.Text, m.ICS, m.ICSMethod, m.MessageID, m.MeetingID,
		utcPtr(m.NotAfter), string(m.State), utc(m.NextAttemptAt), utc(m.CreatedAt))
	if err != nil {
		return fmt.Errorf("storage: enqueue %s: %w", m.MessageID, err)
	}
	m.ID = id
	return nil
}

// EnqueueMails inserts outbox messages, batchRows a statement, and sets
// their ids (read back by Message-ID, which is unique).
func (s *Store) EnqueueMails(ctx context.Context, ms []*domain.OutboxMessage) error {
	const cols = `kind, recipient_id, to_address, to_name, subject, body_text, ics, ics_method,
		message_id, meeting_id, not_after, state, attempts, next_attempt_at, created_at`
	byID := make(map[string]*domain.OutboxMessage, len(ms))
	for _, m := range ms {
		byID[m.MessageID] = m
	}
	for start := 0; start < len(ms); start += batchRows {
		q, args := batchInsert("outbox", cols, start, min(start+batchRows, len(ms)), func(i int) []any {
			m := ms[i]
			return []any{string(m.Kind), m.RecipientID, m.To, m.ToName, m.Subject, m.Text, m.ICS, m.ICSMethod, m.MessageID,
				m.MeetingID, utcPtr(m.NotAfter), string(m.State), 0, utc(m.NextAttemptAt), utc(m.CreatedAt)}
		})
		var rows []struct {
			ID        int64  `db:"id"`
			MessageID string `db:"message_id"`
		}
		if err := s.sel(ctx, &rows, q+` RETURNING id, message_id`, args...); err != nil {
			return fmt.Errorf("storage: enqueue %d messages: %w", len(ms), constraintError(err))
		}
		for _, r := range rows {
			if m := byID[r.MessageID]; m != nil {
				m.ID = r.ID
			}
		}
	}
	return nil
}

// claimOutboxSQL leases due rows (outbox_due: state, next_attempt_at).
func (d dialect) claimOutboxSQL() string {
	return `UPDATE outbox SET state = 'sending', lease_until = ?, claim_token = ?, attempts = attempts + 1
	WHERE id IN (SELECT id FROM outbox WHERE (state = 'queued' AND next_attempt_at <= ?) OR (state = 'sending' AND lease_until <= ?)
		ORDER BY next_attempt_at, id LIMIT ?` + d.skipLocked() + `)`
}

// ClaimOutbox leases due rows to the token.
func (s *Store) ClaimOutbox(ctx context.Context, now, leaseUntil time.Time, token string, limit int) ([]domain.OutboxMessage, error) {
	if _, err := s.exec(ctx, s.dialect.claimOutboxSQL(), utc(leaseUntil), token, utc(now), utc(now), limit); err != nil {
		return nil, fmt.Errorf("storage: claim outbox: %w", err)
	}
	var rows []outboxRow
	if err := s.sel(ctx, &rows, `SELECT `+outboxColumns+` FROM outbox WHERE claim_token = ? AND state = 'sending' ORDER BY next_attempt_at, id`, token); err != nil {
		return nil, fmt.Errorf("storage: claim outbox: %w", err)
	}
	return toOutbox(rows), nil
}

// ExpireOutbox gives up queued messages (or ones whose lease ran out) that
// may no longer go out.
func (s *Store) ExpireOutbox(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.exec(ctx, `UPDATE outbox SET state = 'expired', lease_until = NULL, claim_token = '',
		last_error = 'its meeting had begun before it could be sent'
		WHERE not_after IS NOT NULL AND not_after <= ? AND (state = 'queued' OR (state = 'sending' AND lease_until <= ?))`,
		utc(now), utc(now))
	if err != nil {
		return 0, fmt.Errorf("storage: expire outbox: %w", err)
	}
	return res.RowsAffected()
}

// FinishOutbox records a claimed row's outcome, if the claim still holds.
func (s *Store) FinishOutbox(ctx context.Context, id int64, token string, r domain.OutboxResult) error {
	q := `UPDATE outbox SET state = ?, next_attempt_at = ?, last_error = ?, sent_at = ?, lease_until = NULL, claim_token = ''`
	args := []any{string(r.State), utc(r.NextAttemptAt), r.LastError, utcPtr(r.SentAt)}
	if r.Attempts != nil {
		q += `, attempts = ?`
		args = append(args, *r.Attempts)
	}
	q += ` WHERE id = ? AND claim_token = ? AND state = 'sending'`
	res, err := s.exec(ctx, q, append(args, id, token)...)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("storage: finish outbox %d: %w", id, err)
	}
	return nil
}

// CancelMeetingOutbox cancels a meeting's queued messages of one kind.
func (s *Store) CancelMeetingOutbox(ctx context.Context, meetingID int64, kind domain.OutboxKind, at time.Time) (int64, error) {
	res, err := s.exec(ctx, `UPDATE outbox SET state = 'cancelled', last_error = 'the meeting changed before it was sent'
		WHERE meeting_id = ? AND kind = ? AND state = 'queued'`, meetingID, string(kind))
	if err != nil {
		return 0, fmt.Errorf("storage: cancel messages of meeting %d: %w", meetingID, err)
	}
	return res.RowsAffected()
}

// OutboxByID reads one outbox message.
func (s *Store) OutboxByID(ctx context.Context, id int64) (domain.OutboxMessage, error) {
	var r outboxRow
	if err := s.get(ctx, &r, `SELECT `+outboxColumns+` FROM outbox WHERE id = ?`, id); err != nil {
		return domain.OutboxMessage{}, fmt.Errorf("storage: outbox %d: %w", id, err)
	}
	return r.toDomain(), nil
}

// ListOutbox lists messages, newest first.
func (s *Store) ListOutbox(ctx context.Context, f domain.OutboxFilter) ([]domain.OutboxMessage, error) {
	var where []string
	var args []any
	if f.State != "" {
		where = append(where, `state = ?`)
		args = append(args, string(f.State))
	}
	if f.After > 0 {
		where = append(where, `id < ?`)
		args = append(args, f.After)
	}
	q := `SELECT ` + outboxColumns + ` FROM outbox`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	var rows []outboxRow
	if err := s.sel(ctx, &rows, q+` ORDER BY id DESC LIMIT ?`, append(args, f.Limit)...); err != nil {
		return nil, fmt.Errorf("storage: list outbox: %w", err)
	}
	return toOutbox(rows), nil
}

// RequeueOutbox queues a dead or undelivered message again.
func (s *Store) RequeueOutbox(ctx context.Context, id int64, now time.Time) error {
	res, err := s.exec(ctx, `UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = ?, lease_until = NULL, claim_token = ''
		WHERE id = ? AND state IN ('dead', 'not_delivered')`, utc(now), id)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("storage: requeue outbox %d: %w", id, err)
	}
	return nil
}

// Notifications.

type notificationRow struct {
	ID          int64      `db:"id"`
	RecipientID int64      `db:"recipient_id"`
	Kind        string     `db:"kind"`
	Subject     string     `db:"subject"`
	Body        string     `db:"body"`
	Link        string     `db:"link"`
	CreatedAt   time.Time  `db:"created_at"`
	ReadAt      *time.Time `db:"read_at"`
}

// InsertNotification stores an in-app notification and sets its id.
func (s *Store) InsertNotification(ctx context.Context, n *domain.Notification) error {
	id, err := s.insert(ctx, `INSERT INTO notifications (recipient_id, kind, subject, body, link, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, n.RecipientID, n.Kind, n.Subject, n.Body, n.Link, utc(n.CreatedAt))
	if err != nil {
		return fmt.Errorf("storage: insert notification: %w", err)
	}
	n.ID = id
	return nil
}

// InsertNotifications stores in-app notifications, batchRows a statement,
// and sets their ids (RETURNING gives them in the rows' order on both
// stores: one statement, one sequence, rows inserted in order).
func (s *Store) InsertNotifications(ctx context.Context, ns []*domain.Notification) error {
	err := s.insertBatchReturning(ctx, "notifications", "recipient_id, kind, subject, body, link, created_at", len(ns),
		func(i int) []any {
			n := ns[i]
			return []any{n.RecipientID, n.Kind, n.Subject, n.Body, n.Link, utc(n.CreatedAt)}
		}, func(i int, id int64) { ns[i].ID = id })
	if err != nil {
		return fmt.Errorf("storage: insert %d notifications: %w", len(ns), err)
	}
	return nil
}

// ListNotifications lists a person's notifications, newest first.
func (s *Store) ListNotifications(ctx context.Context, recipientID int64, limit int, before int64) ([]domain.Notification, error) {
	q := `SELECT id, recipient_id, kind, subject, body, link, created_at, read_at FROM notifications WHERE recipient_id = ?`
	args := []any{recipientID}
	if before > 0 {
		q += ` AND id < ?`
		args = append(args, before)
	}
	var rows []notificationRow
	if err := s.sel(ctx, &rows, q+` ORDER BY id DESC LIMIT ?`, append(args, limit)...); err != nil {
		return nil, fmt.Errorf("storage: list notifications: %w", err)
	}
	out := make([]domain.Notification, len(rows))
	for i, r := range rows {
		out[i] = domain.Notification{ID: r.ID, RecipientID: r.RecipientID, Kind: r.Kind, Subject: r.Subject, Body: r.Body,
			Link: r.Link, CreatedAt: r.CreatedAt.UTC(), ReadAt: utcOrNil(r.ReadAt)}
	}
	return out, nil
}

// MarkNotificationRead marks one of the person's notifications read
// (ErrNotFound when it is not theirs).
func (s *Store) MarkNotificationRead(ctx context.Context, recipientID, id int64, at time.Time) error {
	var one int
	if err := s.get(ctx, &one, `SELECT 1 FROM notifications WHERE id = ? AND recipient_id = ?`, id, recipientID); err != nil {
		return fmt.Errorf("storage: notification %d: %w", id, err)
	}
	if _, err := s.exec(ctx, `UPDATE notifications SET read_at = ? WHERE id = ? AND read_at IS NULL`, utc(at), id); err != nil {
		return fmt.Errorf("storage: notification %d: %w", id, err)
	}
	return nil
}

// MarkAllNotificationsRead marks every unread notification of a person read.
func (s *Store) MarkAllNotificationsRead(ctx context.Context, recipientID int64, at time.Time) (int64, error) {
	res, err := s.exec(ctx, `UPDATE notifications SET read_at = ? WHERE recipient_id = ? AND read_at IS NULL`, utc(at), recipientID)
	if err != nil {
		return 0, fmt.Errorf("storage: read notifications: %w", err)
	}
	return res.RowsAffected()
}

// CountUnreadNotifications counts a person's unread notifications (a
// partial index holds exactly those).
func (s *Store) CountUnreadNotifications(ctx context.Context, recipientID int64) (int, error) {
	var n int
	if err := s.get(ctx, &n, `SELECT count(*) FROM notifications WHERE recipient_id = ? AND read_at IS NULL`, recipientID); err != nil {
		return 0, fmt.Errorf("storage: count notifications: %w", err)
	}
	return n, nil
}

// Flags.

// pairingHealthSQL finds each pairing's last completed check-in through
// meetings_pairing_status_time.
const pairingHealthSQL = `SELECT p.id, p.programme_id, p.started_on, p.checkin_cadence_days,
	(SELECT max(m.scheduled_at) FROM meetings m WHERE m.pairing_id = p.id AND m.status = 'completed') AS last_completed_at
	FROM pairings p WHERE p.status = 'active' ORDER BY p.id`

// ActivePairingHealth gathers every active pairing with its last completed
// check-in, in one query.
func (s *Store) ActivePairingHealth(ctx context.Context) ([]domain.PairingHealth, error) {
	var rows []struct {
		ID          int64   `db:"id"`
		ProgrammeID int64   `db:"programme_id"`
		StartedOn   sqlDate `db:"started_on"`
		Cadence     int     `db:"checkin_cadence_days"`
		Last        sqlTime `db:"last_completed_at"`
	}
	if err := s.sel(ctx, &rows, pairingHealthSQL); err != nil {
		return nil, fmt.Errorf("storage: pairing health: %w", err)
	}
	out := make([]domain.PairingHealth, len(rows))
	for i, r := range rows {
		out[i] = domain.PairingHealth{ID: r.ID, ProgrammeID: r.ProgrammeID, StartedOn: r.StartedOn.Date, CadenceDays: r.Cadence, LastCompletedAt: r.Last.T}
	}
	return out, nil
}

// engagementHealthSQL counts each engagement's completed sessions through
// meetings_engagement_status_time.
const engagementHealthSQL = `SELECT e.id, e.programme_id, e.starts_on, e.ends_on, e.planned_sessions,
	(SELECT count(*) FROM meetings m WHERE m.engagement_id = e.id AND m.status = 'completed') AS completed_sessions
	FROM engagements e WHERE e.status = 'active' ORDER BY e.id`

// ActiveEngagementHealth gathers every active engagement with its count of
// completed sessions, in one query.
func (s *Store) ActiveEngagementHealth(ctx context.Context) ([]domain.EngagementHealth, error) {
	var rows []struct {
		ID          int64   `db:"id"`
		ProgrammeID int64   `db:"programme_id"`
		StartsOn    sqlDate `db:"starts_on"`
		EndsOn      sqlDate `db:"ends_on"`
		Planned     int     `db:"planned_sessions"`
		Completed   int     `db:"completed_sessions"`
	}
	if err := s.sel(ctx, &rows, engagementHealthSQL); err != nil {
		return nil, fmt.Errorf("storage: engagement health: %w", err)
	}
	out := make([]domain.EngagementHealth, len(rows))
	for i, r := range rows {
		out[i] = domain.EngagementHealth{ID: r.ID, ProgrammeID: r.ProgrammeID, StartsOn: r.StartsOn.Date, EndsOn: r.EndsOn.Date,
			PlannedSessions: r.Planned, CompletedSessions: r.Completed}
	}
	return out, nil
}

type flagRow struct {
	ID          int64      `db:"id"`
	Kind        string     `db:"kind"`
	SubjectType string     `db:"subject_type"`
	SubjectID   int64      `db:"subject_id"`
	ProgrammeID int64      `db:"programme_id"`
	Detail      string     `db:"detail"`
	RaisedAt    time.Time  `db:"raised_at"`
	ClearedAt   *time.Time `db:"cleared_at"`
	Snoozed     sqlDate    `db:"snoozed_until"`
	ResolvedAt  sqlTime    `db:"resolved_at"`
}

const flagColumns = `id, kind, subject_type, subject_id, programme_id, detail, raised_at, cleared_at, snoozed_until, resolved_at`

// OpenFlags lists the open flags, newest first.
func (s *Store) OpenFlags(ctx context.Context) ([]domain.Flag, error) {
	var rows []flagRow
	if err := s.sel(ctx, &rows, `SELECT `+flagColumns+`
		FROM flags WHERE cleared_at IS NULL ORDER BY raised_at DESC, id DESC`); err != nil {
		return nil, fmt.Errorf("storage: open flags: %w", err)
	}
	return toFlags(rows), nil
}

// OpenFlagsPage lists at most limit open flags, newest first, after the
// flag with id after: its (raised_at, id) is the cursor, looked up open or
// cleared, so a flag resolved between two pages still marks the place.
func (s *Store) OpenFlagsPage(ctx context.Context, limit int, after int64, today domain.Date) ([]domain.Flag, error) {
	q := `SELECT ` + flagColumns + ` FROM flags WHERE cleared_at IS NULL AND resolved_at IS NULL
		AND (snoozed_until IS NULL OR snoozed_until <= ?)`
	args := []any{dateArg(today)}
	if after > 0 {
		q += ` AND (raised_at, id) < (SELECT f2.raised_at, f2.id FROM flags f2 WHERE f2.id = ?)`
		args = append(args, after)
	}
	var rows []flagRow
	if err := s.sel(ctx, &rows, q+` ORDER BY raised_at DESC, id DESC LIMIT ?`, append(args, limit)...); err != nil {
		return nil, fmt.Errorf("storage: open flags: %w", err)
	}
	return toFlags(rows), nil
}

func toFlags(rows []flagRow) []domain.Flag {
	out := make([]domain.Flag, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out
}

func (r flagRow) toDomain() domain.Flag {
	f := domain.Flag{ID: r.ID, Kind: domain.FlagKind(r.Kind), SubjectType: r.SubjectType, SubjectID: r.SubjectID,
		ProgrammeID: r.ProgrammeID, Detail: r.Detail, RaisedAt: r.RaisedAt.UTC(), ClearedAt: utcOrNil(r.ClearedAt), ResolvedAt: r.ResolvedAt.T}
	if !r.Snoozed.IsZero() {
		d := r.Snoozed.Date
		f.SnoozedUntil = &d
	}
	return f
}

// RaiseFlag opens a flag unless the same one is already open.
func (s *Store) RaiseFlag(ctx context.Context, f *domain.Flag) (bool, error) {
	var ids []int64
	if err := s.sel(ctx, &ids, `INSERT INTO flags (kind, subject_type, subject_id, programme_id, detail, raised_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (kind, subject_type, subject_id) WHERE cleared_at IS NULL DO NOTHING RETURNING id`,
		string(f.Kind), f.SubjectType, f.SubjectID, f.ProgrammeID, f.Detail, utc(f.RaisedAt)); err != nil {
		return false, fmt.Errorf("storage: raise flag: %w", err)
	}
	if len(ids) == 0 {
		return false, nil
	}
	f.ID = ids[0]
	return true, nil
}

// ClearFlag closes an open flag.
func (s *Store) ClearFlag(ctx context.Context, id int64, at time.Time) (bool, error) {
	res, err := s.exec(ctx, `UPDATE flags SET cleared_at = ? WHERE id = ? AND cleared_at IS NULL`, utc(at), id)
	if err != nil {
		return false, fmt.Errorf("storage: clear flag %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// ActiveAdmins lists the active admins.
func (s *Store) ActiveAdmins(ctx context.Context) ([]domain.Person, error) {
	var rows []personRow
	if err := s.sel(ctx, &rows, `SELECT `+personColumns+` FROM people WHERE role = 'admin' AND active = ? ORDER BY id`, true); err != nil {
		return nil, fmt.Errorf("storage: admins: %w", err)
	}
	out := make([]domain.Person, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// LastDigestAt is when the admin's last flag digest was queued.
func (s *Store) LastDigestAt(ctx context.Context, adminID int64) (*time.Time, error) {
	var t sqlTime
	if err := s.get(ctx, &t, `SELECT max(queued_at) FROM flag_digests WHERE admin_id = ?`, adminID); err != nil {
		return nil, fmt.Errorf("storage: last digest of %d: %w", adminID, err)
	}
	return t.T, nil
}

// RecordDigest claims the admin's digest of a date.
func (s *Store) RecordDigest(ctx context.Context, adminID int64, date domain.Date, at time.Time) (bool, error) {
	res, err := s.exec(ctx, `INSERT INTO flag_digests (admin_id, digest_date, queued_at) VALUES (?, ?, ?)
		ON CONFLICT (admin_id, digest_date) DO NOTHING`, adminID, dateArg(date), utc(at))
	if err != nil {
		return false, fmt.Errorf("storage: digest of %d: %w", adminID, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// SetDigestOutbox links a digest to its message.
func (s *Store) SetDigestOutbox(ctx context.Context, adminID int64, date domain.Date, outboxID int64) error {
	if _, err := s.exec(ctx, `UPDATE flag_digests SET outbox_id = ? WHERE admin_id = ? AND digest_date = ?`,
		outboxID, adminID, dateArg(date)); err != nil {
		return fmt.Errorf("storage: digest of %d: %w", adminID, err)
	}
	return nil
}

// ReclaimReminders vacuums the reminders on PostgreSQL, outside any
// transaction; SQLite drops a changed row's old index entries as it writes.
// A vacuum another is already running on the table is skipped, not waited
// for.
func (s *Store) ReclaimReminders(ctx context.Context) error { return s.reclaim(ctx, "reminders") }

// ReclaimOutbox is ReclaimReminders for the outbox.
func (s *Store) ReclaimOutbox(ctx context.Context) error { return s.reclaim(ctx, "outbox") }

func (s *Store) reclaim(ctx context.Context, table string) error {
	if s.dialect.name != "postgres" {
		return nil
	}
	if _, err := s.exec(ctx, `VACUUM (SKIP_LOCKED) `+table); err != nil {
		return fmt.Errorf("storage: reclaim %s: %w", table, err)
	}
	return nil
}
