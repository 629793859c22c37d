package views

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

// In-app notifications: the caller's own, newest first.

func (s *Server) apiListNotifications(c *fiber.Ctx) error {
	limit, after, err := listParams(c)
	if err != nil {
		return err
	}
	ns, err := s.svc.ListNotifications(c.UserContext(), *actor(c), limit, after)
	if err != nil {
		return err
	}
	return c.JSON(items(ns))
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
	data := notificationsPage{Page: s.page(c, "Notifications"), Notifications: ns}
	if len(ns) == limit {
		data.Next = ns[len(ns)-1].ID
	}
	return s.render(c, "notifications", data)
}

func (s *Server) notificationReadSubmit(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if err := s.svc.MarkNotificationRead(c.UserContext(), *actor(c), id); err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/notifications", "Marked as read.")
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
	limit, after, err := listParams(c)
	if err != nil {
		return err
	}
	fs, err := s.svc.ListOpenFlags(c.UserContext(), *actor(c), limit, after)
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
	limit, after, err := listParams(c)
	if err != nil {
		return err
	}
	ms, err := s.svc.ListOutbox(c.UserContext(), *actor(c), domain.OutboxFilter{
		State: domain.OutboxState(copyString(c.Query("state"))), Limit: limit, After: after})
	if err != nil {
		return err
	}
	return c.JSON(items(ms))
}

func (s *Server) apiRetryOutbox(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	m, err := s.svc.RetryOutbox(c.UserContext(), *actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(m)
}

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
	data := outboxPage{Page: s.page(c, "Outbox"), Messages: ms, State: state, States: []domain.OutboxState{
		domain.OutboxQueued, domain.OutboxSending, domain.OutboxSent, domain.OutboxDead, domain.OutboxNotDelivered,
		domain.OutboxExpired, domain.OutboxCancelled}}
	if len(ms) == limit {
		data.Next = ms[len(ms)-1].ID
	}
	return s.render(c, "outbox", data)
}

func (s *Server) outboxRetrySubmit(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.svc.RetryOutbox(c.UserContext(), *actor(c), id); err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/admin/outbox", "The message is queued again.")
}
