package views_test

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

var linkRe = regexp.MustCompile(`http://cairn\.test(/(?:invite|reset|m)/[A-Za-z0-9_-]+)`)

func TestInvitationSetsPasswordOnce(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		admin := e.token("admin@example.com", adminPassword)
		resp, out := e.api("POST", "/api/v1/people", admin, map[string]any{"name": "Nina", "email": "nina@example.com", "seniority": 3})
		wantStatus(t, "create", resp, out, 201)
		id := idOf(t, out)
		resp, out = e.api("POST", "/api/v1/people/"+itoa(id)+"/invite", admin, nil)
		wantStatus(t, "invite", resp, out, 202)
		e.deliver()
		mails := e.mail.to("nina@example.com")
		if len(mails) != 1 {
			t.Fatalf("%d invitation mails", len(mails))
		}
		m := linkRe.FindStringSubmatch(mails[0].Text)
		if m == nil || !strings.HasPrefix(m[1], "/invite/") {
			t.Fatalf("no invite link in %q", mails[0].Text)
		}
		// A newer invitation kills the older link.
		resp, out = e.api("POST", "/api/v1/people/"+itoa(id)+"/invite", admin, nil)
		wantStatus(t, "invite again", resp, out, 202)
		e.deliver()
		b := e.browser()
		resp, body := b.get(m[1])
		wantStatus(t, "old link", resp, body, 409)
		newest := linkRe.FindStringSubmatch(e.mail.to("nina@example.com")[1].Text)[1]
		resp, body = b.get(newest)
		wantStatus(t, "invite page", resp, body, 200)
		if !strings.Contains(body, "Hello Nina") {
			t.Errorf("invite page: %s", body)
		}
		csrf := csrfRe.FindStringSubmatch(body)[1]
		resp, body = b.post(newest, url.Values{"_csrf": {csrf}, "password": {"ninas new password"}, "confirm_password": {"ninas new password"},
			"timezone": {"Mars/Base"}})
		wantStatus(t, "bad zone", resp, body, 422)
		resp, body = b.post(newest, url.Values{"_csrf": {csrf}, "password": {"ninas new password"}, "confirm_password": {"ninas new password"},
			"timezone": {"Asia/Tokyo"}})
		wantStatus(t, "set password", resp, body, 303)
		tok := e.token("nina@example.com", "ninas new password")
		_, me := e.api("GET", "/api/v1/me", tok, nil)
		if !strings.Contains(me, `"timezone":"Asia/Tokyo"`) {
			t.Errorf("zone not set: %s", me)
		}
		resp, body = b.get(newest)
		wantStatus(t, "used link", resp, body, 409)
		if !strings.Contains(body, "already used") {
			t.Errorf("used link page: %s", body)
		}
		_, member := e.member("m@example.com", 4)
		resp, out = e.api("POST", "/api/v1/people/"+itoa(id)+"/invite", member, nil)
		wantStatus(t, "member invites", resp, out, 403)
	})
}

func TestInvitationWithoutSMTPGivesTheLink(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		e.svc.EnableNotifications(domainNotifyWithoutSMTP(e))
		admin := e.token("admin@example.com", adminPassword)
		p, _ := e.member("x@example.com", 3)
		resp, out := e.api("POST", "/api/v1/people/"+itoa(p.ID)+"/invite", admin, nil)
		wantStatus(t, "invite", resp, out, 202)
		var v struct {
			Emailed bool
			Link    string
		}
		_ = json.Unmarshal([]byte(out), &v)
		if v.Emailed || !strings.HasPrefix(v.Link, "http://cairn.test/invite/") {
			t.Errorf("answer: %s", out)
		}
	})
}

func TestPasswordResetAnswersAlike(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		e.member("known@example.com", 3)
		resp1, known := e.api("POST", "/api/v1/password-resets", "", map[string]string{"email": "known@example.com"})
		resp2, unknown := e.api("POST", "/api/v1/password-resets", "", map[string]string{"email": "nobody@example.com"})
		if resp1.StatusCode != 202 || resp2.StatusCode != 202 || known != unknown {
			t.Fatalf("known: %d %s; unknown: %d %s", resp1.StatusCode, known, resp2.StatusCode, unknown)
		}
		// Delivered now, so the first mail is the older link: a batch goes
		// out over several connections at once, in no set order.
		e.deliver()
		b := e.browser()
		csrf := b.csrf("/forgot")
		_, page1 := b.post("/forgot", url.Values{"_csrf": {csrf}, "email": {"known@example.com"}})
		_, page2 := b.post("/forgot", url.Values{"_csrf": {csrf}, "email": {"nobody@example.com"}})
		if strings.ReplaceAll(page1, "known@", "X@") != strings.ReplaceAll(page2, "nobody@", "X@") {
			t.Errorf("the pages differ for a known and an unknown address")
		}
		e.deliver()
		mails := e.mail.to("known@example.com")
		if len(mails) != 2 || len(e.mail.to("nobody@example.com")) != 0 {
			t.Fatalf("%d reset mails", len(mails))
		}
		first := linkRe.FindStringSubmatch(mails[0].Text)[1]
		link := linkRe.FindStringSubmatch(mails[1].Text)[1]
		if r, _ := b.get(first); r.StatusCode != 409 {
			t.Errorf("older reset link still works: %d", r.StatusCode)
		}
		_, page := b.get(link)
		csrf = csrfRe.FindStringSubmatch(page)[1]
		resp, body := b.post(link, url.Values{"_csrf": {csrf}, "password": {"fresh password 1"}, "confirm_password": {"fresh password 1"}})
		wantStatus(t, "reset", resp, body, 303)
		e.token("known@example.com", "fresh password 1")
		e.clock.Advance(3 * time.Hour)
		resp, _ = e.api("POST", "/api/v1/password-resets", "", map[string]string{"email": "known@example.com"})
		e.deliver()
		expiring := linkRe.FindStringSubmatch(e.mail.to("known@example.com")[2].Text)[1]
		e.clock.Advance(3 * time.Hour)
		if r, _ := b.get(expiring); r.StatusCode != 410 {
			t.Errorf("expired link: %d", r.StatusCode)
		}
		if r, _ := b.get("/reset/made-up-token"); r.StatusCode != 404 {
			t.Errorf("made-up link: %d", r.StatusCode)
		}
	})
}

func TestWeMetLinkFromReminder(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := newMentoringFixture(t, e)
		resp, out := e.api("POST", "/api/v1/pairings", f.admin, f.pairing(f.senior, f.junior, nil))
		wantStatus(t, "pairing", resp, out, 201)
		at := e.clock.Now().Add(30 * time.Hour)
		resp, out = e.api("POST", "/api/v1/pairings/"+itoa(idOf(t, out))+"/checkins", f.juniorTok, map[string]any{
			"format": "formal", "scheduled_at": at.Format(time.RFC3339), "duration_minutes": 30})
		wantStatus(t, "schedule", resp, out, 201)
		checkin := idOf(t, out)
		e.clock.Advance(7 * time.Hour) // the 24 h reminder is due
		if _, err := e.svc.QueueDueReminders(t.Context()); err != nil {
			t.Fatal(err)
		}
		e.deliver()
		mails := e.mail.to("junior@example.com")
		if len(mails) != 1 {
			t.Fatalf("%d reminders to the mentee", len(mails))
		}
		var met, notMet string
		for _, line := range strings.Split(mails[0].Text, "\n") {
			if m := linkRe.FindStringSubmatch(line); m != nil && strings.Contains(line, "We met") {
				met = m[1]
			} else if m != nil && strings.Contains(line, "did not meet") {
				notMet = m[1]
			}
		}
		if met == "" || notMet == "" {
			t.Fatalf("no answer links in %q", mails[0].Text)
		}
		b := e.browser() // not signed in
		resp, body := b.get(met)
		wantStatus(t, "confirmation page", resp, body, 200)
		if !strings.Contains(body, "took place") || !strings.Contains(body, "senior") {
			t.Errorf("confirmation page: %s", body)
		}
		_, check := e.api("GET", "/api/v1/checkins/"+itoa(checkin), f.juniorTok, nil)
		if !strings.Contains(check, `"status":"scheduled"`) {
			t.Fatalf("a GET changed the meeting: %s", check)
		}
		csrf := csrfRe.FindStringSubmatch(body)[1]
		resp, body = b.post(met, url.Values{"_csrf": {csrf}})
		wantStatus(t, "too early", resp, body, 422)
		e.clock.Set(at.Add(time.Hour))
		resp, body = b.post(met, url.Values{"_csrf": {csrf}})
		wantStatus(t, "we met", resp, body, 200)
		if !strings.Contains(body, "now marked completed") {
			t.Errorf("done page: %s", body)
		}
		_, check = e.api("GET", "/api/v1/checkins/"+itoa(checkin), f.juniorTok, nil)
		if !strings.Contains(check, `"status":"completed"`) {
			t.Errorf("not completed: %s", check)
		}
		resp, body = b.post(met, url.Values{"_csrf": {csrf}})
		wantStatus(t, "second use", resp, body, 409)
		if !strings.Contains(body, "already used") {
			t.Errorf("second use page: %s", body)
		}
		resp, body = b.get(notMet)
		wantStatus(t, "other link after the answer", resp, body, 200)
		resp, body = b.post(notMet, url.Values{"_csrf": {csrf}})
		wantStatus(t, "not met after met", resp, body, 409)
		if !strings.Contains(body, "already marked completed") {
			t.Errorf("page: %s", body)
		}
		resp, body = b.post(met, url.Values{})
		wantStatus(t, "no CSRF token", resp, body, 403)
	})
}
