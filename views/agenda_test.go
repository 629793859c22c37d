package views_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"cairn/domain"
)

// sqlFixture inserts rows the agenda reads, straight into the tables, so
// these tests depend on the schema only.
type sqlFixture struct {
	e *env
}

func (f sqlFixture) exec(q string, args ...any) int64 {
	f.e.t.Helper()
	db := f.e.store.DB()
	var id int64
	if err := db.QueryRowx(db.Rebind(q+" RETURNING id"), args...).Scan(&id); err != nil {
		f.e.t.Fatalf("fixture %q: %v", q, err)
	}
	return id
}

func (f sqlFixture) programme(name, kind string) int64 {
	now := time.Now().UTC()
	return f.exec(`INSERT INTO programmes (name, kind, description, created_at, updated_at) VALUES (?, ?, '', ?, ?)`, name, kind, now, now)
}

func (f sqlFixture) pairing(prog, mentor, mentee int64) int64 {
	now := time.Now().UTC()
	return f.exec(`INSERT INTO pairings (programme_id, mentor_id, mentee_id, started_on, status, checkin_cadence_days, created_at, updated_at)
		VALUES (?, ?, ?, '2026-01-01', 'active', 14, ?, ?)`, prog, mentor, mentee, now, now)
}

func (f sqlFixture) engagement(prog, coach, coachee int64, goal string) int64 {
	now := time.Now().UTC()
	return f.exec(`INSERT INTO engagements (programme_id, coach_id, coachee_id, goal_title, goal_area, starts_on, ends_on,
		planned_sessions, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'work', '2026-01-01', '2026-12-31', 6, 'active', ?, ?)`,
		prog, coach, coachee, goal, now, now)
}

func (f sqlFixture) meeting(kind string, rel, leader, learner int64, at time.Time, status string) int64 {
	col := "pairing_id"
	if kind == "session" {
		col = "engagement_id"
	}
	now := time.Now().UTC()
	return f.exec(`INSERT INTO meetings (kind, `+col+`, leader_id, learner_id, format, scheduled_at, ends_at, duration_minutes,
		location, status, notes, created_at, updated_at) VALUES (?, ?, ?, ?, 'formal', ?, ?, 45, 'Room 4', ?, 'secret notes', ?, ?)`,
		kind, rel, leader, learner, at.UTC(), at.Add(45*time.Minute).UTC(), status, now, now)
}

func TestAgendaBothKindsInOwnZone(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := sqlFixture{e}
		mentor, _ := e.member("mentor@example.com", 8)
		coach, coachTok := e.member("coach@example.com", 9)
		learner, learnerTok := e.member("learner@example.com", 3)
		_, outsiderTok := e.member("outsider@example.com", 5)
		// The learner lives in Tokyo, the coach in Los Angeles.
		ctx := context.Background()
		tokyo, la := "Asia/Tokyo", "America/Los_Angeles"
		if _, err := e.svc.UpdateOwnProfile(ctx, domain.Actor{Person: learner}, domain.ProfileInput{Timezone: &tokyo}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.UpdateOwnProfile(ctx, domain.Actor{Person: coach}, domain.ProfileInput{Timezone: &la}); err != nil {
			t.Fatal(err)
		}
		pm := f.programme("Graduates", "mentoring")
		pc := f.programme("Leaders", "coaching")
		pa := f.pairing(pm, mentor.ID, learner.ID)
		en := f.engagement(pc, coach.ID, learner.ID, "Speak up in meetings")
		now := e.clock.Now() // 2026-03-02 09:00 UTC
		checkin := f.meeting("checkin", pa, mentor.ID, learner.ID, now.Add(26*time.Hour), "scheduled")
		session := f.meeting("session", en, coach.ID, learner.ID, now.Add(50*time.Hour), "scheduled")
		f.meeting("checkin", pa, mentor.ID, learner.ID, now.Add(-72*time.Hour), "completed") // before the range

		resp, body := e.api("GET", "/api/v1/me/agenda", learnerTok, nil)
		wantStatus(t, "agenda", resp, body, 200)
		var out struct {
			Items []struct {
				Kind        string
				ID          int64
				Title       string
				With        struct{ ID int64 }
				ScheduledAt time.Time `json:"scheduled_at"`
				Location    string
				Status      string
			}
		}
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatal(err)
		}
		if len(out.Items) != 2 || out.Items[0].ID != checkin || out.Items[1].ID != session ||
			out.Items[0].Kind != "checkin" || out.Items[1].Kind != "session" {
			t.Fatalf("agenda items: %s", body)
		}
		if out.Items[0].With.ID != mentor.ID || out.Items[1].With.ID != coach.ID || out.Items[1].Location != "Room 4" {
			t.Errorf("other participant or location wrong: %s", body)
		}
		if !strings.HasSuffix(strings.Split(body, `"scheduled_at":"`)[1][:20], "Z") || strings.Contains(body, "secret notes") {
			t.Errorf("instants not UTC or notes leaked: %s", body)
		}
		if !strings.Contains(out.Items[1].Title, "Speak up in meetings") {
			t.Errorf("session title: %q", out.Items[1].Title)
		}
		// A range given as dates in the caller's zone, and as instants with offsets.
		resp, body = e.api("GET", "/api/v1/me/agenda?from=2026-03-03&to=2026-03-03", learnerTok, nil)
		wantStatus(t, "date range", resp, body, 200)
		if !strings.Contains(body, `"kind":"checkin"`) || strings.Contains(body, `"kind":"session"`) {
			t.Errorf("2026-03-03 in Tokyo: %s", body)
		}
		resp, body = e.api("GET", "/api/v1/me/agenda?from="+url.QueryEscape("2026-03-04T00:00:00+09:00")+"&to="+url.QueryEscape("2026-03-05T00:00:00+09:00"), learnerTok, nil)
		wantStatus(t, "offset range", resp, body, 200)
		if !strings.Contains(body, `"kind":"session"`) || strings.Contains(body, `"kind":"checkin"`) {
			t.Errorf("2026-03-04 Tokyo by offsets: %s", body)
		}
		for _, q := range []string{"from=yesterday", "to=2026-13-01", "from=2026-03-05&to=2026-03-01"} {
			resp, body = e.api("GET", "/api/v1/me/agenda?"+q, learnerTok, nil)
			wantStatus(t, q, resp, body, 400)
		}
		resp, body = e.api("GET", "/api/v1/me/agenda", outsiderTok, nil)
		if body != `{"items":[],"truncated":false}` {
			t.Errorf("outsider's agenda: %s", body)
		}
		resp, body = e.api("GET", "/api/v1/me/agenda", coachTok, nil)
		if !strings.Contains(body, `"role":"coach"`) || strings.Contains(body, `"kind":"checkin"`) {
			t.Errorf("coach's agenda: %s", body)
		}

		// The same session at each viewer's local time, zone named.
		lb := e.browser()
		lb.login("learner@example.com", "member password 1")
		_, page := lb.get("/")
		// 2026-03-04 11:00 UTC is 20:00 in Tokyo, 03:00 in Los Angeles.
		if !strings.Contains(page, "Wed 4 Mar 2026, 20:00 JST") || !strings.Contains(page, "Tomorrow") {
			t.Errorf("learner's home does not show Tokyo times:\n%s", page)
		}
		cb := e.browser()
		cb.login("coach@example.com", "member password 1")
		_, page = cb.get("/agenda")
		if !strings.Contains(page, "Wed 4 Mar 2026, 03:00 PST") {
			t.Errorf("coach's agenda does not show Los Angeles time:\n%s", page)
		}
	})
}

func TestSettings(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		_, tok := e.member("s@example.com", 4)
		resp, body := e.api("PATCH", "/api/v1/me", tok, map[string]any{"timezone": "Mars/Base"})
		wantStatus(t, "bad zone", resp, body, 422)
		resp, body = e.api("PATCH", "/api/v1/me", tok, map[string]any{"name": "Sam", "timezone": "Asia/Tokyo"})
		wantStatus(t, "profile", resp, body, 200)
		if !strings.Contains(body, `"timezone":"Asia/Tokyo"`) || !strings.Contains(body, `"name":"Sam"`) {
			t.Errorf("profile: %s", body)
		}
		resp, body = e.api("PATCH", "/api/v1/me", tok, map[string]any{"role": "admin"})
		wantStatus(t, "cannot make oneself admin", resp, body, 400)
		resp, body = e.api("PATCH", "/api/v1/me", tok, map[string]any{"current_password": "wrong one!!", "new_password": "a brand new password"})
		wantStatus(t, "wrong current password", resp, body, 422)

		b := e.browser()
		b.login("s@example.com", "member password 1")
		other := e.browser()
		other.login("s@example.com", "member password 1")
		csrf := b.csrf("/settings")
		resp, body = b.post("/settings/password", url.Values{"_csrf": {csrf}, "current_password": {"member password 1"},
			"new_password": {"a brand new password"}, "confirm_password": {"a brand new password"}})
		wantStatus(t, "change password", resp, body, 303)
		if r, _ := b.get("/settings"); r.StatusCode != 200 {
			t.Errorf("own session ended by password change: %d", r.StatusCode)
		}
		if r, _ := other.get("/settings"); r.StatusCode != 303 {
			t.Errorf("other session survived password change: %d", r.StatusCode)
		}
		if r, _ := e.api("GET", "/api/v1/me", tok, nil); r.StatusCode != 401 {
			t.Errorf("token from before the password change: %d, want 401", r.StatusCode)
		}
		tok = e.token("s@example.com", "a brand new password")

		resp, body = b.post("/settings/tokens", url.Values{"_csrf": {csrf}, "name": {"script"}})
		wantStatus(t, "create token", resp, body, 200)
		if !strings.Contains(body, `id="new-token"`) {
			t.Fatalf("new token not shown: %s", body)
		}
		resp, body = e.api("GET", "/api/v1/me/tokens", tok, nil)
		if !strings.Contains(body, `"name":"script"`) || strings.Contains(body, "hash") {
			t.Errorf("tokens: %s", body)
		}
		var list struct{ Items []struct{ ID int64 } }
		_ = json.Unmarshal([]byte(body), &list)
		admin := e.token("admin@example.com", adminPassword)
		resp, body = e.api("DELETE", "/api/v1/me/tokens/"+itoa(list.Items[0].ID), admin, nil)
		wantStatus(t, "revoke another's token", resp, body, 404)
		resp, body = e.api("DELETE", "/api/v1/me/tokens/"+itoa(list.Items[0].ID), tok, nil)
		wantStatus(t, "revoke own token", resp, body, 204)
	})
}

func TestPasswordConfirmationMustMatch(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		e.member("c@example.com", 4)
		b := e.browser()
		b.login("c@example.com", "member password 1")
		csrf := b.csrf("/settings")
		resp, body := b.post("/settings/password", url.Values{"_csrf": {csrf}, "current_password": {"member password 1"},
			"new_password": {"a brand new password"}, "confirm_password": {"another password!!"}})
		wantStatus(t, "mismatch", resp, body, 422)
		e.token("c@example.com", "member password 1") // unchanged
	})
}

// TestAgendaSaysWhenTruncated: a range holding more meetings than one
// answer lists says so, in the JSON and on the page; one that fits does not.
func TestAgendaSaysWhenTruncated(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := sqlFixture{e}
		mentor, _ := e.member("mentor@example.com", 8)
		learner, learnerTok := e.member("learner@example.com", 3)
		pa := f.pairing(f.programme("Graduates", "mentoring"), mentor.ID, learner.ID)
		now := e.clock.Now()
		var ms []*domain.Meeting
		for i := range domain.MaxAgendaItems + 1 {
			ms = append(ms, &domain.Meeting{Kind: domain.MeetingCheckin, PairingID: &pa, LeaderID: mentor.ID, LearnerID: learner.ID,
				Format: domain.FormatFormal, ScheduledAt: now.Add(time.Duration(i+1) * time.Hour).UTC(), DurationMinutes: 30,
				Status: domain.StatusScheduled, CreatedBy: mentor.ID, CreatedAt: now, UpdatedAt: now})
		}
		if err := e.store.CreateMeetings(context.Background(), ms); err != nil {
			t.Fatal(err)
		}
		var out struct {
			Items     []json.RawMessage
			Truncated bool
		}
		resp, body := e.api("GET", "/api/v1/me/agenda?to=2026-06-01", learnerTok, nil)
		wantStatus(t, "long agenda", resp, body, 200)
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatal(err)
		}
		if !out.Truncated || len(out.Items) != domain.MaxAgendaItems {
			t.Errorf("truncated %v with %d items", out.Truncated, len(out.Items))
		}
		last := ms[domain.MaxAgendaItems-1].ScheduledAt.Add(time.Minute).Format(time.RFC3339)
		resp, body = e.api("GET", "/api/v1/me/agenda?to="+url.QueryEscape(last), learnerTok, nil)
		wantStatus(t, "agenda that fits", resp, body, 200)
		out.Truncated, out.Items = true, nil
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatal(err)
		}
		if out.Truncated || len(out.Items) != domain.MaxAgendaItems {
			t.Errorf("a range of exactly %d: truncated %v with %d items", domain.MaxAgendaItems, out.Truncated, len(out.Items))
		}
		b := e.browser()
		b.login("learner@example.com", "member password 1")
		_, page := b.get("/agenda?from=2026-03-01&to=2026-06-01")
		if !strings.Contains(page, "only the first 1000 are listed") {
			t.Errorf("the page does not say the list is cut short")
		}
		_, page = b.get("/agenda?from=2026-03-01&to=2026-03-03")
		if strings.Contains(page, "only the first") {
			t.Errorf("a short range says it is cut short")
		}
	})
}
