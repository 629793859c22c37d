package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// get fetches url with an optional Authorization header.
func get(t *testing.T, url, auth string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// parseExposition reads a scrape with Prometheus' own parser.
func parseExposition(t *testing.T, body string) map[string]*dto.MetricFamily {
	t.Helper()
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		t.Fatalf("the scrape does not parse: %v\n%.2000s", err, body)
	}
	return fams
}

// sample is the value of the family's sample whose labels include want
// (a histogram's count); -1 when there is none.
func sample(fams map[string]*dto.MetricFamily, name string, want map[string]string) float64 {
	f := fams[name]
	if f == nil {
		return -1
	}
next:
	for _, m := range f.Metric {
		for k, w := range want {
			found := false
			for _, l := range m.Label {
				if l.GetName() == k && l.GetValue() == w {
					found = true
				}
			}
			if !found {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount())
		}
	}
	return -1
}

// TestMetricsOnTheMainAddress: with CAIRN_METRICS_TOKEN, /metrics on the
// main address answers its bearer only (401 otherwise) and shows the
// traffic the test drove, by route pattern; without token or metrics
// address, /metrics does not exist.
func TestMetricsOnTheMainAddress(t *testing.T) {
	dir := t.TempDir()
	closed := startServer(t, "sqlite://"+filepath.Join(dir, "closed.db"), nil)
	if status, _, _ := get(t, closed.URL+"/metrics", ""); status != 404 {
		t.Errorf("/metrics with neither address nor token: %d, want 404", status)
	}

	s := startServer(t, "sqlite://"+filepath.Join(dir, "open.db"), map[string]string{"CAIRN_METRICS_TOKEN": "scrape-secret"})
	for _, auth := range []string{"", "Bearer wrong", "Basic c2NyYXBlLXNlY3JldA=="} {
		if status, _, _ := get(t, s.URL+"/metrics", auth); status != 401 {
			t.Errorf("/metrics with %q: %d, want 401", auth, status)
		}
	}
	token := s.adminToken(t)
	var me struct{ ID int64 }
	s.api(t, "GET", "/api/v1/me", token, nil, &me, 200)
	s.api(t, "GET", "/api/v1/people/999999", token, nil, nil, 404)
	status, header, body := get(t, s.URL+"/metrics", "Bearer scrape-secret")
	if status != 200 || !strings.HasPrefix(header.Get("Content-Type"), "text/plain") {
		t.Fatalf("/metrics: %d %s", status, header.Get("Content-Type"))
	}
	fams := parseExposition(t, body)
	for _, c := range []struct {
		name   string
		labels map[string]string
		min    float64
	}{
		{"cairn_http_requests_total", map[string]string{"route": "/api/v1/me", "method": "GET", "status": "200"}, 1},
		{"cairn_http_requests_total", map[string]string{"route": "/api/v1/people/:id", "method": "GET", "status": "404"}, 1},
		{"cairn_http_requests_total", map[string]string{"route": "/api/v1/tokens", "method": "POST", "status": "201"}, 1},
		{"cairn_http_requests_total", map[string]string{"route": "/metrics", "method": "GET", "status": "401"}, 3},
		{"cairn_http_request_duration_seconds", map[string]string{"route": "/api/v1/me", "method": "GET"}, 1},
		{"cairn_job_runs_total", map[string]string{"job": "reminders"}, 0},
		{"cairn_job_failures_total", map[string]string{"job": "outbox"}, 0},
		{"cairn_outbox_messages", map[string]string{"state": "dead"}, 0},
		{"cairn_reminders_due", nil, 0},
		{"cairn_reminders_late", nil, 0},
		{"cairn_flags_open", map[string]string{"kind": "checkin_overdue"}, 0},
		{"cairn_ops_scrape_errors", nil, 0},
		{"cairn_build_info", nil, 1},
		{"go_sql_open_connections", map[string]string{"db_name": "cairn"}, 1},
	} {
		if v := sample(fams, c.name, c.labels); v < c.min {
			t.Errorf("%s%v = %v, want at least %v\n%s", c.name, c.labels, v, c.min, grepLines(body, "cairn_http_requests_total"))
		}
	}
	if strings.Contains(body, "/999999") {
		t.Error("a raw path leaked into the labels")
	}
}

// TestMetricsOnTheirOwnAddress: with CAIRN_METRICS_ADDR the series are
// served there (and not on the main address); a job run by the scheduler
// shows in the job series; the log is JSON with request ids.
func TestMetricsOnTheirOwnAddress(t *testing.T) {
	s := startServer(t, "sqlite://"+filepath.Join(t.TempDir(), "c.db"), map[string]string{
		"CAIRN_METRICS_ADDR": "127.0.0.1:0", "CAIRN_REMINDER_SCHEDULE": "@every 1s", "CAIRN_LOG_FORMAT": "json",
	})
	if status, _, _ := get(t, s.URL+"/metrics", ""); status != 404 {
		t.Errorf("/metrics on the main address: %d, want 404", status)
	}
	m := regexp.MustCompile(`"msg":"metrics are served","addr":"([^"]+)"`).FindStringSubmatch(s.log.String())
	if m == nil {
		t.Fatalf("no metrics address in the log:\n%s", s.log.String())
	}
	metricsURL := "http://" + m[1] + "/metrics"
	s.adminToken(t)
	// The reminder and outbox jobs run every second: wait for a run of
	// each (the deadline only guards against a hang).
	var fams map[string]*dto.MetricFamily
	for deadline := time.Now().Add(time.Minute); ; {
		status, _, body := get(t, metricsURL, "")
		if status != 200 {
			t.Fatalf("%s: %d %s", metricsURL, status, body)
		}
		fams = parseExposition(t, body)
		if sample(fams, "cairn_job_runs_total", map[string]string{"job": "reminders"}) >= 1 &&
			sample(fams, "cairn_job_runs_total", map[string]string{"job": "outbox"}) >= 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no job run in a minute:\n%s", body)
		}
		time.Sleep(200 * time.Millisecond)
	}
	for job, want := range map[string]float64{"reminders": 1, "outbox": 1} {
		if v := sample(fams, "cairn_job_duration_seconds", map[string]string{"job": job}); v < want {
			t.Errorf("%s duration count %v", job, v)
		}
		if v := sample(fams, "cairn_job_failures_total", map[string]string{"job": job}); v != 0 {
			t.Errorf("%s failures %v", job, v)
		}
		if v := sample(fams, "cairn_job_last_success_timestamp_seconds", map[string]string{"job": job}); v < float64(time.Now().Add(-time.Hour).Unix()) {
			t.Errorf("%s last success %v", job, v)
		}
	}
	if v := sample(fams, "cairn_http_requests_total", map[string]string{"route": "/api/v1/tokens", "status": "201"}); v != 1 {
		t.Errorf("sign-in requests %v", v)
	}
	sc := bufio.NewScanner(strings.NewReader(s.log.String()))
	requests := 0
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("not a JSON log line: %s", sc.Text())
		}
		if line["msg"] == "request" {
			requests++
			if id, _ := line["request_id"].(string); id == "" || line["route"] == nil || line["status"] == nil {
				t.Errorf("request line %v", line)
			}
		}
	}
	if requests < 2 {
		t.Errorf("%d request lines", requests)
	}
	if strings.Contains(s.log.String(), e2eAdminPassword) {
		t.Error("the log holds the admin's password")
	}
}

func grepLines(body, prefix string) string {
	var out []string
	for _, l := range strings.Split(body, "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestProfilerOnItsOwnAddress: with CAIRN_PPROF_ADDR Go's profiler answers
// there (a short CPU profile is a gzipped protobuf), never on the main
// address (TestBadConfigFailsBeforeStarting: only on a loopback address).
func TestProfilerOnItsOwnAddress(t *testing.T) {
	s := startServer(t, "sqlite://"+filepath.Join(t.TempDir(), "c.db"), map[string]string{
		"CAIRN_PPROF_ADDR": "127.0.0.1:0", "CAIRN_LOG_FORMAT": "json",
	})
	if status, _, _ := get(t, s.URL+"/debug/pprof/", ""); status != 404 {
		t.Errorf("/debug/pprof/ on the main address: %d, want 404", status)
	}
	m := regexp.MustCompile(`"msg":"the profiler is served","addr":"([^"]+)"`).FindStringSubmatch(s.log.String())
	if m == nil {
		t.Fatalf("no profiler address in the log:\n%s", s.log.String())
	}
	status, _, body := get(t, "http://"+m[1]+"/debug/pprof/profile?seconds=1", "")
	if status != 200 || !strings.HasPrefix(body, "\x1f\x8b") {
		t.Errorf("CPU profile: %d, %d bytes starting %q", status, len(body), body[:min(len(body), 8)])
	}
}
