package scheduler_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"cairn/domain"
	"cairn/scheduler"
	"cairn/storage"
	"cairn/storage/storagetest"
)

// dueReminders makes n/2 formal check-ins whose 24 h reminders are all due
// at the returned instant, before any meeting begins: n reminders.
func dueReminders(f *fixture, n int) time.Time {
	f.t.Helper()
	mentor, mentee := f.person("Kai Mentor", "Europe/Berlin"), f.person("Lou Mentee", "UTC")
	p := f.pairing(mentor, mentee, "2026-01-05", 14)
	first := start.Add(30 * time.Hour)
	err := f.store.InTx(f.ctx, func(tx domain.Ports) error {
		for i := range n / 2 {
			m := domain.Meeting{Kind: domain.MeetingCheckin, PairingID: &p, LeaderID: mentor.ID, LearnerID: mentee.ID,
				Format: domain.FormatFormal, ScheduledAt: first.Add(time.Duration(i) * 2 * time.Minute), DurationMinutes: 5,
				Status: domain.StatusScheduled, CreatedAt: start, UpdatedAt: start}
			if err := tx.Meetings.CreateMeeting(f.ctx, &m); err != nil {
				return err
			}
			if err := f.svc.PlanReminders(f.ctx, tx, nil, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return first.Add(-time.Hour) // every 24 h reminder is due; the 1 h ones are not
}

func uniqueIDs(t *testing.T, got []received) map[string]int {
	t.Helper()
	seen := map[string]int{}
	for _, m := range got {
		if m.MessageID == "" {
			t.Errorf("message without a Message-ID: %q", m.Subject)
		}
		seen[m.MessageID]++
	}
	for id, n := range seen {
		if n > 1 {
			t.Errorf("Message-ID %s sent %d times", id, n)
		}
	}
	return seen
}

func TestTwoInstancesOnOnePostgreSQL(t *testing.T) {
	url := storagetest.URL(t, "postgres")
	ctx := context.Background()
	stores := make([]*storage.Store, 2)
	for i := range stores {
		s, err := storage.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		stores[i] = s
	}
	if _, err := stores[0].Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	srv := newSMTPServer(t)
	clock := domain.NewFixedClock(start)
	a := newFixtureWith(t, stores[0], srv, clock, nil)
	b := domain.NewService(stores[1], clock, domain.Config{Translator: catalogue, PasswordParams: cheap})
	mailer, _ := scheduler.NewMailer(srv.url(), quiet)
	b.EnableNotifications(domain.NotifyConfig{BaseURL: "http://cairn.test", From: "cairn@cairn.test", Mailer: mailer})

	clock.Set(dueReminders(a, 500))
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for _, svc := range []*domain.Service{a.svc, b} {
		for range 2 { // two workers per instance, as overlapping cron runs would be
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := svc.QueueDueReminders(ctx); err != nil {
					errs <- err
					return
				}
				if _, err := svc.DeliverOutbox(ctx); err != nil {
					errs <- err
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got := srv.messages()
	if len(got) != 500 {
		t.Fatalf("%d messages reached the server, want exactly 500", len(got))
	}
	if ids := uniqueIDs(t, got); len(ids) != 500 {
		t.Errorf("%d distinct Message-IDs, want 500", len(ids))
	}
	if n := len(a.outbox(domain.OutboxSent)); n != 500 {
		t.Errorf("%d outbox rows sent, want 500", n)
	}
}

func TestSQLiteConcurrentClaimers(t *testing.T) {
	f := newFixture(t, storagetest.New(t, "sqlite"))
	f.clock.Set(dueReminders(f, 120))
	if r, err := f.svc.QueueDueReminders(f.ctx); err != nil || r.Queued != 120 {
		t.Fatalf("queue: %+v %v", r, err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := f.svc.DeliverOutbox(f.ctx); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("claimer failed (SQLITE_BUSY?): %v", err)
	}
	got := f.smtp.messages()
	if len(got) != 120 || len(uniqueIDs(t, got)) != 120 {
		t.Errorf("%d messages, want each of the 120 reminders once", len(got))
	}
}

func TestTemporaryFailureIsRetried(t *testing.T) {
	each(t, func(t *testing.T, s *storage.Store) {
		f := newFixture(t, s)
		f.clock.Set(dueReminders(f, 2))
		f.smtp.failNext(451, 421)
		_, d := f.sweep()
		if d.Retrying != 2 || d.Sent != 0 {
			t.Fatalf("first try: %+v", d)
		}
		q := f.outbox(domain.OutboxQueued)
		if len(q) != 2 || q[0].Attempts != 1 || !strings.Contains(q[0].LastError+q[1].LastError, "451") ||
			!q[0].NextAttemptAt.After(f.clock.Now()) {
			t.Fatalf("after a 4xx: %+v", q)
		}
		if _, d := f.sweep(); d.Sent != 0 {
			t.Fatalf("retried before the backoff: %+v", d)
		}
		f.clock.Advance(2 * time.Minute) // first backoff: 1 min + jitter
		if _, d := f.sweep(); d.Sent != 2 {
			t.Fatalf("after the backoff: %+v", d)
		}
		sent := f.outbox(domain.OutboxSent)
		if len(sent) != 2 || sent[0].Attempts != 2 || sent[0].SentAt == nil {
			t.Errorf("sent rows: %+v", sent)
		}
		if len(f.smtp.messages()) != 2 {
			t.Errorf("%d messages", len(f.smtp.messages()))
		}
	})
}

func TestRetriesGiveUpAtTheLimit(t *testing.T) {
	f := newFixture(t, storagetest.New(t, "sqlite"))
	f.clock.Set(dueReminders(f, 2))
	f.smtp.failNext(451, 451, 451, 451, 451, 451, 451, 451, 451, 451, 451, 451)
	for i := range 6 {
		f.sweep()
		if q := f.outbox(domain.OutboxQueued); i < 5 {
			if len(q) != 2 || q[0].Attempts != i+1 {
				t.Fatalf("after try %d: %+v", i+1, q)
			}
			f.clock.Set(q[0].NextAttemptAt) // backoff 1, 2, 4, 8, 16 min plus jitter: all before the meeting
		}
	}
	dead := f.outbox(domain.OutboxDead)
	if len(dead) != 2 || dead[0].Attempts != 6 {
		t.Fatalf("after 6 temporary failures: %+v", f.outbox(""))
	}
}

func TestPermanentFailureIsDeadLettered(t *testing.T) {
	each(t, func(t *testing.T, s *storage.Store) {
		f := newFixture(t, s)
		f.clock.Set(dueReminders(f, 2))
		f.smtp.failNext(550)
		_, d := f.sweep()
		if d.Dead != 1 || d.Sent != 1 {
			t.Fatalf("with a 550: %+v", d)
		}
		dead := f.outbox(domain.OutboxDead)
		if len(dead) != 1 || dead[0].Attempts != 1 || !strings.Contains(dead[0].LastError, "550") {
			t.Fatalf("dead letters: %+v", dead)
		}
		f.clock.Advance(24 * time.Hour)
		if _, d := f.sweep(); d != (domain.DeliveryRun{}) {
			t.Fatalf("a dead letter was tried again: %+v", d)
		}
		if _, err := f.svc.RetryOutbox(f.ctx, domain.Actor{Person: f.person("Mo Member", "UTC")}, dead[0].ID); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("a member retried: %v", err)
		}
		if _, err := f.svc.RetryOutbox(f.ctx, f.adminActor(), f.outbox(domain.OutboxSent)[0].ID); !errors.Is(err, domain.ErrConflict) {
			t.Errorf("retry of a sent message: %v", err)
		}
		m, err := f.svc.RetryOutbox(f.ctx, f.adminActor(), dead[0].ID)
		if err != nil || m.State != domain.OutboxQueued || m.Attempts != 0 {
			t.Fatalf("retry: %+v %v", m, err)
		}
	})
}

func TestExpiredLeaseIsRescued(t *testing.T) {
	each(t, func(t *testing.T, s *storage.Store) {
		f := newFixture(t, s)
		f.clock.Set(dueReminders(f, 2))
		if _, err := f.svc.QueueDueReminders(f.ctx); err != nil {
			t.Fatal(err)
		}
		// A worker claims both rows and dies before sending.
		now := f.clock.Now()
		var claimed []domain.OutboxMessage
		err := s.InTx(f.ctx, func(tx domain.Ports) error {
			var err error
			claimed, err = tx.Outbox.ClaimOutbox(f.ctx, now, now.Add(5*time.Minute), "dead-worker", 10)
			return err
		})
		if err != nil || len(claimed) != 2 {
			t.Fatalf("claim: %d rows, %v", len(claimed), err)
		}
		for _, m := range claimed {
			if m.State != domain.OutboxSending || m.LeaseUntil == nil {
				t.Fatalf("claimed row without a lease: %+v", m)
			}
		}
		if _, d := f.sweep(); d.Sent != 0 {
			t.Fatalf("rows under a live lease were sent: %+v", d)
		}
		f.clock.Advance(5*time.Minute + time.Second)
		if _, d := f.sweep(); d.Sent != 2 {
			t.Fatalf("after the lease ran out: %+v", d)
		}
		if got := f.smtp.messages(); len(got) != 2 || len(uniqueIDs(t, got)) != 2 {
			t.Errorf("%d messages", len(got))
		}
		// The dead worker's late report changes nothing.
		err = s.FinishOutbox(f.ctx, claimed[0].ID, "dead-worker", domain.OutboxResult{State: domain.OutboxDead, NextAttemptAt: now})
		if !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("a lost claim was honoured: %v", err)
		}
	})
}

func TestWithoutSMTPMessagesAreKeptAsNotDelivered(t *testing.T) {
	s := storagetest.New(t, "sqlite")
	f := newFixtureWith(t, s, newSMTPServer(t), domain.NewFixedClock(start), scheduler.LogMailer{Log: quiet})
	f.clock.Set(dueReminders(f, 2))
	if _, d := f.sweep(); d.NotDelivered != 2 {
		t.Fatalf("%+v", d)
	}
	if n := len(f.outbox(domain.OutboxNotDelivered)); n != 2 {
		t.Errorf("%d rows not delivered", n)
	}
}

// blockingMailer sends through the real one, but the third message hangs
// until its context ends, as a slow server would.
type blockingMailer struct {
	next    domain.Mailer
	mu      sync.Mutex
	n       int
	blocked chan struct{}
}

func (b *blockingMailer) Send(ctx context.Context, m domain.Mail) error {
	b.mu.Lock()
	b.n++
	n := b.n
	b.mu.Unlock()
	if n == 3 {
		close(b.blocked)
		<-ctx.Done()
		return ctx.Err()
	}
	return b.next.Send(ctx, m)
}

func TestStopDuringASweepLeavesNoClaimWithoutALease(t *testing.T) {
	each(t, func(t *testing.T, s *storage.Store) {
		srv := newSMTPServer(t)
		real, _ := scheduler.NewMailer(srv.url(), quiet)
		bm := &blockingMailer{next: real, blocked: make(chan struct{})}
		f := newFixtureWith(t, s, srv, domain.NewFixedClock(start), bm)
		f.clock.Set(dueReminders(f, 8))
		if _, err := f.svc.QueueDueReminders(f.ctx); err != nil {
			t.Fatal(err)
		}
		sched, err := scheduler.New(quiet, time.UTC, scheduler.Entry{Spec: "@every 1s", Job: scheduler.OutboxJob{Svc: f.svc, Log: quiet}})
		if err != nil {
			t.Fatal(err)
		}
		sched.Start()
		select {
		case <-bm.blocked:
		case <-time.After(20 * time.Second):
			t.Fatal("the sweep never started")
		}
		stopCtx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		if err := sched.Stop(stopCtx); err == nil {
			t.Error("Stop says the job finished, but it was interrupted")
		}
		all := f.outbox("")
		counts := map[domain.OutboxState]int{}
		for _, m := range all {
			counts[m.State]++
			if m.State == domain.OutboxSending || (m.State == domain.OutboxQueued && m.LeaseUntil != nil) {
				t.Errorf("row left claimed: %+v", m)
			}
		}
		// The messages go out a few at a time: those sent beside the
		// blocked one stay sent, it and any not begun go back in the queue.
		queued := counts[domain.OutboxQueued]
		if counts[domain.OutboxSent]+queued != 8 || queued < 1 || counts[domain.OutboxSent] < 2 {
			t.Errorf("after stop: %v, want the blocked message back in the queue and the rest sent or queued", counts)
		}
		for _, m := range f.outbox(domain.OutboxQueued) {
			if m.Attempts != 0 {
				t.Errorf("an interrupted attempt was counted: %+v", m)
			}
		}
		// The released rows go out on the next run, with no lease to wait for.
		if d, err := f.svc.DeliverOutbox(context.Background()); err != nil || d.Sent != queued {
			t.Fatalf("next run: %+v %v, want the %d released rows sent", d, err, queued)
		}
		if got := srv.messages(); len(got) != 8 || len(uniqueIDs(t, got)) != 8 {
			t.Errorf("%d messages in all, want 8", len(got))
		}
	})
}

type panicJob struct{ ran chan int }

func (panicJob) Name() string { return "panics" }
func (j panicJob) Run(context.Context) error {
	j.ran <- 1
	panic("boom")
}

type countJob struct{ ran chan int }

func (countJob) Name() string { return "counts" }
func (j countJob) Run(context.Context) error {
	select {
	case j.ran <- 1:
	default:
	}
	return nil
}

func TestAPanickingJobLeavesTheSchedulerRunning(t *testing.T) {
	p, c := panicJob{ran: make(chan int, 10)}, countJob{ran: make(chan int, 10)}
	sched, err := scheduler.New(quiet, time.UTC, scheduler.Entry{Spec: "@every 1s", Job: p}, scheduler.Entry{Spec: "@every 1s", Job: c})
	if err != nil {
		t.Fatal(err)
	}
	sched.Start()
	wait := func(ch chan int, what string) {
		select {
		case <-ch:
		case <-time.After(20 * time.Second):
			t.Fatalf("%s never ran", what)
		}
	}
	wait(p.ran, "the panicking job")
	wait(p.ran, "the panicking job, a second time")
	wait(c.ran, "the other job after the panic")
	if err := sched.Stop(context.Background()); err != nil {
		t.Errorf("stop: %v", err)
	}
}

func TestBadSpecsAreErrors(t *testing.T) {
	for _, spec := range []string{"every day", "CRON_TZ=", "TZ=Europe/Berlin 0 7 * * *", "61 * * * *", ""} {
		t.Run(fmt.Sprintf("%q", spec), func(t *testing.T) {
			if _, err := scheduler.New(quiet, time.UTC, scheduler.Entry{Spec: spec, Job: countJob{}}); err == nil {
				t.Errorf("spec %q accepted", spec)
			}
		})
	}
}
