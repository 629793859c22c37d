package metrics_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"cairn/cmd/cairn/metrics"
	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
)

// scrape serves the registry once and parses the exposition format with
// Prometheus' own parser.
func scrape(t *testing.T, m *metrics.Metrics) map[string]*dto.MetricFamily {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 {
		t.Fatalf("scrape: %d %s", rec.Code, rec.Body)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(rec.Body)
	if err != nil {
		t.Fatalf("the exposition does not parse: %v", err)
	}
	return fams
}

// value is the sample of family name whose labels include want; ok false
// when there is none.
func value(fams map[string]*dto.MetricFamily, name string, want map[string]string) (v float64, ok bool) {
	f := fams[name]
	if f == nil {
		return 0, false
	}
next:
	for _, m := range f.Metric {
		labels := map[string]string{}
		for _, l := range m.Label {
			labels[l.GetName()] = l.GetValue()
		}
		for k, w := range want {
			if labels[k] != w {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount()), true
		}
	}
	return 0, false
}

func TestSeries(t *testing.T) {
	st := storagetest.New(t, "sqlite")
	snap := domain.OpsSnapshot{
		Outbox:         map[domain.OutboxState]int{domain.OutboxQueued: 3, domain.OutboxDead: 2, domain.OutboxSent: 7},
		OutboxRetrying: 1, RemindersDue: 4, RemindersLate: 2,
		FlagsOpen: map[domain.FlagKind]int{domain.FlagCheckinOverdue: 5, domain.FlagGoalOverdue: 0},
	}
	m := metrics.New("v1.2.3", st.DB().DB, func(context.Context) (domain.OpsSnapshot, error) { return snap, nil })
	m.ObserveRequest("/api/v1/people/:id", "GET", 200, 12*time.Millisecond)
	m.ObserveRequest("/api/v1/people/:id", "GET", 200, 30*time.Millisecond)
	m.ObserveRequest("/api/v1/people/:id", "GET", 404, time.Millisecond)
	m.ObserveJob(domain.JobReminders, 20*time.Millisecond, nil)
	m.ObserveJob(domain.JobOutbox, 5*time.Millisecond, errors.New("smtp down"))
	fams := scrape(t, m)

	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"cairn_http_requests_total", map[string]string{"route": "/api/v1/people/:id", "method": "GET", "status": "200"}, 2},
		{"cairn_http_requests_total", map[string]string{"route": "/api/v1/people/:id", "method": "GET", "status": "404"}, 1},
		{"cairn_http_request_duration_seconds", map[string]string{"route": "/api/v1/people/:id", "method": "GET"}, 3},
		{"cairn_job_runs_total", map[string]string{"job": "reminders"}, 1},
		{"cairn_job_failures_total", map[string]string{"job": "reminders"}, 0},
		{"cairn_job_runs_total", map[string]string{"job": "outbox"}, 1},
		{"cairn_job_failures_total", map[string]string{"job": "outbox"}, 1},
		{"cairn_job_runs_total", map[string]string{"job": "flags"}, 0},
		{"cairn_job_duration_seconds", map[string]string{"job": "reminders"}, 1},
		{"cairn_job_last_success_timestamp_seconds", map[string]string{"job": "outbox"}, 0},
		{"cairn_outbox_messages", map[string]string{"state": "queued"}, 3},
		{"cairn_outbox_messages", map[string]string{"state": "dead"}, 2},
		{"cairn_outbox_messages", map[string]string{"state": "sent"}, 7},
		{"cairn_outbox_messages", map[string]string{"state": "not_delivered"}, 0},
		{"cairn_outbox_retrying", nil, 1},
		{"cairn_reminders_due", nil, 4},
		{"cairn_reminders_late", nil, 2},
		{"cairn_flags_open", map[string]string{"kind": "checkin_overdue"}, 5},
		{"cairn_flags_open", map[string]string{"kind": "goal_overdue"}, 0},
		{"cairn_ops_scrape_errors", nil, 0},
		{"cairn_build_info", map[string]string{"version": "v1.2.3"}, 1},
		{"go_sql_max_open_connections", map[string]string{"db_name": "cairn"}, float64(st.DB().Stats().MaxOpenConnections)},
	} {
		got, ok := value(fams, c.name, c.labels)
		if !ok {
			t.Errorf("no %s%v in the scrape", c.name, c.labels)
			continue
		}
		if got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	if v, ok := value(fams, "cairn_job_last_success_timestamp_seconds", map[string]string{"job": "reminders"}); !ok || v < float64(time.Now().Add(-time.Hour).Unix()) {
		t.Errorf("reminders' last success %v", v)
	}
	for _, name := range []string{"go_sql_open_connections", "go_sql_in_use_connections", "go_sql_wait_count_total", "go_goroutines"} {
		if fams[name] == nil {
			t.Errorf("no %s", name)
		}
	}
}

// TestACountedRunHasItsDuration: a scrape taken while jobs finish never
// shows a run counted without its duration and outcome (a monitor that
// waits for cairn_job_runs_total then reads the others must find them).
func TestACountedRunHasItsDuration(t *testing.T) {
	m := metrics.New("v", nil, nil)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 10000; i++ {
			m.ObserveJob(domain.JobOutbox, time.Millisecond, nil)
		}
	}()
	for finished := false; !finished; {
		select {
		case <-done:
			finished = true
		default:
		}
		fams := scrape(t, m)
		runs, _ := value(fams, "cairn_job_runs_total", map[string]string{"job": "outbox"})
		took, _ := value(fams, "cairn_job_duration_seconds", map[string]string{"job": "outbox"})
		last, _ := value(fams, "cairn_job_last_success_timestamp_seconds", map[string]string{"job": "outbox"})
		if runs > took {
			t.Fatalf("%v runs counted, %v durations", runs, took)
		}
		if runs > 0 && last == 0 {
			t.Fatalf("%v runs counted, no last success", runs)
		}
	}
}

// TestSeriesWhenTheDatabaseFails: a scrape still answers, saying the counts
// could not be read.
func TestSeriesWhenTheDatabaseFails(t *testing.T) {
	m := metrics.New("dev", nil, func(context.Context) (domain.OpsSnapshot, error) { return domain.OpsSnapshot{}, errors.New("down") })
	fams := scrape(t, m)
	if v, ok := value(fams, "cairn_ops_scrape_errors", nil); !ok || v != 1 {
		t.Errorf("cairn_ops_scrape_errors %v %v, want 1", v, ok)
	}
	if _, ok := value(fams, "cairn_build_info", nil); !ok {
		t.Error("no build info")
	}
}

// TestOpsSnapshotCounts: the domain's counts on both stores, from rows
// written through the store.
func TestOpsSnapshotCounts(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		svc := domain.NewService(st, domain.NewFixedClock(now), domain.Config{})
		for i, state := range []domain.OutboxState{domain.OutboxQueued, domain.OutboxQueued, domain.OutboxDead} {
			m := &domain.OutboxMessage{Kind: domain.OutboxDigest, To: "a@example.com", Subject: "s", Text: "t",
				MessageID: "m" + strconv.Itoa(i) + "@cairn.test", State: state, NextAttemptAt: now, CreatedAt: now}
			if err := st.EnqueueMail(ctx, m); err != nil {
				t.Fatal(err)
			}
			if i == 1 { // a failed attempt, waiting for the retry
				if _, err := st.DB().ExecContext(ctx, st.DB().Rebind(`UPDATE outbox SET attempts = 2 WHERE id = ?`), m.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		s, err := svc.OpsSnapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if s.Outbox[domain.OutboxQueued] != 2 || s.Outbox[domain.OutboxDead] != 1 || s.OutboxRetrying != 1 {
			t.Errorf("outbox %v, retrying %d", s.Outbox, s.OutboxRetrying)
		}
		if s.RemindersDue != 0 || s.RemindersLate != 0 || len(s.FlagsOpen) != 4 {
			t.Errorf("snapshot %+v", s)
		}
	})
}
