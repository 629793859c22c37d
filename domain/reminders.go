package domain

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
)

// PlanReminders is the meeting hook that keeps reminder rows in step with
// a formal meeting, inside the meeting's own transaction: a new scheduled
// meeting gets one row per (offset, participant) whose moment is still
// ahead; a moved one has its rows moved (and any reminder already queued
// for the old time withdrawn); a cancelled one has its rows cancelled and a
// cancellation notice queued instead; a completed one (or a no-show)
// drops the rows not yet sent. Informal check-ins get no reminders.
func (s *Service) PlanReminders(ctx context.Context, tx Ports, before *Meeting, after Meeting) error {
	if s.notify == nil || after.Format != FormatFormal {
		return nil
	}
	now := s.clock.Now()
	wasScheduled := before != nil && before.Status == StatusScheduled
	moved := before != nil && !before.ScheduledAt.Equal(after.ScheduledAt)
	switch {
	case after.Status == StatusScheduled && (before == nil || moved):
		if moved {
			if _, err := tx.Outbox.CancelMeetingOutbox(ctx, after.ID, OutboxReminder, now); err != nil {
				return fmt.Errorf("withdraw reminders of meeting %d: %w", after.ID, err)
			}
		}
		if err := tx.Reminders.UpsertReminders(ctx, s.reminderRows(after, moved, now)); err != nil {
			return fmt.Errorf("plan reminders of meeting %d: %w", after.ID, err)
		}
	case wasScheduled && after.Status != StatusScheduled:
		if _, err := tx.Reminders.SetMeetingReminders(ctx, after.ID, []ReminderState{ReminderPending}, ReminderCancelled, now); err != nil {
			return fmt.Errorf("cancel reminders of meeting %d: %w", after.ID, err)
		}
		if _, err := tx.Outbox.CancelMeetingOutbox(ctx, after.ID, OutboxReminder, now); err != nil {
			return fmt.Errorf("withdraw reminders of meeting %d: %w", after.ID, err)
		}
		if after.Status == StatusCancelled {
			return s.queueCancellation(ctx, tx, after, now)
		}
	}
	return nil
}

// reminderRows are a scheduled meeting's reminder rows, one per (offset,
// participant), pending while their moment is ahead. One already past is
// left out for a new meeting and kept as missed for a moved one, so the
// old row cannot fire for the new time.
func (s *Service) reminderRows(m Meeting, moved bool, now time.Time) []Reminder {
	var rows []Reminder
	for _, off := range s.cfg.ReminderOffsets {
		due := m.ScheduledAt.Add(-off)
		state := ReminderPending
		if !due.After(now) {
			if !moved {
				continue
			}
			state = ReminderMissed
		}
		for _, who := range []int64{m.LeaderID, m.LearnerID} {
			rows = append(rows, Reminder{MeetingID: m.ID, Offset: off, RecipientID: who, DueAt: due, State: state, UpdatedAt: now})
		}
	}
	return rows
}

// queueCancellation sends each participant a notice with METHOD:CANCEL,
// so the event leaves their calendar.
func (s *Service) queueCancellation(ctx context.Context, tx Ports, m Meeting, now time.Time) error {
	people := map[int64]Person{}
	for _, id := range []int64{m.LeaderID, m.LearnerID} {
		p, err := tx.People.PersonByID(ctx, id)
		if err != nil {
			return fmt.Errorf("cancellation of meeting %d: %w", m.ID, err)
		}
		people[id] = p
	}
	uids, err := s.uids(ctx, tx)
	if err != nil {
		return err
	}
	for _, id := range []int64{m.LeaderID, m.LearnerID} {
		to, other := people[id], people[m.OtherParticipant(id)]
		if !to.Active {
			continue
		}
		w := s.wordsFor(to)
		invite := s.buildInvite(w, uids.MeetingUID(m.ID), m, ics.MethodCancel, people[m.LeaderID], people[m.LearnerID], now)
		if m.SeriesID != nil {
			if invite, err = s.seriesInvite(ctx, tx, w, m, ics.MethodCancel, people[m.LeaderID], people[m.LearnerID], now); err != nil {
				return err
			}
		}
		loc := to.Location()
		session := m.Kind == MeetingSession
		when := w.whenZoned(m.ScheduledAt, loc)
		subject := w.T("mail.cancel.subject", "Session", session, "Name", other.Name, "When", when)
		var b strings.Builder
		b.WriteString(w.T("mail.greeting", "Name", to.Name) + "\n\n")
		b.WriteString(w.T("mail.cancel.intro", "Session", session, "Name", other.Name) + "\n\n")
		b.WriteString(w.T("mail.cancel.planned", "When", when+w.otherClockNote(m.ScheduledAt, to, other)) + "\n")
		if m.Location != "" {
			b.WriteString(w.T("mail.where", "Where", m.Location) + "\n")
		}
		b.WriteString("\n" + w.T("mail.details", "Link", s.meetingLink(m)) + "\n\n" + w.T("mail.cancel.invite") + "\n\n" + w.T("mail.signature") + "\n")
		msg := OutboxMessage{Kind: OutboxCancellation, RecipientID: &to.ID, To: to.Email, ToName: to.Name,
			Subject: subject, Text: b.String(), ICS: invite, ICSMethod: string(ics.MethodCancel),
			MessageID: fmt.Sprintf("cancel-%d.%d.%d@%s", m.ID, m.Sequence, to.ID, s.notify.host), MeetingID: &m.ID,
			State: OutboxQueued, NextAttemptAt: now, CreatedAt: now}
		if err := tx.Outbox.EnqueueMail(ctx, &msg); err != nil {
			return fmt.Errorf("cancellation of meeting %d: %w", m.ID, err)
		}
		// The email goes to both (it carries the calendar update that
		// takes the event out of each calendar); the in-app notice only to
		// those who did not cancel it themselves.
		if to.ID == actingPerson(ctx) {
			continue
		}
		note := cancellationNotice(w, m, to, other, actingPerson(ctx))
		note.CreatedAt = now
		if err := tx.Notifications.InsertNotification(ctx, &note); err != nil {
			return fmt.Errorf("cancellation of meeting %d: %w", m.ID, err)
		}
	}
	return nil
}

// ReminderRun says what one reminder sweep did.
type ReminderRun struct {
	Queued int `json:"queued"`
	Missed int `json:"missed"`
}

const reminderBatch = 100

// QueueDueReminders turns due reminder rows into outbox messages and
// in-app notifications, each batch in one transaction. Rows are locked
// with SKIP LOCKED on PostgreSQL, so several instances share the work; a
// row whose meeting has begun is marked missed instead.
func (s *Service) QueueDueReminders(ctx context.Context) (ReminderRun, error) {
	var run ReminderRun
	if err := s.requireNotifications(); err != nil {
		return run, err
	}
	now := s.clock.Now()
	err := s.inTx(ctx, func(tx Ports) error {
		n, err := tx.Reminders.MissOverdueReminders(ctx, now)
		run.Missed += int(n)
		return err
	})
	if err != nil {
		return run, fmt.Errorf("reminder sweep: %w", err)
	}
	for ctx.Err() == nil {
		var claimed int
		err := s.inTx(ctx, func(tx Ports) error {
			rs, err := tx.Reminders.ClaimDueReminders(ctx, now, reminderBatch)
			if err != nil {
				return err
			}
			claimed = len(rs)
			queued, missed, err := s.queueReminders(ctx, tx, rs, now)
			if err != nil {
				return err
			}
			run.Queued += queued
			run.Missed += missed
			return nil
		})
		if err != nil {
			return run, fmt.Errorf("reminder sweep: %w", err)
		}
		if claimed < reminderBatch {
			break
		}
	}
	n, err := s.queueActionReminders(ctx, now)
	run.Queued += n
	if err != nil {
		return run, fmt.Errorf("reminder sweep: %w", err)
	}
	n, err = s.queueFeedbackAsks(ctx, now)
	run.Queued += n
	if err != nil {
		return run, fmt.Errorf("reminder sweep: %w", err)
	}
	if run.Queued+run.Missed >= reclaimAfter && ctx.Err() == nil {
		if err := s.store.Reminders.ReclaimReminders(ctx); err != nil {
			return run, fmt.Errorf("reminder sweep: %w", err)
		}
	}
	return run, ctx.Err()
}

// reclaimAfter is how many rows a sweep changes before it asks the
// database to reclaim their old versions (ReclaimReminders): on PostgreSQL
// each changed row leaves an index entry every later sweep reads until a
// vacuum, and autovacuum may be a minute away; a thousand entries cost a
// sweep with nothing due about a millisecond.
const reclaimAfter = 1000

// QueuedReminder pairs a reminder with the outbox message made for it.
type QueuedReminder struct{ ReminderID, OutboxID int64 }

// queueReminders composes each claimed reminder's mail, answer links and
// notification, then writes them batch by batch: one statement for the
// links, one for the messages, one for the notifications, one marking the
// reminders queued, whatever the batch's size.
func (s *Service) queueReminders(ctx context.Context, tx Ports, rs []Reminder, now time.Time) (queued, missed int, err error) {
	uids, err := s.uids(ctx, tx)
	if err != nil {
		return 0, 0, err
	}
	// The batch's meetings, then everyone they involve, in one read each
	// (a read per reminder was most of queueing's time on PostgreSQL).
	meetingIDs := make([]int64, len(rs))
	for i, r := range rs {
		meetingIDs[i] = r.MeetingID
	}
	meetings, err := tx.Meetings.MeetingsByIDs(ctx, meetingIDs)
	if err != nil {
		return 0, 0, err
	}
	personIDs := make([]int64, 0, 3*len(rs))
	for _, r := range rs {
		personIDs = append(personIDs, r.RecipientID)
		if m, ok := meetings[r.MeetingID]; ok {
			personIDs = append(personIDs, m.LeaderID, m.LearnerID)
		}
	}
	people, err := tx.People.PeopleByIDs(ctx, personIDs)
	if err != nil {
		return 0, 0, err
	}
	person := func(id int64) (Person, error) {
		if p, ok := people[id]; ok {
			return p, nil
		}
		return Person{}, fmt.Errorf("person %d: %w", id, ErrNotFound)
	}
	var (
		links []ActionLink
		msgs  []*OutboxMessage
		notes []*Notification
		sent  []Reminder
	)
	for _, r := range rs {
		m, ok := meetings[r.MeetingID]
		if !ok {
			return 0, 0, fmt.Errorf("meeting %d: %w", r.MeetingID, ErrNotFound)
		}
		to, err := person(r.RecipientID)
		if err != nil {
			return 0, 0, err
		}
		if m.Status != StatusScheduled || !m.ScheduledAt.After(now) || !to.Active {
			if err := tx.Reminders.MarkReminderMissed(ctx, r.ID, now); err != nil {
				return 0, 0, err
			}
			missed++
			continue
		}
		leader, err := person(m.LeaderID)
		if err != nil {
			return 0, 0, err
		}
		learner, err := person(m.LearnerID)
		if err != nil {
			return 0, 0, err
		}
		other := leader
		if to.ID == leader.ID {
			other = learner
		}
		urls, ls := s.makeActionLinks(m, to.ID, now)
		links = append(links, ls...)
		msg, note := s.composeReminder(uids.MeetingUID(m.ID), m, r, to, other, leader, learner, now, urls[ActionMet], urls[ActionNotMet])
		if m.SeriesID != nil {
			if msg.ICS, err = s.seriesInvite(ctx, tx, s.wordsFor(to), m, ics.MethodRequest, leader, learner, now); err != nil {
				return 0, 0, err
			}
		}
		note.CreatedAt = now
		msgs, notes, sent = append(msgs, &msg), append(notes, &note), append(sent, r)
	}
	if len(sent) == 0 {
		return 0, missed, nil
	}
	if err := tx.Access.CreateActionLinks(ctx, links); err != nil {
		return 0, 0, err
	}
	if err := tx.Outbox.EnqueueMails(ctx, msgs); err != nil {
		if errors.Is(err, ErrConflict) {
			return 0, 0, fmt.Errorf("a reminder of %d was queued twice: %w", len(msgs), err)
		}
		return 0, 0, err
	}
	if err := tx.Notifications.InsertNotifications(ctx, notes); err != nil {
		return 0, 0, err
	}
	qs := make([]QueuedReminder, len(sent))
	for i, r := range sent {
		qs[i] = QueuedReminder{ReminderID: r.ID, OutboxID: msgs[i].ID}
	}
	if err := tx.Reminders.MarkRemindersQueued(ctx, qs, now); err != nil {
		return 0, 0, err
	}
	return len(sent), missed, nil
}

// composeReminder renders a reminder for one recipient, in their language
// and zone. met and notMet are the recipient's single-use answer links for
// after the meeting.
func (s *Service) composeReminder(uid string, m Meeting, r Reminder, to, other, leader, learner Person, now time.Time, met, notMet string) (OutboxMessage, Notification) {
	w := s.wordsFor(to)
	loc := to.Location()
	session := m.Kind == MeetingSession
	when := w.whenZoned(m.ScheduledAt, loc)
	subject := w.T("mail.reminder.subject", "Session", session, "Name", other.Name, "When", when)
	where := m.Location
	if where == "" {
		where = w.T("mail.reminder.where_unset")
	}
	metLabel, notMetLabel := w.T("mail.reminder.met"), w.T("mail.reminder.not_met")
	width := max(utf8.RuneCountInString(metLabel), utf8.RuneCountInString(notMetLabel)) + 3
	pad := func(label string) string { return label + strings.Repeat(" ", width-utf8.RuneCountInString(label)) }
	var b strings.Builder
	b.WriteString(w.T("mail.greeting", "Name", to.Name) + "\n\n")
	b.WriteString(w.T("mail.reminder.intro", "Session", session, "Name", other.Name, "In", w.duration(r.Offset)) + "\n\n")
	b.WriteString(w.T("mail.reminder.who", "Leader", leader.Name, "Learner", learner.Name) + "\n")
	b.WriteString(w.T("mail.reminder.when", "When", when+w.otherClockNote(m.ScheduledAt, to, other)) + "\n")
	b.WriteString(w.N("mail.reminder.length", m.DurationMinutes) + "\n")
	b.WriteString(w.T("mail.where", "Where", where) + "\n")
	b.WriteString("\n" + w.T("mail.details", "Link", s.meetingLink(m)) + "\n\n" + w.T("mail.reminder.invite") + "\n")
	b.WriteString("\n" + w.T("mail.reminder.answer") + "\n  " + pad(metLabel) + met + "\n  " + pad(notMetLabel) + notMet + "\n\n" + w.T("mail.signature") + "\n")
	msg := OutboxMessage{Kind: OutboxReminder, RecipientID: &to.ID, To: to.Email, ToName: to.Name, Subject: subject,
		Text: b.String(), ICS: s.buildInvite(w, uid, m, ics.MethodRequest, leader, learner, now), ICSMethod: string(ics.MethodRequest),
		MessageID: fmt.Sprintf("reminder-%d.%d@%s", r.ID, r.DueAt.Unix(), s.notify.host), MeetingID: &m.ID,
		NotAfter: &m.ScheduledAt, State: OutboxQueued, NextAttemptAt: now, CreatedAt: now}
	return msg, reminderNotice(w, m, to, other, r.Offset)
}

// buildInvite is the meeting as an iCalendar object: one VEVENT with a UID
// stable per meeting and the meeting's sequence, so calendars update (or,
// with METHOD:CANCEL, remove) the same event.
func (s *Service) buildInvite(w words, uid string, m Meeting, method ics.Method, leader, learner Person, now time.Time) string {
	cal := ics.NewCalendar()
	cal.SetProductId("-//Cairn//Cairn//EN")
	cal.SetMethod(method)
	ev := cal.AddEvent(uid)
	ev.SetDtStampTime(now)
	ev.SetStartAt(m.ScheduledAt)
	ev.SetEndAt(m.EndsAt())
	ev.SetSequence(m.Sequence)
	ev.SetSummary(w.meetingTitle(m.Kind, leader, learner))
	if m.Location != "" {
		ev.SetLocation(m.Location)
	}
	ev.SetURL(s.meetingLink(m))
	addParty(ev, ics.ComponentPropertyOrganizer, leader)
	for _, p := range []Person{leader, learner} {
		addParty(ev, ics.ComponentPropertyAttendee, p, "ROLE="+string(ics.ParticipationRoleReqParticipant))
	}
	if method == ics.MethodCancel {
		ev.SetStatus(ics.ObjectStatusCancelled)
	} else {
		ev.SetStatus(ics.ObjectStatusConfirmed)
	}
	return cal.Serialize()
}

func (s *Service) meetingLink(m Meeting) string {
	return s.notify.cfg.BaseURL + MeetingPath(m.Kind, m.ID)
}

// PlanRemindersForLoaded writes, in the caller's transaction tx, the
// reminder rows of meetings loaded in bulk (cairn seed) rather than made
// through the use cases, as if each had just been created: every formal
// one still scheduled gets a row per offset and participant whose moment
// is ahead. A row that exists takes the new due time (the upsert keys
// them), so planning twice changes nothing. It reports how many of the
// meetings are scheduled and still ahead.
func (s *Service) PlanRemindersForLoaded(ctx context.Context, tx Ports, ms []Meeting) (int, error) {
	now := s.clock.Now()
	upcoming := 0
	var rows []Reminder
	for _, m := range ms {
		if m.Status != StatusScheduled || m.ScheduledAt.Before(now) {
			continue
		}
		upcoming++
		// As PlanReminders does for a new scheduled meeting.
		if s.notify != nil && m.Format == FormatFormal {
			rows = append(rows, s.reminderRows(m, false, now)...)
		}
	}
	if err := tx.Reminders.UpsertReminders(ctx, rows); err != nil {
		return 0, fmt.Errorf("plan reminders of %d loaded meetings: %w", upcoming, err)
	}
	return upcoming, nil
}
