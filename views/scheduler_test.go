package views_test

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"cairn/domain"
	"cairn/scheduler"
)

// refusingSMTP is a real SMTP server on 127.0.0.1:0 that refuses every
// message for good (550), so the outbox has dead letters to show.
func refusingSMTP(t *testing.T) string {
	t.Helper()
	srv := smtp.NewServer(refuseBackend{})
	srv.Domain = "localhost"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close() })
	return "smtp://" + ln.Addr().String()
}

type refuseBackend struct{}

func (refuseBackend) NewSession(*smtp.Conn) (smtp.Session, error) { return refuseSession{}, nil }

type refuseSession struct{}

func (refuseSession) Reset()                               {}
func (refuseSession) Logout() error                        { return nil }
func (refuseSession) Mail(string, *smtp.MailOptions) error { return nil }
func (refuseSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (refuseSession) Data(r io.Reader) error {
	_, _ = io.Copy(io.Discard, r)
	return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "mailbox unavailable"}
}

// withReminders turns notifications on and gives a mentor and mentee a
// formal check-in in two hours, made through the meeting hook.
func withReminders(t *testing.T, e *env) (mentee domain.Person, mentorTok, menteeTok string, pairingID int64) {
	t.Helper()
	mailer, err := scheduler.NewMailer(refusingSMTP(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	e.svc.EnableNotifications(domain.NotifyConfig{BaseURL: "http://cairn.test", Mailer: mailer})
	mentor, mentorTok := e.member("mentor@example.com", 7)
	mentee, menteeTok = e.member("mentee@example.com", 3)
	ctx := context.Background()
	db := e.store.DB()
	now := e.clock.Now()
	var prog int64
	if err := db.GetContext(ctx, &prog, db.Rebind(`INSERT INTO programmes (name, kind, checkin_cadence_days, created_at, updated_at)
		VALUES ('Graduates', 'mentoring', 14, ?, ?) RETURNING id`), now, now); err != nil {
		t.Fatal(err)
	}
	if err := db.GetContext(ctx, &pairingID, db.Rebind(`INSERT INTO pairings (programme_id, mentor_id, mentee_id, started_on, status,
		checkin_cadence_days, created_at, updated_at) VALUES (?, ?, ?, '2025-12-01', 'active', 14, ?, ?) RETURNING id`),
		prog, mentor.ID, mentee.ID, now, now); err != nil {
		t.Fatal(err)
	}
	m := domain.Meeting{Kind: domain.MeetingCheckin, PairingID: &pairingID, LeaderID: mentor.ID, LearnerID: mentee.ID,
		Format: domain.FormatFormal, ScheduledAt: now.Add(2 * time.Hour), DurationMinutes: 30, Status: domain.StatusScheduled,
		CreatedAt: now, UpdatedAt: now}
	err = e.store.InTx(ctx, func(tx domain.Ports) error {
		if err := tx.Meetings.CreateMeeting(ctx, &m); err != nil {
			return err
		}
		return e.svc.PlanReminders(ctx, tx, nil, m)
	})
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Hour) // the 1 h reminders are due
	return mentee, mentorTok, menteeTok, pairingID
}

func TestSchedulerAdminAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		_, _, member, pairingID := withReminders(t, e)
		admin := e.token("admin@example.com", adminPassword)

		for _, c := range []struct {
			name, method, path, token string
			want                      int
		}{
			{"anonymous runs a job", "POST", "/api/v1/admin/jobs/reminders/run", "", 401},
			{"member runs a job", "POST", "/api/v1/admin/jobs/reminders/run", member, 403},
			{"unknown job", "POST", "/api/v1/admin/jobs/backup/run", admin, 404},
			{"anonymous reads the outbox", "GET", "/api/v1/admin/outbox", "", 401},
			{"member reads the outbox", "GET", "/api/v1/admin/outbox", member, 403},
			{"member reads flags", "GET", "/api/v1/flags", member, 403},
			{"anonymous reads flags", "GET", "/api/v1/flags", "", 401},
			{"member retries", "POST", "/api/v1/admin/outbox/1/retry", member, 403},
			{"bad state filter", "GET", "/api/v1/admin/outbox?state=lost", admin, 422},
		} {
			t.Run(c.name, func(t *testing.T) {
				resp, body := e.api(c.method, c.path, c.token, nil)
				wantStatus(t, c.name, resp, body, c.want)
			})
		}

		resp, body := e.api("POST", "/api/v1/admin/jobs/reminders/run", admin, nil)
		wantStatus(t, "run reminders", resp, body, 200)
		if body != `{"job":"reminders","result":{"queued":2,"missed":0}}` {
			t.Errorf("reminders run: %s", body)
		}
		resp, body = e.api("POST", "/api/v1/admin/jobs/outbox/run", admin, nil)
		wantStatus(t, "run outbox", resp, body, 200)
		if !strings.Contains(body, `"dead":2`) {
			t.Errorf("outbox run: %s", body)
		}
		resp, body = e.api("GET", "/api/v1/admin/outbox?state=dead", admin, nil)
		wantStatus(t, "outbox", resp, body, 200)
		var out struct {
			Items []struct {
				ID        int64  `json:"id"`
				State     string `json:"state"`
				Attempts  int    `json:"attempts"`
				LastError string `json:"last_error"`
				To        string `json:"to"`
			}
		}
		_ = json.Unmarshal([]byte(body), &out)
		if len(out.Items) != 2 || out.Items[0].Attempts != 1 || !strings.Contains(out.Items[0].LastError, "550") {
			t.Fatalf("dead letters: %s", body)
		}
		if strings.Contains(body, "body_text") || strings.Contains(body, "Hello") {
			t.Errorf("the outbox API shows message bodies: %s", body)
		}
		id := itoa(out.Items[0].ID)
		resp, body = e.api("POST", "/api/v1/admin/outbox/"+id+"/retry", admin, nil)
		wantStatus(t, "retry", resp, body, 200)
		if !strings.Contains(body, `"state":"queued"`) || !strings.Contains(body, `"attempts":0`) {
			t.Errorf("retried: %s", body)
		}
		resp, body = e.api("POST", "/api/v1/admin/outbox/"+id+"/retry", admin, nil)
		wantStatus(t, "retry a queued message", resp, body, 409)
		resp, body = e.api("POST", "/api/v1/admin/outbox/999999/retry", admin, nil)
		wantStatus(t, "retry a missing message", resp, body, 404)

		quietWithoutNudges(t, e, pairingID)
		resp, body = e.api("POST", "/api/v1/admin/jobs/flags/run", admin, nil)
		wantStatus(t, "run flags", resp, body, 200)
		resp, body = e.api("GET", "/api/v1/flags", admin, nil)
		wantStatus(t, "flags", resp, body, 200)
		if !strings.Contains(body, `"kind":"checkin_overdue"`) || !strings.Contains(body, `"subject_type":"pairing"`) ||
			!strings.Contains(body, `"subject_id":`+itoa(pairingID)) || !strings.Contains(body, `"raised_at"`) {
			t.Errorf("flags: %s", body)
		}
	})
}

func TestNotificationsAPIAndBell(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		_, mentor, mentee, _ := withReminders(t, e)
		if _, err := e.svc.QueueDueReminders(context.Background()); err != nil {
			t.Fatal(err)
		}
		resp, body := e.api("GET", "/api/v1/me/notifications", "", nil)
		wantStatus(t, "anonymous", resp, body, 401)
		list := func(tok string) []domain.Notification {
			t.Helper()
			resp, body := e.api("GET", "/api/v1/me/notifications", tok, nil)
			wantStatus(t, "list", resp, body, 200)
			var out struct{ Items []domain.Notification }
			if err := json.Unmarshal([]byte(body), &out); err != nil {
				t.Fatal(err)
			}
			return out.Items
		}
		mine, theirs := list(mentee), list(mentor)
		if len(mine) != 1 || mine[0].Kind != "reminder" || !strings.Contains(mine[0].Subject, "Check-in with ") ||
			!strings.HasSuffix(mine[0].Link, "/checkins/1") || mine[0].ReadAt != nil {
			t.Fatalf("mentee's notifications: %+v", mine)
		}
		if len(theirs) != 1 || theirs[0].ID == mine[0].ID {
			t.Fatalf("mentor's notifications: %+v", theirs)
		}
		resp, body = e.api("POST", "/api/v1/me/notifications/"+itoa(theirs[0].ID)+"/read", mentee, nil)
		wantStatus(t, "read someone else's", resp, body, 404)

		b := e.browser()
		b.login("mentee@example.com", "member password 1")
		_, page := b.get("/")
		if !strings.Contains(page, `<span class="count">1<span class="visually-hidden"> unread</span></span>`) {
			t.Errorf("no bell count on the home page: %s", page)
		}
		resp, page = b.get("/notifications")
		wantStatus(t, "notifications page", resp, page, 200)
		if !strings.Contains(page, mine[0].Subject) || !strings.Contains(page, `href="/checkins/1"`) || !strings.Contains(page, "Mark all as read") {
			t.Errorf("notifications page: %s", page)
		}
		tok := b.csrf("/notifications")
		resp, page = b.post("/notifications/"+itoa(mine[0].ID)+"/read", url.Values{"_csrf": {tok}})
		wantStatus(t, "mark read", resp, page, 303)
		_, page = b.get("/notifications")
		if strings.Contains(page, `> unread</span>`) || strings.Contains(page, "Mark all as read") {
			t.Errorf("still unread after marking: %s", page)
		}
		if got := list(mentee); got[0].ReadAt == nil {
			t.Errorf("API still shows it unread: %+v", got)
		}
		if got := list(mentor); got[0].ReadAt != nil {
			t.Errorf("the mentor's notification was marked read too")
		}
		resp, body = e.api("POST", "/api/v1/me/notifications/read", mentor, nil)
		wantStatus(t, "read all", resp, body, 200)
		if body != `{"marked":1}` {
			t.Errorf("read all: %s", body)
		}
	})
}

func TestSchedulerAdminPages(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		_, _, _, pairingID := withReminders(t, e)
		ctx := context.Background()
		if _, err := e.svc.QueueDueReminders(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.DeliverOutbox(ctx); err != nil {
			t.Fatal(err)
		}
		quietWithoutNudges(t, e, pairingID)
		if _, err := e.svc.SweepFlags(ctx); err != nil {
			t.Fatal(err)
		}
		m := e.browser()
		m.login("mentee@example.com", "member password 1")
		for _, path := range []string{"/flags", "/admin/outbox"} {
			resp, body := m.get(path)
			wantStatus(t, "member on "+path, resp, body, 403)
		}
		a := e.adminBrowser()
		resp, body := a.get("/flags")
		wantStatus(t, "flags page", resp, body, 200)
		if !strings.Contains(body, `href="/pairings/`+itoa(pairingID)+`"`) || !strings.Contains(body, "Check-ins overdue") ||
			strings.Contains(body, "Pairing "+itoa(pairingID)) || !strings.Contains(body, " and ") {
			t.Errorf("flags page: %s", body)
		}
		resp, body = a.get("/admin/outbox?state=dead")
		wantStatus(t, "outbox page", resp, body, 200)
		if !strings.Contains(body, "mailbox unavailable") || !strings.Contains(body, "Retry") {
			t.Errorf("outbox page: %s", body)
		}
		dead, _ := e.svc.ListOutbox(ctx, domain.Actor{Person: e.admin}, domain.OutboxFilter{State: domain.OutboxDead, Limit: 10})
		tok := a.csrf("/admin/outbox")
		resp, body = a.post("/admin/outbox/"+itoa(dead[0].ID)+"/retry", url.Values{"_csrf": {tok}})
		wantStatus(t, "retry", resp, body, 303)
		if m, _ := e.store.OutboxByID(ctx, dead[0].ID); m.State != domain.OutboxQueued {
			t.Errorf("after the retry button: %s", m.State)
		}
	})
}

// quietWithoutNudges cancels the pairing's scheduled check-ins and turns
// nudges off in its programme, so the flag sweep flags it at once (it
// started on 1 December, long past its cadence and the grace after it).
func quietWithoutNudges(t *testing.T, e *env, pairingID int64) {
	t.Helper()
	db := e.store.DB()
	if _, err := db.Exec(db.Rebind(`UPDATE meetings SET status = 'cancelled' WHERE pairing_id = ?`), pairingID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(db.Rebind(`INSERT INTO programme_nudge_settings (programme_id, nudges_enabled, grace_days, updated_at)
		SELECT programme_id, ?, 7, ? FROM pairings WHERE id = ?`), false, e.clock.Now(), pairingID); err != nil {
		t.Fatal(err)
	}
}
