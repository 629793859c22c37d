package domaintest_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"cairn/domain"
	"cairn/domain/domaintest"
)

func TestInTxRollsBackOnError(t *testing.T) {
	ctx := context.Background()
	m := domaintest.NewMemory()
	boom := errors.New("boom")
	err := m.InTx(ctx, func(tx domain.Ports) error {
		if err := tx.People.CreatePerson(ctx, &domain.Person{Email: "a@example.org"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx: %v", err)
	}
	if _, err := m.Ports().People.PersonByEmail(ctx, "a@example.org"); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("after rollback: %v, want not found", err)
	}
	if err := m.InTx(ctx, func(tx domain.Ports) error {
		return tx.People.CreatePerson(ctx, &domain.Person{Email: "a@example.org"})
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Ports().People.PersonByEmail(ctx, "a@example.org"); err != nil {
		t.Fatalf("after commit: %v", err)
	}
}

func TestUniqueRules(t *testing.T) {
	ctx := context.Background()
	m := domaintest.NewMemory()
	p := m.Ports()
	cases := []struct {
		name string
		do   func() error
		want error
	}{
		{"first email", func() error { return p.People.CreatePerson(ctx, &domain.Person{Email: "x@example.org"}) }, nil},
		{"same email", func() error { return p.People.CreatePerson(ctx, &domain.Person{Email: "x@example.org"}) }, domain.ErrConflict},
		{"open pairing", func() error {
			return p.Pairings.CreatePairing(ctx, &domain.Pairing{MentorID: 1, MenteeID: 2, Status: domain.PairingActive})
		}, nil},
		{"second open pairing, other way round", func() error {
			return p.Pairings.CreatePairing(ctx, &domain.Pairing{MentorID: 2, MenteeID: 1, Status: domain.PairingPaused})
		}, domain.ErrConflict},
		{"ended pairing of the same two", func() error {
			return p.Pairings.CreatePairing(ctx, &domain.Pairing{MentorID: 1, MenteeID: 2, Status: domain.PairingEnded})
		}, nil},
		{"missing pairing", func() error { _, err := p.Pairings.PairingByID(ctx, 999); return err }, domain.ErrNotFound},
		{"update missing meeting", func() error { return p.Meetings.UpdateMeeting(ctx, &domain.Meeting{ID: 999}) }, domain.ErrNotFound},
		{"same message id twice", func() error {
			if err := p.Outbox.EnqueueMail(ctx, &domain.OutboxMessage{MessageID: "m1"}); err != nil {
				return err
			}
			return p.Outbox.EnqueueMail(ctx, &domain.OutboxMessage{MessageID: "m1"})
		}, domain.ErrConflict},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.do(); (tc.want == nil) != (err == nil) || (tc.want != nil && !errors.Is(err, tc.want)) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
		})
	}
}

// TestConcurrentTransactions: transactions run one at a time, so counts
// read and written inside them add up.
func TestConcurrentTransactions(t *testing.T) {
	ctx := context.Background()
	m := domaintest.NewMemory()
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = m.InTx(ctx, func(tx domain.Ports) error {
				n, err := tx.Notifications.CountUnreadNotifications(ctx, 1)
				if err != nil {
					return err
				}
				time.Sleep(time.Millisecond)
				return tx.Notifications.InsertNotification(ctx, &domain.Notification{RecipientID: 1, Subject: fmt.Sprint(n)})
			})
			_, _ = m.Ports().Notifications.CountUnreadNotifications(ctx, 1)
		}()
	}
	wg.Wait()
	if n, _ := m.Ports().Notifications.CountUnreadNotifications(ctx, 1); n != 20 {
		t.Fatalf("%d notifications, want 20", n)
	}
}

// TestCallOutsideTransactionInsideItPanics: such a call would wait for its
// own transaction; the fake says so instead of hanging.
func TestCallOutsideTransactionInsideItPanics(t *testing.T) {
	ctx := context.Background()
	m := domaintest.NewMemory()
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
		if err := m.InTx(ctx, func(domain.Ports) error { return nil }); err != nil {
			t.Fatalf("the memory stayed locked: %v", err)
		}
	}()
	_ = m.InTx(ctx, func(domain.Ports) error {
		_, err := m.Ports().People.CountActiveAdmins(ctx)
		return err
	})
}
