package domain

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// DeliveryRun says what one outbox sweep did.
type DeliveryRun struct {
	Sent         int `json:"sent"`
	Retrying     int `json:"retrying"`
	Dead         int `json:"dead"`
	NotDelivered int `json:"not_delivered"`
	Expired      int `json:"expired"`
	Released     int `json:"released"`
}

// DeliverOutbox sends the due outbox messages. Each batch is claimed in a
// short transaction with a lease (FOR UPDATE SKIP LOCKED on PostgreSQL; the
// single writer on SQLite), sent outside any transaction, and marked sent
// only after the server accepted it. Temporary failures come back later
// with backoff and jitter; permanent ones, and the last allowed attempt,
// are dead-lettered. A reminder whose meeting has begun is not sent. When
// ctx ends, rows claimed but not yet sent are released at once.
func (s *Service) DeliverOutbox(ctx context.Context) (DeliveryRun, error) {
	var run DeliveryRun
	if err := s.requireNotifications(); err != nil {
		return run, err
	}
	cfg := s.notify.cfg
	// Messages that may no longer go out are given up once a run, not once
	// a batch: finding them reads every queued row, and a message that
	// passes its moment during the run is given up when its batch comes
	// (deliverOne checks).
	err := s.inTx(ctx, func(tx Ports) error {
		n, err := tx.Outbox.ExpireOutbox(ctx, s.clock.Now())
		run.Expired += int(n)
		return err
	})
	if err != nil {
		return run, fmt.Errorf("outbox sweep: %w", err)
	}
	for ctx.Err() == nil {
		now := s.clock.Now()
		token := NewSecret()
		var batch []OutboxMessage
		err := s.inTx(ctx, func(tx Ports) error {
			var err error
			batch, err = tx.Outbox.ClaimOutbox(ctx, now, now.Add(cfg.Lease), token, cfg.Batch)
			return err
		})
		if err != nil {
			return run, fmt.Errorf("outbox sweep: %w", err)
		}
		if len(batch) == 0 {
			break
		}
		if err := s.deliverBatch(ctx, batch, token, &run); err != nil {
			return run, err
		}
	}
	if run.changed() >= reclaimAfter && ctx.Err() == nil {
		if err := s.store.Outbox.ReclaimOutbox(ctx); err != nil {
			return run, fmt.Errorf("outbox sweep: %w", err)
		}
	}
	return run, ctx.Err()
}

// deliverBatch sends a claimed batch over up to Senders connections at
// once: a message's SMTP exchange and the commit that records it are
// mostly waiting (on the mail server, on the database's disk), and a few at
// a time overlap those waits. Each message is still recorded on its own
// as soon as the server took it. When ctx ends, the messages not yet
// begun are released unsent.
func (s *Service) deliverBatch(ctx context.Context, batch []OutboxMessage, token string, run *DeliveryRun) error {
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
	)
	next := make(chan OutboxMessage)
	for range min(s.notify.cfg.Senders, len(batch)) {
		wg.Go(func() {
			for m := range next {
				var one DeliveryRun
				var err error
				if ctx.Err() != nil {
					one.Released, err = s.releaseClaims(ctx, []OutboxMessage{m}, token)
				} else {
					err = s.deliverOne(ctx, m, token, &one)
				}
				mu.Lock()
				run.add(one)
				if err != nil {
					errs = append(errs, err)
				}
				mu.Unlock()
			}
		})
	}
	for _, m := range batch {
		next <- m
	}
	close(next)
	wg.Wait()
	return errors.Join(errs...)
}

// changed is how many rows the run wrote an outcome to.
func (r DeliveryRun) changed() int {
	return r.Sent + r.Retrying + r.Dead + r.NotDelivered + r.Expired + r.Released
}

// add counts another run's outcomes into r.
func (r *DeliveryRun) add(o DeliveryRun) {
	r.Sent += o.Sent
	r.Retrying += o.Retrying
	r.Dead += o.Dead
	r.NotDelivered += o.NotDelivered
	r.Expired += o.Expired
	r.Released += o.Released
}

// deliverOne sends one claimed message and records the outcome.
func (s *Service) deliverOne(ctx context.Context, m OutboxMessage, token string, run *DeliveryRun) error {
	cfg := s.notify.cfg
	// The outcome is recorded even when ctx has just ended: a message the
	// server accepted must be marked sent.
	rec, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	finish := func(r OutboxResult) error {
		err := s.store.Outbox.FinishOutbox(rec, m.ID, token, r)
		if errors.Is(err, ErrNotFound) {
			return nil // the lease ran out and another worker took the row over
		}
		if err != nil {
			return fmt.Errorf("outbox sweep: message %d: %w", m.ID, err)
		}
		return nil
	}
	now := s.clock.Now()
	if m.NotAfter != nil && !now.Before(*m.NotAfter) {
		run.Expired++
		return finish(OutboxResult{State: OutboxExpired, NextAttemptAt: m.NextAttemptAt, LastError: "its meeting had begun before it could be sent"})
	}
	language, err := s.recipientLanguage(ctx, m)
	if err != nil && ctx.Err() != nil {
		// Stopped before the send began: the row goes back in the queue
		// now rather than when its lease runs out.
		n, rerr := s.releaseClaims(ctx, []OutboxMessage{m}, token)
		run.Released += n
		return rerr
	}
	if err != nil {
		return fmt.Errorf("outbox sweep: message %d: %w", m.ID, err)
	}
	sendCtx, cancelSend := context.WithTimeout(ctx, cfg.SendTimeout)
	err = cfg.Mailer.Send(sendCtx, Mail{MessageID: m.MessageID, From: cfg.From, To: m.To, ToName: m.ToName,
		Subject: m.Subject, Text: m.Text, ICS: m.ICS, ICSMethod: m.ICSMethod, Language: language})
	cancelSend()
	now = s.clock.Now()
	switch {
	case err == nil:
		run.Sent++
		return finish(OutboxResult{State: OutboxSent, NextAttemptAt: m.NextAttemptAt, SentAt: &now})
	case errors.Is(err, ErrMailNotSent):
		run.NotDelivered++
		return finish(OutboxResult{State: OutboxNotDelivered, NextAttemptAt: m.NextAttemptAt, LastError: err.Error()})
	case ctx.Err() != nil:
		// Interrupted by shutdown: the attempt does not count.
		n, rerr := s.releaseClaims(ctx, []OutboxMessage{m}, token)
		run.Released += n
		return rerr
	case errors.Is(err, ErrMailPermanent) || m.Attempts >= cfg.MaxAttempts:
		run.Dead++
		return finish(OutboxResult{State: OutboxDead, NextAttemptAt: m.NextAttemptAt, LastError: errorText(err)})
	default:
		run.Retrying++
		return finish(OutboxResult{State: OutboxQueued, NextAttemptAt: now.Add(s.notify.retryDelay(m.Attempts)), LastError: errorText(err)})
	}
}

// recipientLanguage is the language a message was written in: its
// recipient's (every message is composed in its recipient's language when
// queued), else the default. The outbox keeps no language of its own, so a
// recipient who changes language between queueing and sending gets the
// header of the new one on a message written in the old.
func (s *Service) recipientLanguage(ctx context.Context, m OutboxMessage) (string, error) {
	if m.RecipientID == nil {
		return s.words("").tag, nil
	}
	p, err := s.store.People.PersonByID(ctx, *m.RecipientID)
	if errors.Is(err, ErrNotFound) {
		return s.words("").tag, nil
	}
	if err != nil {
		return "", fmt.Errorf("language of person %d: %w", *m.RecipientID, err)
	}
	return s.wordsFor(p).tag, nil
}

// releaseClaims puts claimed, unsent rows back in the queue with no lease.
func (s *Service) releaseClaims(ctx context.Context, ms []OutboxMessage, token string) (int, error) {
	rec, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	n := 0
	for _, m := range ms {
		attempts := m.Attempts - 1
		err := s.store.Outbox.FinishOutbox(rec, m.ID, token, OutboxResult{State: OutboxQueued, NextAttemptAt: m.NextAttemptAt,
			LastError: m.LastError, Attempts: &attempts})
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return n, fmt.Errorf("outbox sweep: release message %d: %w", m.ID, err)
		}
		n++
	}
	return n, nil
}

func errorText(err error) string {
	msg := err.Error()
	if len(msg) > 1000 {
		msg = msg[:1000]
	}
	return msg
}

// ListOutbox lists outbox messages, newest first, for admins: delivery
// metadata only, never the bodies.
func (s *Service) ListOutbox(ctx context.Context, a Actor, f OutboxFilter) ([]OutboxMessage, error) {
	if err := s.requireAdmin(a); err != nil {
		return nil, err
	}
	switch f.State {
	case "", OutboxQueued, OutboxSending, OutboxSent, OutboxDead, OutboxNotDelivered, OutboxExpired, OutboxCancelled:
	default:
		return nil, InvalidText("state", "error.outbox.state_invalid")
	}
	f.Limit = ClampLimit(f.Limit)
	ms, err := s.store.Outbox.ListOutbox(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("list outbox: %w", err)
	}
	return ms, nil
}

// RetryOutbox puts a dead-lettered (or undelivered) message back in the
// queue, with its attempts reset (admins only).
func (s *Service) RetryOutbox(ctx context.Context, a Actor, id int64) (OutboxMessage, error) {
	if err := s.requireAdmin(a); err != nil {
		return OutboxMessage{}, err
	}
	now := s.clock.Now()
	var m OutboxMessage
	err := s.inTx(ctx, func(tx Ports) error {
		before, err := tx.Outbox.OutboxByID(ctx, id)
		if errors.Is(err, ErrNotFound) {
			return NotFoundText("error.outbox.no_such_message")
		}
		if err != nil {
			return err
		}
		if before.State != OutboxDead && before.State != OutboxNotDelivered {
			return ConflictText("error.outbox.retry_refused", "State", Text{Key: "word.OutboxState." + string(before.State)})
		}
		if err := tx.Outbox.RequeueOutbox(ctx, id, now); err != nil {
			return err
		}
		if m, err = tx.Outbox.OutboxByID(ctx, id); err != nil {
			return err
		}
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "retry", ObjectType: "outbox", ObjectID: id,
			Changes: diff(map[string]any{"state": before.State, "attempts": before.Attempts},
				map[string]any{"state": m.State, "attempts": m.Attempts}), At: now})
	})
	if err != nil {
		return OutboxMessage{}, fmt.Errorf("retry message %d: %w", id, err)
	}
	return m, nil
}

// Job names an admin may run at once.
const (
	JobReminders = "reminders"
	JobFlags     = "flags"
	JobOutbox    = "outbox"
)

// RunJob runs one scheduler job now (admins only) and answers what it did.
func (s *Service) RunJob(ctx context.Context, a Actor, name string) (any, error) {
	if err := s.requireAdmin(a); err != nil {
		return nil, err
	}
	var out any
	var err error
	switch name {
	case JobReminders:
		out, err = s.QueueDueReminders(ctx)
	case JobOutbox:
		out, err = s.DeliverOutbox(ctx)
	case JobFlags:
		out, err = s.SweepFlags(ctx)
	default:
		return nil, NotFoundText("error.outbox.no_such_job")
	}
	if err != nil {
		return nil, err
	}
	if err := s.store.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "run", ObjectType: "job:" + name,
		Changes: map[string]Change{"result": {After: out}}, At: s.clock.Now()}); err != nil {
		return nil, fmt.Errorf("run %s: %w", name, err)
	}
	return out, nil
}
