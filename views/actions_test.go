package views_test

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	eical "github.com/emersion/go-ical"
)

func TestActionItemsAPI(t *testing.T) {
	eachCoachingEnv(t, func(t *testing.T, e *env) {
		c := e.coachingCast()
		eng := c.newEngagement(t, e, c.coachP.ID)
		list := "/api/v1/engagements/" + itoa(eng) + "/actions"

		// the coach adds one for the coachee, from a session
		resp, out := e.api("POST", "/api/v1/engagements/"+itoa(eng)+"/sessions", c.coachee, map[string]any{
			"scheduled_at": "2026-03-05T10:00:00Z", "duration_minutes": 60})
		wantStatus(t, "session", resp, out, 201)
		session := idOf(t, out)
		resp, out = e.api("POST", list, c.coach, map[string]any{"title": "Draft the team charter", "detail": "one page",
			"owner_id": c.coacheeP.ID, "due_on": "2026-03-09", "meeting": map[string]any{"kind": "session", "id": session}})
		wantStatus(t, "add", resp, out, 201)
		item := idOf(t, out)
		if got := resp.Header.Get("Location"); got != "/api/v1/actions/"+itoa(item) {
			t.Errorf("Location = %q", got)
		}
		m := decodeMap(t, out)
		if m["done_at"] != nil || m["owner_id"].(float64) != float64(c.coacheeP.ID) || m["meeting"].(map[string]any)["kind"] != "session" {
			t.Errorf("created = %s", out)
		}
		for _, bad := range []map[string]any{
			{"title": "", "owner_id": c.coacheeP.ID, "due_on": "2026-03-09"},
			{"title": "x", "owner_id": c.otherP.ID, "due_on": "2026-03-09"},
			{"title": "x", "owner_id": c.coacheeP.ID, "due_on": "2026-03-09", "meeting": map[string]any{"kind": "checkin", "id": session}},
		} {
			resp, out = e.api("POST", list, c.coach, bad)
			wantStatus(t, "bad item", resp, out, 422)
		}

		// the coachee sees it; the admin only counts; an outsider nothing
		resp, out = e.api("GET", list, c.coachee, nil)
		wantStatus(t, "coachee's list", resp, out, 200)
		if !strings.Contains(out, "Draft the team charter") {
			t.Errorf("coachee's list = %s", out)
		}
		resp, out = e.api("GET", list, c.admin, nil)
		wantStatus(t, "admin's list", resp, out, 200)
		if strings.Contains(out, "charter") || !strings.Contains(out, `"open":1`) {
			t.Errorf("admin's list = %s, want counts only", out)
		}
		resp, out = e.api("GET", list, c.other, nil)
		wantStatus(t, "outsider's list", resp, out, 404)
		resp, out = e.api("POST", list, c.admin, map[string]any{"title": "x", "owner_id": c.coacheeP.ID, "due_on": "2026-03-09"})
		wantStatus(t, "admin adds", resp, out, 403)
		resp, out = e.api("PATCH", "/api/v1/actions/"+itoa(item), c.other, map[string]any{"title": "mine now"})
		wantStatus(t, "outsider patches", resp, out, 404)
		resp, out = e.api("PATCH", "/api/v1/actions/"+itoa(item), c.admin, map[string]any{"title": "mine now"})
		wantStatus(t, "admin patches", resp, out, 403)

		// only the owner marks it done, and may open it again
		resp, out = e.api("PATCH", "/api/v1/actions/"+itoa(item), c.coach, map[string]any{"done_at": "2026-03-02T10:00:00Z"})
		wantStatus(t, "coach marks done", resp, out, 403)
		resp, out = e.api("PATCH", "/api/v1/actions/"+itoa(item), c.coachee, map[string]any{"done_at": "2026-03-02T10:00:00Z"})
		wantStatus(t, "coachee marks done", resp, out, 200)
		if decodeMap(t, out)["done_at"] == nil {
			t.Errorf("not done: %s", out)
		}
		resp, out = e.api("GET", "/api/v1/me/actions?open=true", c.coachee, nil)
		wantStatus(t, "my open items", resp, out, 200)
		if strings.Contains(out, "charter") {
			t.Errorf("a done item among the open ones: %s", out)
		}
		resp, out = e.api("PATCH", "/api/v1/actions/"+itoa(item), c.coachee, map[string]any{"done_at": nil})
		wantStatus(t, "coachee reopens", resp, out, 200)
		if decodeMap(t, out)["done_at"] != nil {
			t.Errorf("still done: %s", out)
		}
		e.wantItems(t, "coach's items", "/api/v1/me/actions", c.coach, "items", 1)
		e.wantItems(t, "outsider's items", "/api/v1/me/actions", c.other, "items", 0)

		resp, out = e.api("DELETE", "/api/v1/actions/"+itoa(item), c.coach, nil)
		wantStatus(t, "delete", resp, out, 204)
		e.wantItems(t, "coachee's items after delete", "/api/v1/me/actions", c.coachee, "items", 0)
	})
}

func TestActionItemsPages(t *testing.T) {
	eachCoachingEnv(t, func(t *testing.T, e *env) {
		c := e.coachingCast()
		eng := c.newEngagement(t, e, c.coachP.ID)
		page := "/engagements/" + itoa(eng)

		coach := e.browser()
		coach.login("coach@example.com", "member password 1")

		// from a session's page to the add form with that session chosen
		resp, out := e.api("POST", "/api/v1/engagements/"+itoa(eng)+"/sessions", c.coach, map[string]any{
			"scheduled_at": "2026-03-03T10:00:00Z", "duration_minutes": 60})
		wantStatus(t, "session", resp, out, 201)
		session := itoa(idOf(t, out))
		_, out = coach.get("/sessions/" + session)
		if !strings.Contains(out, `href="`+page+`?meeting=`+session+`#actions"`) {
			t.Errorf("the session page does not lead to the add form: %s", out)
		}
		_, out = coach.get(page + "?meeting=" + session)
		if !strings.Contains(out, `<option value="`+session+`" selected>`) {
			t.Errorf("the session is not chosen in the add form: %s", out)
		}
		form := url.Values{"_csrf": {coach.csrf(page)}, "title": {""}, "owner_id": {itoa(c.coacheeP.ID)}, "due_on": {"2026-03-04"}}
		resp, out = coach.post(page+"/actions", form)
		wantStatus(t, "empty title", resp, out, 422)
		if i := strings.Index(out, `class="field-error"`); i < 0 || !strings.Contains(out[i:i+80], "is required") {
			t.Errorf("no error beside the title: %s", out)
		}
		form.Set("title", "Draft the team charter")
		resp, out = coach.post(page+"/actions", form)
		wantStatus(t, "add", resp, out, 303)
		_, out = coach.get(page)
		if !strings.Contains(out, "Draft the team charter") || !strings.Contains(out, "Wed 4 Mar 2026") {
			t.Errorf("engagement page lacks the item: %s", out)
		}
		if strings.Contains(out, "Mark done") {
			t.Error("the coach may not mark the coachee's item done")
		}

		// the coachee finds it on the home page and the agenda, and marks it done
		coachee := e.browser()
		coachee.login("coachee@example.com", "member password 1")
		for _, p := range []string{"/", "/agenda"} {
			_, out = coachee.get(p)
			if !strings.Contains(out, "Your action items due this week") || !strings.Contains(out, "Draft the team charter") {
				t.Errorf("%s lacks the due item", p)
			}
		}
		id := idOfAction(t, e, c.coachee)
		resp, out = coachee.post("/actions/"+itoa(id)+"/done", url.Values{"_csrf": {coachee.csrf("/")}, "done": {"1"}, "back": {"/"}})
		wantStatus(t, "mark done", resp, out, 303)
		if got := resp.Header.Get("Location"); got != "/" {
			t.Errorf("back to %q", got)
		}
		_, out = coachee.get("/")
		if strings.Contains(out, "Draft the team charter") {
			t.Error("a done item is still due on the home page")
		}
		_, out = coach.get(page)
		if !strings.Contains(out, `<span class="tag ok">Done</span>`) {
			t.Error("the coach does not see it done")
		}

		// an overdue item shows as overdue, and in the health
		e.clock.Set(time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC))
		coach = e.browser() // the session has run out meanwhile
		coach.login("coach@example.com", "member password 1")
		form.Set("_csrf", coach.csrf(page))
		form.Set("title", "Book the offsite")
		form.Set("due_on", "2026-03-19")
		resp, out = coach.post(page+"/actions", form)
		wantStatus(t, "add a late one", resp, out, 303)
		_, out = coach.get(page)
		if !strings.Contains(out, `<span class="tag risk">Overdue</span>`) || !strings.Contains(out, "1 overdue action item") {
			t.Errorf("overdue item not shown as overdue or in the health: %s", out)
		}

		// the admin sees counts, never titles
		_, out = e.adminBrowser().get(page)
		if strings.Contains(out, "Book the offsite") || strings.Contains(out, "charter") || !strings.Contains(out, "1 open (1 overdue), 1 done") {
			t.Errorf("admin's page: %s", out)
		}
	})
}

// idOfAction is the id of the first of the caller's items.
func idOfAction(t *testing.T, e *env, token string) int64 {
	t.Helper()
	resp, out := e.api("GET", "/api/v1/me/actions", token, nil)
	wantStatus(t, "my items", resp, out, 200)
	var got struct{ Items []struct{ ID int64 } }
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got.Items) == 0 {
		t.Fatalf("my items: %s", out)
	}
	return got.Items[0].ID
}

// The calendar feed carries the owner's open action items as to-dos due
// on their dates, and parses with two independent iCalendar readers.
func TestActionItemsInCalendarFeed(t *testing.T) {
	eachCoachingEnv(t, func(t *testing.T, e *env) {
		c := e.coachingCast()
		eng := c.newEngagement(t, e, c.coachP.ID)
		list := "/api/v1/engagements/" + itoa(eng) + "/actions"
		for _, it := range []struct{ title, due, owner string }{
			{"Draft the team charter; v1, short", "2026-03-09", "coachee"},
			{"Done already", "2026-03-05", "coachee"},
			{"The coach's own", "2026-03-06", "coach"},
		} {
			owner := c.coacheeP.ID
			if it.owner == "coach" {
				owner = c.coachP.ID
			}
			resp, out := e.api("POST", list, c.coach, map[string]any{"title": it.title, "owner_id": owner, "due_on": it.due})
			wantStatus(t, "add", resp, out, 201)
			if it.title == "Done already" {
				resp, out = e.api("PATCH", "/api/v1/actions/"+itoa(idOf(t, out)), c.coachee, map[string]any{"done": true})
				wantStatus(t, "done", resp, out, 200)
			}
		}
		resp, out := e.api("GET", "/api/v1/me/calendar", c.coachee, nil)
		wantStatus(t, "calendar url", resp, out, 200)
		var cal struct{ URL string }
		if err := json.Unmarshal([]byte(out), &cal); err != nil {
			t.Fatal(err)
		}
		resp, body := e.do(httptest.NewRequest("GET", strings.TrimPrefix(cal.URL, "http://cairn.test"), nil))
		wantStatus(t, "feed", resp, body, 200)

		parsed, err := ics.ParseCalendar(strings.NewReader(body))
		if err != nil {
			t.Fatalf("golang-ical cannot parse the feed: %v\n%s", err, body)
		}
		todos := parsed.Todos()
		if len(todos) != 1 {
			t.Fatalf("golang-ical: %d to-dos, want the one open item the coachee owns\n%s", len(todos), body)
		}
		if due, err := todos[0].GetAllDayDueAt(); err != nil || due.Format("2006-01-02") != "2026-03-09" {
			t.Errorf("golang-ical: DUE %v (%v)", due, err)
		}

		ecal, err := eical.NewDecoder(strings.NewReader(body)).Decode()
		if err != nil {
			t.Fatalf("go-ical cannot parse the feed: %v\n%s", err, body)
		}
		var etodos []*eical.Component
		for _, comp := range ecal.Children {
			if comp.Name == eical.CompToDo {
				etodos = append(etodos, comp)
			}
		}
		if len(etodos) != 1 {
			t.Fatalf("go-ical: %d to-dos\n%s", len(etodos), body)
		}
		due := etodos[0].Props.Get(eical.PropDue)
		if due == nil || due.Value != "20260309" || due.ValueType() != eical.ValueDate {
			t.Errorf("go-ical: DUE %+v", due)
		}
		if sum, err := etodos[0].Props.Text(eical.PropSummary); err != nil || sum != "Draft the team charter; v1, short" {
			t.Errorf("go-ical: SUMMARY %q (%v)", sum, err)
		}
		if uid := etodos[0].Props.Get(eical.PropUID); uid == nil || !strings.HasPrefix(uid.Value, "action-") {
			t.Errorf("go-ical: UID %+v", uid)
		}
	})
}
