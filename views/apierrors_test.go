package views_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"cairn/cmd/cairn/generate"
	"cairn/domain"
	"cairn/storage/storagetest"
)

// TestAPIErrorsAreJSONBeforeRouting: requests fasthttp refuses before any
// handler runs (headers too large, a broken multipart body) still answer
// the API's JSON error shape under /api/v1.
func TestAPIErrorsAreJSONBeforeRouting(t *testing.T) {
	e := newEnv(t, storagetest.New(t, "sqlite"))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = e.app.Listener(ln) }()
	t.Cleanup(func() { _ = e.app.Shutdown() })
	base := "http://" + ln.Addr().String()
	send := func(method, path, ctype, body string, header map[string]string) (int, string, string) {
		req, err := http.NewRequest(method, base+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		for k, v := range header {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		checkAPI(t, req, []byte(body), resp, b)
		return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
	}
	for name, tc := range map[string]struct {
		do     func() (int, string, string)
		status int // 0: any 4xx
	}{
		"headers too large": {func() (int, string, string) {
			return send("GET", "/api/v1/me", "", "", map[string]string{"X-Padding": strings.Repeat("a", 16<<10)})
		}, 431},
		"broken multipart": {func() (int, string, string) {
			return send("POST", "/api/v1/people/import", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nbroken",
				map[string]string{"Authorization": "Bearer " + e.token("admin@example.com", adminPassword)})
		}, 0},
	} {
		status, ctype, body := tc.do()
		var out struct {
			Error struct{ Code, Message string }
		}
		if (tc.status != 0 && status != tc.status) || status < 400 || status > 499 || !strings.HasPrefix(ctype, "application/json") || json.Unmarshal([]byte(body), &out) != nil || out.Error.Code == "" {
			t.Errorf("%s: %d %s %.300q, want %d with a JSON error", name, status, ctype, body, tc.status)
		}
	}
}

// TestInstantsOutOfRangeAre422: a meeting time, an agenda bound or a date
// outside the years 1900-2200 is refused with a 422 naming the field where
// there is one, and nothing is stored.
func TestInstantsOutOfRangeAre422(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := newMentoringFixture(t, e)
		resp, out := e.api("POST", "/api/v1/pairings", f.admin, f.pairing(f.senior, f.junior, nil))
		wantStatus(t, "pairing", resp, out, 201)
		checkins := "/api/v1/pairings/" + itoa(idOf(t, out)) + "/checkins"
		resp, out = e.api("POST", checkins, f.juniorTok, map[string]any{"format": "formal",
			"scheduled_at": "2026-03-09T10:00:00Z", "duration_minutes": 45})
		wantStatus(t, "a check-in in range", resp, out, 201)
		checkin := "/api/v1/checkins/" + itoa(idOf(t, out))
		for _, at := range []string{"9999-12-31T23:59:59Z", "2201-01-01T00:00:00Z", "1899-12-31T23:59:59Z", "0001-01-01T00:00:01Z"} {
			format := "formal"
			if at < "2026" {
				format = "informal" // logged after the fact
			}
			resp, out = e.api("POST", checkins, f.juniorTok, map[string]any{"format": format, "scheduled_at": at, "duration_minutes": 45})
			if resp.StatusCode != 422 || !strings.Contains(out, `"scheduled_at":"must be in the years 1900 to 2200"`) {
				t.Errorf("a check-in at %s: %d %s", at, resp.StatusCode, out)
			}
			resp, out = e.api("PATCH", checkin, f.juniorTok, map[string]any{"scheduled_at": at})
			if resp.StatusCode != 422 || !strings.Contains(out, `"scheduled_at"`) {
				t.Errorf("moving a check-in to %s: %d %s", at, resp.StatusCode, out)
			}
		}
		resp, out = e.api("GET", checkins+"?limit=500", f.juniorTok, nil)
		if n := strings.Count(out, `"scheduled_at"`); resp.StatusCode != 200 || n != 1 || !strings.Contains(out, "2026-03-09T10:00:00Z") {
			t.Errorf("after the refusals the pairing holds %d check-ins: %s", n, out)
		}
		for _, q := range []string{"from=9999-01-01T00:00:00Z", "from=2300-01-01", "from=1800-01-01&to=1800-01-02"} {
			resp, out = e.api("GET", "/api/v1/me/agenda?"+q, f.juniorTok, nil)
			if resp.StatusCode != 422 || !strings.Contains(out, "1900 to 2200") {
				t.Errorf("agenda ?%s: %d %s", q, resp.StatusCode, out)
			}
		}
		resp, out = e.api("POST", "/api/v1/programmes", f.admin, map[string]any{"name": "Far future", "kind": "mentoring", "starts_on": "2300-01-01"})
		if resp.StatusCode != 422 || !strings.Contains(out, "1900 to 2200") {
			t.Errorf("a programme starting 2300-01-01: %d %s", resp.StatusCode, out)
		}
	})
}

// TestPagingGetsEveryRowOnce pages every list of the JSON API over a
// generated organisation, with several page sizes, and checks that the
// pages hold each row of the list exactly once, in the order of the one
// page that holds them all. Meetings are added out of id order and with
// equal times, and flags with equal and out-of-order raise times, so a
// cursor that filters by id but sorts by something else shows.
func TestPagingGetsEveryRowOnce(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		plan, err := generate.NewPlan(generate.Options{People: 60, Seed: 11, Now: e.clock.Now()})
		if err != nil {
			t.Fatal(err)
		}
		if err := plan.Write(ctx, e.store, nil); err != nil {
			t.Fatal(err)
		}
		if len(plan.Pairings) == 0 || len(plan.Engagements) == 0 {
			t.Fatalf("the plan holds no pairing or engagement: %+v", plan.Counts())
		}
		ports := e.store.Ports()
		r := rand.New(rand.NewPCG(5, 9))

		// Meetings whose ids run against their times, some at equal times.
		pa, en := plan.Pairings[0], plan.Engagements[0]
		base := e.clock.Now().Add(-400 * 24 * time.Hour)
		for i := range 12 {
			at := base.Add(time.Duration(12-i/3) * 24 * time.Hour) // four groups of three equal times, latest first
			m := domain.Meeting{Kind: domain.MeetingCheckin, PairingID: &pa.ID, LeaderID: pa.MentorID, LearnerID: pa.MenteeID,
				Format: domain.FormatFormal, ScheduledAt: at, DurationMinutes: 30, Status: domain.StatusCancelled,
				CreatedBy: pa.MentorID, CreatedAt: at, UpdatedAt: at}
			if err := ports.Meetings.CreateMeeting(ctx, &m); err != nil {
				t.Fatal(err)
			}
			s := m
			s.ID, s.Kind, s.PairingID, s.EngagementID, s.LeaderID, s.LearnerID = 0, domain.MeetingSession, nil, &en.ID, en.CoachID, en.CoacheeID
			if err := ports.Meetings.CreateMeeting(ctx, &s); err != nil {
				t.Fatal(err)
			}
		}
		// Open flags raised at times that run against their ids, with ties.
		kinds := []domain.FlagKind{domain.FlagCheckinOverdue, domain.FlagGoalOverdue, domain.FlagGoalDeadlineNear, domain.FlagSessionsBehind}
		for i := range 17 {
			subject := plan.Pairings[(i/len(kinds))%len(plan.Pairings)]
			f := domain.Flag{Kind: kinds[i%len(kinds)], SubjectType: "pairing", SubjectID: subject.ID, ProgrammeID: subject.ProgrammeID,
				Detail: "test", RaisedAt: base.Add(time.Duration(r.IntN(4)) * time.Hour)}
			if _, err := ports.Flags.RaiseFlag(ctx, &f); err != nil {
				t.Fatal(err)
			}
		}
		for i := range 9 {
			if _, _, err := e.svc.IssueAPIToken(ctx, e.admin, fmt.Sprintf("token %d", i)); err != nil {
				t.Fatal(err)
			}
			n := domain.Notification{RecipientID: e.admin.ID, Kind: "test", Subject: "s", Body: "b", Link: "/", CreatedAt: base}
			if err := ports.Notifications.InsertNotification(ctx, &n); err != nil {
				t.Fatal(err)
			}
			m := domain.OutboxMessage{Kind: domain.OutboxDigest, To: "x@example.com", Subject: "s", Text: "t",
				MessageID: fmt.Sprintf("paging-%d@test", i), State: domain.OutboxQueued, NextAttemptAt: base, CreatedAt: base}
			if err := ports.Outbox.EnqueueMail(ctx, &m); err != nil {
				t.Fatal(err)
			}
		}
		tok := e.token("admin@example.com", adminPassword)

		count := func(q string, args ...any) int {
			var n int
			if err := e.store.DB().Get(&n, e.store.DB().Rebind(q), args...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			return n
		}
		lists := []struct {
			path string
			rows int
		}{
			{"/api/v1/people", count(`SELECT count(*) FROM people`)},
			{"/api/v1/programmes", count(`SELECT count(*) FROM programmes WHERE archived_at IS NULL`)},
			{"/api/v1/pairings", count(`SELECT count(*) FROM pairings`)},
			{"/api/v1/engagements", count(`SELECT count(*) FROM engagements`)},
			{"/api/v1/pairings/" + itoa(pa.ID) + "/checkins", count(`SELECT count(*) FROM meetings WHERE pairing_id = ?`, pa.ID)},
			{"/api/v1/engagements/" + itoa(en.ID) + "/sessions", count(`SELECT count(*) FROM meetings WHERE engagement_id = ?`, en.ID)},
			{"/api/v1/admin/audit", count(`SELECT count(*) FROM audit_log`)},
			{"/api/v1/flags", count(`SELECT count(*) FROM flags WHERE cleared_at IS NULL`)},
			{"/api/v1/me/tokens", count(`SELECT count(*) FROM api_tokens WHERE person_id = ?`, e.admin.ID)},
			{"/api/v1/me/notifications", count(`SELECT count(*) FROM notifications WHERE recipient_id = ?`, e.admin.ID)},
			{"/api/v1/admin/outbox", count(`SELECT count(*) FROM outbox`)},
		}
		for _, p := range plan.Pairings[1:4] {
			lists = append(lists, struct {
				path string
				rows int
			}{"/api/v1/pairings/" + itoa(p.ID) + "/checkins", count(`SELECT count(*) FROM meetings WHERE pairing_id = ?`, p.ID)})
		}
		page := func(path string, q string) []int64 {
			t.Helper()
			resp, body := e.api("GET", path+"?"+q, tok, nil)
			if resp.StatusCode != 200 {
				t.Fatalf("GET %s?%s: %d %s", path, q, resp.StatusCode, body)
			}
			var out struct{ Items []struct{ ID int64 } }
			if err := json.Unmarshal([]byte(body), &out); err != nil {
				t.Fatalf("GET %s?%s: %v", path, q, err)
			}
			ids := make([]int64, len(out.Items))
			for i, it := range out.Items {
				ids[i] = it.ID
			}
			return ids
		}
		// A meeting of another pairing is no cursor: continuing after its
		// time would tell when it is.
		other := plan.Pairings[1]
		var foreign int64
		if err := e.store.DB().Get(&foreign, e.store.DB().Rebind(`SELECT id FROM meetings WHERE pairing_id = ? ORDER BY scheduled_at, id LIMIT 1`), other.ID); err != nil {
			t.Fatal(err)
		}
		if ids := page("/api/v1/pairings/"+itoa(pa.ID)+"/checkins", "after="+itoa(foreign)); len(ids) != 0 {
			t.Errorf("after a meeting of another pairing: %v, want an empty page", ids)
		}
		for _, l := range lists {
			if l.rows < 2 || l.rows > 500 {
				t.Fatalf("%s: %d rows; the test needs 2 to 500", l.path, l.rows)
			}
			all := page(l.path, "limit=500")
			if len(all) != l.rows {
				t.Errorf("%s: one page of 500 holds %d rows, the table %d", l.path, len(all), l.rows)
				continue
			}
			if got := page(l.path, ""); len(got) != min(50, l.rows) {
				t.Errorf("%s: the default page holds %d rows, want %d", l.path, len(got), min(50, l.rows))
			}
			for _, size := range []int{1, 2, 7, 1 + r.IntN(l.rows)} {
				var got []int64
				after := int64(0)
				for range l.rows + 2 {
					q := "limit=" + strconv.Itoa(size)
					if after != 0 {
						q += "&after=" + itoa(after)
					}
					ids := page(l.path, q)
					if len(ids) > size {
						t.Fatalf("%s?%s: %d rows, more than the limit", l.path, q, len(ids))
					}
					got = append(got, ids...)
					if len(ids) < size {
						break
					}
					after = ids[len(ids)-1]
				}
				if fmt.Sprint(got) != fmt.Sprint(all) {
					t.Errorf("%s in pages of %d: %d rows (%s), want each of the %d rows once", l.path, size, len(got), diff(got, all), len(all))
				}
			}
		}
	})
}

// diff says which rows are missing from got and which come twice.
func diff(got, want []int64) string {
	seen := map[int64]int{}
	for _, id := range got {
		seen[id]++
	}
	missing, twice := 0, 0
	for _, id := range want {
		if seen[id] == 0 {
			missing++
		}
	}
	for _, n := range seen {
		if n > 1 {
			twice++
		}
	}
	return fmt.Sprintf("%d missing, %d repeated", missing, twice)
}
