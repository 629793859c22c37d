package views_test

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

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
