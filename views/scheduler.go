package views

import (
	"context"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

// In-app notifications: the caller's own, newest first.

func (s *Server) apiListNotifications(c *fiber.Ctx) error {
	return listJSON(c, s.svc.ListNotifications)
}

func (s *Server) apiReadNotification(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if err := s.svc.MarkNotificationRead(c.UserContext(), *actor(c), id); err != nil {
		return err
	}
	return c.JSON(fiber.Map{"id": id, "read": true})
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
	limit, after, err := listParams(c)
	if err != nil {
		return err
	}
	ns, err := s.svc.ListNotifications(c.UserContext(), *actor(c), limit, after)
	if err != nil {
		return err
	}
	return s.render(c, "notifications", notificationsPage{Page: s.page(c, "Notifications"), Notifications: ns,
		Next: nextAfter(ns, limit, func(n domain.Notification) int64 { return n.ID })})
}

func (s *Server) notificationReadSubmit(c *fiber.Ctx) error {
	return s.doneByID(c, s.svc.MarkNotificationRead, "/notifications", "Marked as read.")
}

func (s *Server) notificationsReadAllSubmit(c *fiber.Ctx) error {
	n, err := s.svc.MarkAllNotificationsRead(c.UserContext(), *actor(c))
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/notifications", strconv.Itoa(n)+" marked as read.")
}

// Flags (admins).

func (s *Server) apiListFlags(c *fiber.Ctx) error {
	fs, err := s.svc.ListFlags(c.UserContext(), *actor(c))
	if err != nil {
		return err
	}
	return c.JSON(items(fs))
}

type flagsPage struct {
	Page
	Flags []domain.Flag
}

func (s *Server) flagsPage(c *fiber.Ctx) error {
	fs, err := s.svc.ListFlags(c.UserContext(), *actor(c))
	if err != nil {
		return err
	}
	return s.render(c, "flags", flagsPage{Page: s.page(c, "Flags"), Flags: fs})
}

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
	limit, after, err := listParams(c)
	if err != nil {
		return err
	}
	state := copyString(c.Query("state"))
	ms, err := s.svc.ListOutbox(c.UserContext(), *actor(c), domain.OutboxFilter{State: domain.OutboxState(state), Limit: limit, After: after})
	if err != nil {
		return err
	}
	return s.render(c, "outbox", outboxPage{Page: s.page(c, "Outbox"), Messages: ms, State: state, States: []domain.OutboxState{
		domain.OutboxQueued, domain.OutboxSending, domain.OutboxSent, domain.OutboxDead, domain.OutboxNotDelivered,
		domain.OutboxExpired, domain.OutboxCancelled}, Next: nextAfter(ms, limit, func(m domain.OutboxMessage) int64 { return m.ID })})
}

func (s *Server) outboxRetrySubmit(c *fiber.Ctx) error {
	return s.doneByID(c, func(ctx context.Context, a domain.Actor, id int64) error {
		_, err := s.svc.RetryOutbox(ctx, a, id)
		return err
	}, "/admin/outbox", "The message is queued again.")
}
