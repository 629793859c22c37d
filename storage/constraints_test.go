package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
)

// A write the database refuses comes back as a domain error with a message
// fit to show: a broken reference is a conflict, a refused value invalid,
// on both stores alike.
func TestConstraintViolationsAreDomainErrors(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		now := time.Now().UTC()
		missing := int64(987654)
		mail := func(kind domain.OutboxKind, id string, meeting *int64) *domain.OutboxMessage {
			return &domain.OutboxMessage{Kind: kind, To: "a@example.org", Subject: "s", Text: "t", MessageID: id,
				MeetingID: meeting, State: domain.OutboxQueued, NextAttemptAt: now, CreatedAt: now}
		}
		var de *domain.Error
		err := s.EnqueueMail(ctx, mail(domain.OutboxReminder, "<fk@example.org>", &missing))
		if !errors.Is(err, domain.ErrConflict) || !errors.As(err, &de) || de.Msg == "" {
			t.Errorf("a mail for a meeting that does not exist: %v, want a conflict with a message", err)
		}
		err = s.EnqueueMail(ctx, mail("spam", "<check@example.org>", nil))
		if !errors.Is(err, domain.ErrInvalid) || !errors.As(err, &de) || de.Msg == "" {
			t.Errorf("a mail of an unknown kind: %v, want invalid with a message", err)
		}
		if err := s.EnqueueMail(ctx, mail(domain.OutboxReminder, "<ok@example.org>", nil)); err != nil {
			t.Fatal(err)
		}
		err = s.EnqueueMail(ctx, mail(domain.OutboxReminder, "<ok@example.org>", nil))
		if !errors.Is(err, domain.ErrConflict) {
			t.Errorf("a second mail with one Message-ID: %v, want a conflict", err)
		}
	})
}
