package domain

import (
	"context"
	"errors"
	"fmt"
)

// ListNotifications lists the caller's own in-app notifications, newest
// first; before pages on (ids smaller than it).
func (s *Service) ListNotifications(ctx context.Context, a Actor, limit int, before int64) ([]Notification, error) {
	ns, err := s.store.Notifications.ListNotifications(ctx, a.Person.ID, ClampLimit(limit), before)
	if err != nil {
		return nil, fmt.Errorf("list notifications: %w", err)
	}
	return ns, nil
}

// UnreadNotifications counts the caller's unread notifications (one
// indexed count, for the bell on every page).
func (s *Service) UnreadNotifications(ctx context.Context, a Actor) (int, error) {
	n, err := s.store.Notifications.CountUnreadNotifications(ctx, a.Person.ID)
	if err != nil {
		return 0, fmt.Errorf("count notifications: %w", err)
	}
	return n, nil
}

// MarkNotificationRead marks one of the caller's notifications read;
// anyone else's is 404.
func (s *Service) MarkNotificationRead(ctx context.Context, a Actor, id int64) error {
	now := s.clock.Now()
	err := s.inTx(ctx, func(tx Ports) error {
		if err := tx.Notifications.MarkNotificationRead(ctx, a.Person.ID, id, now); err != nil {
			if errors.Is(err, ErrNotFound) {
				return NotFoundText("error.person.no_such_notification")
			}
			return err
		}
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "read", ObjectType: "notification", ObjectID: id, At: now})
	})
	if err != nil {
		return fmt.Errorf("mark notification %d read: %w", id, err)
	}
	return nil
}

// MarkAllNotificationsRead marks every unread notification of the caller
// read and says how many.
func (s *Service) MarkAllNotificationsRead(ctx context.Context, a Actor) (int, error) {
	now := s.clock.Now()
	var n int64
	err := s.inTx(ctx, func(tx Ports) error {
		var err error
		if n, err = tx.Notifications.MarkAllNotificationsRead(ctx, a.Person.ID, now); err != nil || n == 0 {
			return err
		}
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "read_all", ObjectType: "notification",
			Changes: map[string]Change{"count": {After: n}}, At: now})
	})
	if err != nil {
		return 0, fmt.Errorf("mark notifications read: %w", err)
	}
	return int(n), nil
}
