package views

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

// In-app notifications: the caller's own, newest first.

func (s *Server) apiListNotifications(c *fiber.Ctx) error {
	return listJSON(c, s.svc.ListNotifications)
}

func (s *Server) apiReadNotification(c *fiber.Ctx) error {
	return doByID(c, s.svc.MarkNotificationRead, func(id int64) error { return c.JSON(fiber.Map{"id": id, "read": true}) })
}

func (s *Server) apiReadAllNotifications(c *fiber.Ctx) error {
	n, err := s.svc.MarkAllNotificationsRead(c.UserContext(), *actor(c))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"marked": n})
}

type notificationsPage struct {
	Page
	Notifications []domain.Notification
	Next          int64
}

func (s *Server) notificationsPage(c *fiber.Ctx) error {
	ns, next, err := onePage(c, s.svc.ListNotifications, func(n domain.Notification) int64 { return n.ID })
	if err != nil {
		return err
	}
	return s.render(c, "notifications", notificationsPage{Page: s.page(c, s.words(c).T("title.notifications")), Notifications: ns, Next: next})
}

func (s *Server) notificationReadSubmit(c *fiber.Ctx) error {
	return doByID(c, s.svc.MarkNotificationRead, func(int64) error {
		return s.redirectWithFlash(c, "/notifications", s.words(c).T("flash.marked_as_read"))
	})
}

func (s *Server) notificationsReadAllSubmit(c *fiber.Ctx) error {
	n, err := s.svc.MarkAllNotificationsRead(c.UserContext(), *actor(c))
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/notifications", s.words(c).N("flash.marked_read", n))
}

// Flags (admins).

func (s *Server) apiListFlags(c *fiber.Ctx) error { return listJSON(c, s.svc.ListOpenFlags) }

// Outbox and jobs (admins).

func (s *Server) apiListOutbox(c *fiber.Ctx) error {
	return listJSON(c, func(ctx context.Context, a domain.Actor, limit int, after int64) ([]domain.OutboxMessage, error) {
		return s.svc.ListOutbox(ctx, a, domain.OutboxFilter{State: domain.OutboxState(copyString(c.Query("state"))), Limit: limit, After: after})
	})
}

func (s *Server) apiRetryOutbox(c *fiber.Ctx) error { return jsonByID(c, s.svc.RetryOutbox) }

func (s *Server) apiRunJob(c *fiber.Ctx) error {
	name := copyString(c.Params("job"))
	out, err := s.svc.RunJob(c.UserContext(), *actor(c), name)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"job": name, "result": out})
}

type outboxPage struct {
	Page
	Messages []domain.OutboxMessage
	State    string
	States   []domain.OutboxState
	Next     int64
}

func (s *Server) outboxPage(c *fiber.Ctx) error {
	state := copyString(c.Query("state"))
	ms, next, err := onePage(c, func(ctx context.Context, a domain.Actor, limit int, after int64) ([]domain.OutboxMessage, error) {
		return s.svc.ListOutbox(ctx, a, domain.OutboxFilter{State: domain.OutboxState(state), Limit: limit, After: after})
	}, func(m domain.OutboxMessage) int64 { return m.ID })
	if err != nil {
		return err
	}
	return s.render(c, "outbox", outboxPage{Page: s.page(c, s.words(c).T("title.outbox")), Messages: ms, State: state, States: []domain.OutboxState{
		domain.OutboxQueued, domain.OutboxSending, domain.OutboxSent, domain.OutboxDead, domain.OutboxNotDelivered,
		domain.OutboxExpired, domain.OutboxCancelled}, Next: next})
}

func (s *Server) outboxRetrySubmit(c *fiber.Ctx) error {
	return doByID(c, func(ctx context.Context, a domain.Actor, id int64) error {
		_, err := s.svc.RetryOutbox(ctx, a, id)
		return err
	}, func(int64) error {
		return s.redirectWithFlash(c, "/admin/outbox", s.words(c).T("flash.the_message_is_queued_again"))
	})
}
