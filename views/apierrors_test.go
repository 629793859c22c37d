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
		status int
	}{
		"headers too large": {func() (int, string, string) {
			return send("GET", "/api/v1/me", "", "", map[string]string{"X-Padding": strings.Repeat("a", 16<<10)})
		}, 431},
		"broken multipart": {func() (int, string, string) {
			return send("POST", "/api/v1/people/import", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nbroken", nil)
		}, 400},
	} {
		status, ctype, body := tc.do()
		var out struct {
			Error struct{ Code, Message string }
		}
		if status != tc.status || !strings.HasPrefix(ctype, "application/json") || json.Unmarshal([]byte(body), &out) != nil || out.Error.Code == "" {
			t.Errorf("%s: %d %s %.300q, want %d with a JSON error", name, status, ctype, body, tc.status)
		}
	}
}
