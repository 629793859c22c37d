package domain

import (
	"context"
	"fmt"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
)

// Action item reminders: on its due date (in the owner's zone) the owner
// of an open item gets one email through the outbox and one in-app
// notification. The item's reminded_at is claimed by a conditional write
// in the same transaction as the two messages, so of two instances (or two
// overlapping runs) only one sends; an item whose date passed before any
// sweep saw it is claimed without a message, so no late reminder goes out.

const actionReminderBatch = 100

// queueActionReminders sends the due action item reminders and says how
// many it queued. QueueDueReminders runs it with the meetings' reminders.
func (s *Service) queueActionReminders(ctx context.Context, now time.Time) (int, error) {
	// The latest zone is 14 hours ahead of UTC: an item due tomorrow in
	// the organisation's zone may be due today for its owner.
	by := DateOf(now, s.cfg.OrgLocation).AddDays(1)
	queued := 0
	for ctx.Err() == nil {
		var seen int
		err := s.inTx(ctx, func(tx Ports) error {
			xs, err := tx.Actions.DueActionItems(ctx, by, actionReminderBatch)
			if err != nil {
				return err
			}
			seen = len(xs)
			for _, x := range xs {
				owner, err := tx.People.PersonByID(ctx, x.OwnerID)
				if err != nil {
					return err
				}
				today := DateOf(now, owner.Location())
				if x.DueOn.After(today) {
					seen-- // not yet for this owner; looked at again next sweep
					continue
				}
				won, err := tx.Actions.ClaimActionReminder(ctx, x.ID, now)
				if err != nil {
					return err
				}
				if !won || x.DueOn != today || !owner.Active {
					continue // another instance sent it, or its day has passed
				}
				msg, note := s.composeActionReminder(x, owner, now)
				if err := tx.Outbox.EnqueueMail(ctx, &msg); err != nil {
					return fmt.Errorf("action item %d: %w", x.ID, err)
				}
				if err := tx.Notifications.InsertNotification(ctx, &note); err != nil {
					return err
				}
				queued++
			}
			return nil
		})
		if err != nil {
			return queued, fmt.Errorf("action item reminders: %w", err)
		}
		if seen < actionReminderBatch {
			break
		}
	}
	return queued, ctx.Err()
}

// actionPath is the page of an item's relationship, at its action items.
func actionPath(x ActionItem) string {
	return fmt.Sprintf("/%ss/%d#actions", x.SubjectType(), x.SubjectID())
}

// composeActionReminder is the owner's email and in-app notification, in
// the owner's language.
func (s *Service) composeActionReminder(x ActionItem, owner Person, now time.Time) (OutboxMessage, Notification) {
	w := s.wordsFor(owner)
	other, coaching := x.Other(owner.ID), x.EngagementID != 0
	link := strings.TrimRight(s.notify.cfg.BaseURL, "/") + actionPath(x)
	subject := w.T("mail.action.subject", "Title", x.Title)
	var b strings.Builder
	b.WriteString(w.T("mail.greeting", "Name", owner.Name) + "\n\n")
	b.WriteString(w.T("mail.action.intro", "Coaching", coaching, "Name", other.Name, "Day", w.date(x.DueOn)) + "\n\n  " + x.Title + "\n")
	if x.Detail != "" {
		b.WriteString("\n" + x.Detail + "\n")
	}
	b.WriteString("\n" + w.T("mail.action.link", "Link", link) + "\n\n" + w.T("mail.signature") + "\n")
	endOfDay := x.DueOn.AddDays(1).Start(owner.Location())
	msg := OutboxMessage{Kind: OutboxReminder, RecipientID: &owner.ID, To: owner.Email, ToName: owner.Name,
		Subject: subject, Text: b.String(),
		MessageID: fmt.Sprintf("action-%d.%s@%s", x.ID, x.DueOn.String(), s.notify.host),
		NotAfter:  &endOfDay, State: OutboxQueued, NextAttemptAt: now, CreatedAt: now}
	note := Notification{RecipientID: owner.ID, Kind: "action_item", Subject: subject,
		Body: w.T("inapp.action.body", "Coaching", coaching, "Name", other.Name), Link: actionPath(x), CreatedAt: now}
	return msg, note
}

// ActionUID is an action item's iCalendar UID, tagged per installation
// as meetings' are.
func (u uidScheme) ActionUID(id int64) string {
	if u.tag == "" {
		return fmt.Sprintf("action-%d@cairn", id)
	}
	return fmt.Sprintf("action-%d-%s@cairn", id, u.tag)
}

// addActionTodos puts each open action item the person owns in the feed
// as a to-do (VTODO) due on its date. The detail stays out, as meetings'
// notes do.
func (s *Service) addActionTodos(ctx context.Context, cal *ics.Calendar, w words, uids uidScheme, personID int64, now time.Time) error {
	xs, err := s.store.Actions.ListActionItems(ctx, ActionFilter{OwnerID: personID, OpenOnly: true, Limit: 1000})
	if err != nil {
		return err
	}
	for _, x := range xs {
		todo := cal.AddTodo(uids.ActionUID(x.ID))
		todo.SetDtStampTime(now)
		todo.SetAllDayDueAt(x.DueOn.Start(time.UTC))
		todo.SetSummary(icsText(x.Title))
		link := s.cfg.BaseURL + actionPath(x)
		todo.SetDescription(icsText(w.T("ics.todo.description", "Name", x.Other(personID).Name, "Link", link)))
		todo.SetURL(link)
		todo.SetStatus(ics.ObjectStatusNeedsAction)
	}
	return nil
}
