package domain

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/url"
	"strings"
	"time"
)

// Mail is one rendered message handed to a Mailer.
type Mail struct {
	MessageID string // without angle brackets; stable per reminder, notice or digest
	From      string
	To        string
	ToName    string
	Subject   string
	Text      string
	ICS       string // an iCalendar attachment, or ""
	ICSMethod string // REQUEST or CANCEL when ICS is set
	Language  string // the language it is written in, for Content-Language
}

// Mailer sends one message. A failure the server gave as permanent (5xx)
// wraps ErrMailPermanent; ErrMailNotSent means no server is configured and
// the message was only logged. Anything else is temporary and retried.
type Mailer interface {
	Send(ctx context.Context, m Mail) error
}

// Mailer failures the delivery sweep tells apart.
var (
	ErrMailPermanent = errors.New("the mail server refused the message for good")
	ErrMailNotSent   = errors.New("no SMTP server is configured; the message was logged, not sent")
)

// NotifyConfig configures reminders, the outbox and flag digests.
type NotifyConfig struct {
	BaseURL string // public URL for links in messages
	From    string // sender address
	Mailer  Mailer
	// MailConfigured: an SMTP server is set, so links go out by email;
	// without one, an admin gets invitation links to pass on by hand.
	MailConfigured bool
	Batch          int           // outbox rows claimed per transaction (default 40)
	SendTimeout    time.Duration // per message (default 30s)
	// Senders is how many messages of a batch go out at once, each on a
	// connection of its own (default 8).
	Senders int
	// Lease is how long a claim holds; a worker that dies leaves its rows
	// to be reclaimed after it. Default: ceil(Batch / Senders) x SendTimeout
	// + 1 minute.
	Lease       time.Duration
	MaxAttempts int           // tries before a temporary failure is dead-lettered (default 6)
	RetryBase   time.Duration // first retry delay, doubled each time (default 1m)
	RetryMax    time.Duration // cap of the retry delay (default 1h)
	Jitter      func() float64
}

// notifier is the enabled notification machinery of a Service.
type notifier struct {
	cfg  NotifyConfig
	host string // for Message-IDs
}

// EnableNotifications turns on reminders (the meeting hook that writes
// reminder rows in each meeting's transaction), outbox delivery and flag
// digests. Call it while wiring, before serving; calling it again replaces
// the configuration.
func (s *Service) EnableNotifications(cfg NotifyConfig) {
	if cfg.Batch <= 0 {
		cfg.Batch = 40
	}
	if cfg.SendTimeout <= 0 {
		cfg.SendTimeout = 30 * time.Second
	}
	if cfg.Senders <= 0 {
		cfg.Senders = 8
	}
	if cfg.Lease <= 0 {
		// The batch goes out Senders at a time, each within SendTimeout.
		cfg.Lease = time.Duration((cfg.Batch+cfg.Senders-1)/cfg.Senders)*cfg.SendTimeout + time.Minute
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 6
	}
	if cfg.RetryBase <= 0 {
		cfg.RetryBase = time.Minute
	}
	if cfg.RetryMax <= 0 {
		cfg.RetryMax = time.Hour
	}
	if cfg.Jitter == nil {
		cfg.Jitter = rand.Float64
	}
	if cfg.From == "" {
		cfg.From = "cairn@localhost"
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	host := "cairn.localhost"
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	first := s.notify == nil
	s.notify = &notifier{cfg: cfg, host: host}
	if first {
		s.OnMeetingChange(s.PlanReminders)
	}
}

// retryDelay is the wait before attempt n+1: base x 2^(n-1), capped, plus
// up to half of it again as jitter so retries of many rows spread out.
func (n *notifier) retryDelay(attempts int) time.Duration {
	d := n.cfg.RetryBase
	for i := 1; i < attempts && d < n.cfg.RetryMax; i++ {
		d *= 2
	}
	if d > n.cfg.RetryMax {
		d = n.cfg.RetryMax
	}
	return d + time.Duration(n.cfg.Jitter()*float64(d)/2)
}

func (s *Service) requireNotifications() error {
	if s.notify == nil {
		return errors.New("notifications are not enabled")
	}
	return nil
}
