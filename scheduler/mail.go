package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	netmail "net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"

	"cairn/domain"
)

// NewMailer returns the mail sender for CAIRN_SMTP_URL: SMTP when set,
// otherwise one that logs each message and reports it not delivered.
//
// URL forms: smtp://[user:pass@]host[:port] (STARTTLS when the server
// offers it, default port 587), smtp://...?tls=required (STARTTLS or
// fail), smtps://[user:pass@]host[:port] (TLS from the first byte, default
// port 465).
func NewMailer(smtpURL string, log *slog.Logger) (domain.Mailer, error) {
	if smtpURL == "" {
		return LogMailer{Log: log}, nil
	}
	return NewSMTPMailer(smtpURL)
}

// SMTPMailer sends over SMTP with go-mail on a small pool of reused
// connections: a message goes out on an idle connection when there is one
// (after go-mail's NOOP check), else on a new one, which then waits idle
// for the next message, up to smtpIdleConns of them for smtpIdleFor.
type SMTPMailer struct {
	client *mail.Client
	idle   chan idleConn
}

// idleConn is a connection waiting for its next message.
type idleConn struct {
	conn  *smtp.Client
	since time.Time
}

const (
	smtpIdleConns = 8 // as many as the outbox sends at once (NotifyConfig.Senders)
	// smtpIdleFor stays under the five minutes after which RFC 5321 lets
	// a server drop a quiet client.
	smtpIdleFor = time.Minute
)

// CheckSMTPURL reports whether an SMTP URL is one NewSMTPMailer accepts.
func CheckSMTPURL(raw string) error {
	_, err := NewSMTPMailer(raw)
	return err
}

// NewSMTPMailer parses an smtp:// or smtps:// URL.
func NewSMTPMailer(raw string) (*SMTPMailer, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return nil, errors.New("must be smtp://[user:pass@]host:port or smtps://...")
	}
	opts := []mail.Option{mail.WithTimeout(30 * time.Second)}
	port := 0
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil || port < 1 || port > 65535 {
			return nil, fmt.Errorf("port %q is not a port", p)
		}
	}
	switch u.Scheme {
	case "smtp":
		if port == 0 {
			port = 587
		}
		switch tls := u.Query().Get("tls"); tls {
		case "", "opportunistic":
			opts = append(opts, mail.WithTLSPolicy(mail.TLSOpportunistic))
		case "required":
			opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
		default:
			return nil, fmt.Errorf("tls=%q: use tls=required, or leave it out", tls)
		}
	case "smtps":
		if port == 0 {
			port = 465
		}
		opts = append(opts, mail.WithSSL())
	default:
		return nil, fmt.Errorf("scheme %q: use smtp:// or smtps://", u.Scheme)
	}
	opts = append(opts, mail.WithPort(port))
	if u.User != nil && u.User.Username() != "" {
		pass, _ := u.User.Password()
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(u.User.Username()), mail.WithPassword(pass))
	}
	c, err := mail.NewClient(u.Hostname(), opts...)
	if err != nil {
		return nil, fmt.Errorf("smtp client: %w", err)
	}
	return &SMTPMailer{client: c, idle: make(chan idleConn, smtpIdleConns)}, nil
}

// Send delivers one message; a 5xx answer wraps domain.ErrMailPermanent.
func (s *SMTPMailer) Send(ctx context.Context, m domain.Mail) error {
	msg, err := buildMessage(m)
	if err != nil {
		return fmt.Errorf("%w: %v", domain.ErrMailPermanent, err)
	}
	conn := s.takeIdle()
	if conn != nil {
		err = s.client.SendWithSMTPClient(conn, msg)
		var se *mail.SendError
		if errors.As(err, &se) && se.Reason == mail.ErrConnCheck {
			// The idle connection was gone before anything was sent (the
			// NOOP failed): this message goes out on a new one.
			_ = conn.Close()
			conn = nil
		}
	}
	if conn == nil {
		if conn, err = s.client.DialToSMTPClientWithContext(ctx); err != nil {
			return fmt.Errorf("smtp: dial failed: %w", err)
		}
		err = s.client.SendWithSMTPClient(conn, msg)
	}
	if err != nil {
		_ = conn.Close() // no QUIT: the connection may be the trouble
		if permanent(err) {
			return fmt.Errorf("%w: %v", domain.ErrMailPermanent, err)
		}
		return fmt.Errorf("smtp: send failed: %w", err)
	}
	s.putIdle(conn)
	return nil
}

// takeIdle gives an idle connection that has not waited too long, closing
// those that have; nil when there is none.
func (s *SMTPMailer) takeIdle() *smtp.Client {
	for {
		select {
		case ic := <-s.idle:
			if time.Since(ic.since) < smtpIdleFor {
				return ic.conn
			}
			_ = s.client.CloseWithSMTPClient(ic.conn)
		default:
			return nil
		}
	}
}

// putIdle keeps a connection for the next message, or closes it when
// enough already wait.
func (s *SMTPMailer) putIdle(conn *smtp.Client) {
	select {
	case s.idle <- idleConn{conn: conn, since: time.Now()}:
	default:
		_ = s.client.CloseWithSMTPClient(conn)
	}
}

// permanent reports whether the server refused with a 5xx code.
func permanent(err error) bool {
	var se *mail.SendError
	if errors.As(err, &se) {
		return se.ErrorCode() >= 500 && se.ErrorCode() < 600
	}
	return false
}

// buildMessage renders a domain.Mail as a MIME message: the text body and,
// when there is one, the invite as a text/calendar attachment.
func buildMessage(m domain.Mail) (*mail.Msg, error) {
	// No User-Agent or X-Mailer: a banner naming the library and its version
	// tells an attacker what to look up, and a reader nothing.
	msg := mail.NewMsg(mail.WithNoDefaultUserAgent())
	if err := msg.From(m.From); err != nil {
		return nil, fmt.Errorf("from %q: %w", m.From, err)
	}
	// The address type writes the name quoted and escaped (or encoded):
	// AddToFormat wraps it in quotes as it is, and a name holding a quote
	// or a backslash comes out another name.
	to, err := netmail.ParseAddress(m.To)
	if err != nil {
		return nil, fmt.Errorf("to %q: %w", m.To, err)
	}
	to.Name = m.ToName
	msg.ToMailAddress(to)
	msg.Subject(m.Subject)
	if m.Language != "" {
		msg.SetGenHeader(mail.HeaderContentLang, m.Language)
	}
	msg.SetMessageIDWithValue(m.MessageID)
	msg.SetDate()
	if m.Language != "" {
		msg.SetGenHeader(mail.HeaderContentLang, m.Language)
	}
	msg.SetBodyString(mail.TypeTextPlain, m.Text)
	if m.ICS != "" {
		ct := mail.ContentType("text/calendar; charset=utf-8; method=" + m.ICSMethod)
		name := "invite.ics"
		if strings.EqualFold(m.ICSMethod, "CANCEL") {
			name = "cancel.ics"
		}
		if err := msg.AttachReader(name, strings.NewReader(m.ICS), mail.WithFileContentType(ct)); err != nil {
			return nil, fmt.Errorf("attach invite: %w", err)
		}
	}
	return msg, nil
}

// LogMailer stands in when no SMTP server is configured: it logs each
// message and reports it not delivered, so the outbox keeps it as such.
type LogMailer struct{ Log *slog.Logger }

// Send logs the message.
func (l LogMailer) Send(_ context.Context, m domain.Mail) error {
	l.Log.Info("mail not sent (no CAIRN_SMTP_URL)", "to", m.To, "subject", m.Subject, "message_id", m.MessageID)
	return domain.ErrMailNotSent
}
