package scheduler_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net"
	netmail "net/mail"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/emersion/go-smtp"

	"cairn/domain"
	"cairn/domain/lang"
	"cairn/scheduler"
	"cairn/storage"
	"cairn/storage/storagetest"
)

// smtpServer is a real SMTP server in the test process, on 127.0.0.1:0.
// It keeps what it accepted and answers the error codes it is told to.
type smtpServer struct {
	addr string
	mu   sync.Mutex
	got  []received
	fail []int // codes to answer at DATA, one per coming message
	// sessions counts the connections clients opened.
	sessions atomic.Int64
}

type received struct {
	From, To  string
	ToHeader  string // the To: header as sent
	MessageID string
	Subject   string
	Text      string
	ICS       string
	ICSType   string
	// Language is the Content-Language header.
	Language string
	// Banner is what the message says of the software that sent it
	// (X-Mailer, User-Agent): nothing, for Cairn.
	Banner string
}

func newSMTPServer(t testing.TB) *smtpServer {
	t.Helper()
	return newSMTPServerDropping(t, 10*time.Second)
}

// newSMTPServerDropping is a server that drops a client quiet for idle.
func newSMTPServerDropping(t testing.TB, idle time.Duration) *smtpServer {
	t.Helper()
	s := &smtpServer{}
	srv := smtp.NewServer(backend{s})
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = idle, 10*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close() })
	return s
}

// failNext makes the next messages fail at DATA with these codes.
func (s *smtpServer) failNext(codes ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail = append(s.fail, codes...)
}

func (s *smtpServer) messages() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.got...)
}

func (s *smtpServer) url() string { return "smtp://" + s.addr }

type backend struct{ s *smtpServer }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) {
	b.s.sessions.Add(1)
	return &session{s: b.s}, nil
}

type session struct {
	s        *smtpServer
	from, to string
}

func (ss *session) Reset()        {}
func (ss *session) Logout() error { return nil }
func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	ss.from = from
	return nil
}
func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.to = to
	return nil
}

func (ss *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	if len(ss.s.fail) > 0 {
		code := ss.s.fail[0]
		ss.s.fail = ss.s.fail[1:]
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{code / 100, 0, 0}, Message: "the test server says no"}
	}
	m, err := parseMail(raw)
	if err != nil {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: err.Error()}
	}
	m.From, m.To = ss.from, ss.to
	ss.s.got = append(ss.s.got, m)
	return nil
}

// parseMail reads a message the way a mail client would: headers, the
// text part, the calendar attachment.
func parseMail(raw []byte) (received, error) {
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return received{}, err
	}
	dec := new(mime.WordDecoder)
	subject, _ := dec.DecodeHeader(msg.Header.Get("Subject"))
	out := received{MessageID: msg.Header.Get("Message-Id"), Subject: subject, ToHeader: msg.Header.Get("To"),
		Language: msg.Header.Get("Content-Language"),
		Banner:   strings.TrimSpace(msg.Header.Get("X-Mailer") + " " + msg.Header.Get("User-Agent"))}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		return received{}, err
	}
	if !strings.HasPrefix(mt, "multipart/") {
		b, err := decodePart(msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
		out.Text = b
		return out, err
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return received{}, err
		}
		body, err := decodePart(p.Header.Get("Content-Transfer-Encoding"), p)
		if err != nil {
			return received{}, err
		}
		ct := p.Header.Get("Content-Type")
		switch {
		case strings.HasPrefix(ct, "text/calendar"):
			out.ICS, out.ICSType = body, ct
		case strings.HasPrefix(ct, "text/plain"):
			out.Text = body
		}
	}
	return out, nil
}

func decodePart(enc string, r io.Reader) (string, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return "", err
	}
	switch strings.ToLower(enc) {
	case "base64":
		d, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(b)), ""))
		return string(d), err
	case "quoted-printable":
		// multipart.Reader already decodes quoted-printable parts.
	}
	return string(b), nil
}

// fixture is a Service with notifications on a fresh store, a clock the
// test moves and the SMTP server above.
type fixture struct {
	t     testing.TB
	ctx   context.Context
	store *storage.Store
	svc   *domain.Service
	clock *domain.FixedClock
	smtp  *smtpServer
	admin domain.Person
	progs map[domain.ProgrammeKind]int64
	n     int
}

// catalogue is the real message catalogues, English by default.
var catalogue = func() *lang.Catalogue {
	c, err := lang.Load("")
	if err != nil {
		panic(err)
	}
	return c
}()

var cheap = domain.PasswordParams{Memory: 64, Time: 1, Threads: 1}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// start is a Monday morning in March 2026.
var start = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

func newFixture(t testing.TB, store *storage.Store) *fixture {
	t.Helper()
	return newFixtureWith(t, store, newSMTPServer(t), domain.NewFixedClock(start), nil)
}

func newFixtureWith(t testing.TB, store *storage.Store, srv *smtpServer, clock *domain.FixedClock, mailer domain.Mailer) *fixture {
	t.Helper()
	svc := domain.NewService(store, clock, domain.Config{Translator: catalogue, Languages: catalogue.Tags(), PasswordParams: cheap, OrgLocation: time.UTC})
	if mailer == nil {
		m, err := scheduler.NewMailer(srv.url(), quiet)
		if err != nil {
			t.Fatal(err)
		}
		mailer = m
	}
	svc.EnableNotifications(domain.NotifyConfig{BaseURL: "http://cairn.test", From: "cairn@cairn.test", Mailer: mailer,
		SendTimeout: 10 * time.Second, Jitter: func() float64 { return 0.5 }})
	f := &fixture{t: t, ctx: context.Background(), store: store, svc: svc, clock: clock, smtp: srv, progs: map[domain.ProgrammeKind]int64{}}
	if _, _, err := svc.EnsureFirstAdmin(f.ctx, "admin@example.com", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	admin, err := store.PersonByEmail(f.ctx, "admin@example.com")
	if err != nil {
		t.Fatal(err)
	}
	f.admin = admin
	return f
}

func (f *fixture) adminActor() domain.Actor { return domain.Actor{Person: f.admin} }

func (f *fixture) person(name, zone string) domain.Person {
	f.t.Helper()
	f.n++
	p, err := f.svc.CreatePerson(f.ctx, f.adminActor(), domain.PersonInput{Name: name,
		Email: fmt.Sprintf("%s%d@example.com", strings.ToLower(strings.Fields(name)[0]), f.n), Seniority: 5, Timezone: zone})
	if err != nil {
		f.t.Fatal(err)
	}
	return p
}

// sqlID runs an INSERT ... RETURNING id written with ?.
func (f *fixture) sqlID(q string, args ...any) int64 {
	f.t.Helper()
	var id int64
	if err := f.store.DB().GetContext(f.ctx, &id, f.store.DB().Rebind(q), args...); err != nil {
		f.t.Fatalf("fixture: %v", err)
	}
	return id
}

func (f *fixture) sql(q string, args ...any) {
	f.t.Helper()
	if _, err := f.store.DB().ExecContext(f.ctx, f.store.DB().Rebind(q), args...); err != nil {
		f.t.Fatalf("fixture: %v", err)
	}
}

func (f *fixture) programme(kind domain.ProgrammeKind) int64 {
	if id, ok := f.progs[kind]; ok {
		return id
	}
	var cadence any
	if kind == domain.KindMentoring {
		cadence = 14
	}
	now := f.clock.Now()
	id := f.sqlID(`INSERT INTO programmes (name, kind, checkin_cadence_days, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		string(kind)+" programme", string(kind), cadence, now, now)
	f.progs[kind] = id
	return id
}

func (f *fixture) pairing(mentor, mentee domain.Person, startedOn string, cadence int) int64 {
	now := f.clock.Now()
	return f.sqlID(`INSERT INTO pairings (programme_id, mentor_id, mentee_id, started_on, status, checkin_cadence_days, created_at, updated_at)
		VALUES (?, ?, ?, ?, 'active', ?, ?, ?) RETURNING id`, f.programme(domain.KindMentoring), mentor.ID, mentee.ID, startedOn, cadence, now, now)
}

func (f *fixture) engagement(coach, coachee domain.Person, startsOn, endsOn string, planned int) int64 {
	now := f.clock.Now()
	return f.sqlID(`INSERT INTO engagements (programme_id, coach_id, coachee_id, goal_title, goal_area, starts_on, ends_on,
		planned_sessions, status, created_at, updated_at) VALUES (?, ?, ?, 'Lead the team', 'work', ?, ?, ?, 'active', ?, ?) RETURNING id`,
		f.programme(domain.KindCoaching), coach.ID, coachee.ID, startsOn, endsOn, planned, now, now)
}

// checkin creates a formal check-in the way the meetings core does: the
// meeting and, through the meeting hook, its reminder rows in one
// transaction.
func (f *fixture) checkin(pairingID int64, mentor, mentee domain.Person, at time.Time, format domain.MeetingFormat) domain.Meeting {
	f.t.Helper()
	now := f.clock.Now()
	m := domain.Meeting{Kind: domain.MeetingCheckin, PairingID: &pairingID, LeaderID: mentor.ID, LearnerID: mentee.ID,
		Format: format, ScheduledAt: at.UTC(), DurationMinutes: 45, Location: "Room 4.2", Status: domain.StatusScheduled,
		CreatedBy: mentor.ID, CreatedAt: now, UpdatedAt: now}
	f.create(&m)
	return m
}

func (f *fixture) session(engagementID int64, coach, coachee domain.Person, at time.Time) domain.Meeting {
	f.t.Helper()
	now := f.clock.Now()
	m := domain.Meeting{Kind: domain.MeetingSession, EngagementID: &engagementID, LeaderID: coach.ID, LearnerID: coachee.ID,
		Format: domain.FormatFormal, ScheduledAt: at.UTC(), DurationMinutes: 60, Location: "https://meet.example.com/x",
		Status: domain.StatusScheduled, CreatedBy: coach.ID, CreatedAt: now, UpdatedAt: now}
	f.create(&m)
	return m
}

func (f *fixture) create(m *domain.Meeting) {
	f.t.Helper()
	err := f.store.InTx(f.ctx, func(tx domain.Ports) error {
		if err := tx.Meetings.CreateMeeting(f.ctx, m); err != nil {
			return err
		}
		return f.svc.PlanReminders(f.ctx, tx, nil, *m)
	})
	if err != nil {
		f.t.Fatal(err)
	}
}

// change writes a meeting change the way the meetings core does: the row,
// the sequence bump, the hook, in one transaction.
func (f *fixture) change(m domain.Meeting, edit func(*domain.Meeting)) domain.Meeting {
	f.t.Helper()
	after := m
	edit(&after)
	after.Sequence++
	after.UpdatedAt = f.clock.Now()
	err := f.store.InTx(f.ctx, func(tx domain.Ports) error {
		if err := tx.Meetings.UpdateMeeting(f.ctx, &after); err != nil {
			return err
		}
		return f.svc.PlanReminders(f.ctx, tx, &m, after)
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return after
}

// sweep runs the reminder sweep and the outbox delivery once.
func (f *fixture) sweep() (domain.ReminderRun, domain.DeliveryRun) {
	f.t.Helper()
	r, err := f.svc.QueueDueReminders(f.ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	d, err := f.svc.DeliverOutbox(f.ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	return r, d
}

func (f *fixture) reminders(meetingID int64) []domain.Reminder {
	f.t.Helper()
	rs, err := f.store.RemindersOfMeeting(f.ctx, meetingID)
	if err != nil {
		f.t.Fatal(err)
	}
	return rs
}

func (f *fixture) outbox(state domain.OutboxState) []domain.OutboxMessage {
	f.t.Helper()
	ms, err := f.svc.ListOutbox(f.ctx, f.adminActor(), domain.OutboxFilter{State: state, Limit: 500})
	if err != nil {
		f.t.Fatal(err)
	}
	return ms
}

// invite parses a received calendar attachment.
func invite(t *testing.T, m received) (*ics.Calendar, *ics.VEvent) {
	t.Helper()
	if m.ICS == "" {
		t.Fatalf("no calendar attachment in %q", m.Subject)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(m.ICS))
	if err != nil {
		t.Fatalf("invite does not parse: %v\n%s", err, m.ICS)
	}
	evs := cal.Events()
	if len(evs) != 1 {
		t.Fatalf("invite has %d events", len(evs))
	}
	return cal, evs[0]
}

func calMethod(cal *ics.Calendar) string {
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == string(ics.PropertyMethod) {
			return p.Value
		}
	}
	return ""
}

func eventProp(ev *ics.VEvent, p ics.ComponentProperty) string {
	if prop := ev.GetProperty(p); prop != nil {
		return prop.Value
	}
	return ""
}

func each(t *testing.T, fn func(t *testing.T, s *storage.Store)) { storagetest.Each(t, fn) }
