// Package metrics keeps Cairn's Prometheus series in a registry of its own
// (never the global default): HTTP requests by route pattern, method and
// status with a latency histogram; database pool stats; each job's runs,
// failures and duration; the outbox, due and late reminders and open flags
// as they stand in the database at each scrape; and build info.
package metrics

import (
	"context"
	"database/sql"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"cairn/domain"
)

// Snapshot reads the state of the background work (domain.Service.OpsSnapshot).
type Snapshot func(ctx context.Context) (domain.OpsSnapshot, error)

// Metrics is the registry and the series the app updates.
type Metrics struct {
	Registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	jobs     *jobSeries
}

// jobSeries are the four series of the jobs' runs, read and written under
// one lock. A registry gathers its collectors concurrently, so without it a
// scrape could count a run whose duration or outcome it does not show yet.
type jobSeries struct {
	mu       sync.Mutex
	runs     *prometheus.CounterVec
	failures *prometheus.CounterVec
	duration *prometheus.HistogramVec
	success  *prometheus.GaugeVec
}

func (j *jobSeries) collectors() []prometheus.Collector {
	return []prometheus.Collector{j.runs, j.failures, j.duration, j.success}
}

func (j *jobSeries) Describe(ch chan<- *prometheus.Desc) {
	for _, c := range j.collectors() {
		c.Describe(ch)
	}
}

func (j *jobSeries) Collect(ch chan<- prometheus.Metric) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, c := range j.collectors() {
		c.Collect(ch)
	}
}

// Jobs are the scheduler's jobs, whose series exist from the start.
var Jobs = []string{domain.JobReminders, domain.JobOutbox, domain.JobFlags}

// New builds the registry. db (the pool) and snap may be nil in tests that
// do not need them.
func New(version string, db *sql.DB, snap Snapshot) *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		Registry: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "cairn_http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status."}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "cairn_http_request_duration_seconds",
			Help: "Time to answer HTTP requests, by route pattern and method.", Buckets: prometheus.DefBuckets}, []string{"route", "method"}),
		jobs: &jobSeries{
			runs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "cairn_job_runs_total",
				Help: "Scheduled job runs, by job."}, []string{"job"}),
			failures: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "cairn_job_failures_total",
				Help: "Scheduled job runs that failed (an error or a panic), by job."}, []string{"job"}),
			duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "cairn_job_duration_seconds",
				Help: "Time a job run took, by job.", Buckets: []float64{.005, .01, .05, .1, .5, 1, 5, 15, 60, 300}}, []string{"job"}),
			success: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "cairn_job_last_success_timestamp_seconds",
				Help: "When the job last finished without error (Unix time; 0: not yet)."}, []string{"job"}),
		},
	}
	for _, j := range Jobs {
		m.jobs.runs.WithLabelValues(j)
		m.jobs.failures.WithLabelValues(j)
		m.jobs.success.WithLabelValues(j)
	}
	build := prometheus.NewGauge(prometheus.GaugeOpts{Name: "cairn_build_info",
		Help:        "Always 1; the labels say which Cairn runs.",
		ConstLabels: prometheus.Labels{"version": version, "goversion": runtime.Version()}})
	build.Set(1)
	reg.MustRegister(m.requests, m.latency, m.jobs, build,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if db != nil {
		reg.MustRegister(collectors.NewDBStatsCollector(db, "cairn"))
	}
	if snap != nil {
		reg.MustRegister(newOpsCollector(snap))
	}
	return m
}

// ObserveRequest counts one answered request (views.RequestObserver).
func (m *Metrics) ObserveRequest(route, method string, status int, took time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route, method).Observe(took.Seconds())
}

// ObserveJob counts one job run; err nil is a success.
func (m *Metrics) ObserveJob(job string, took time.Duration, err error) {
	j := m.jobs
	j.mu.Lock()
	defer j.mu.Unlock()
	j.runs.WithLabelValues(job).Inc()
	j.duration.WithLabelValues(job).Observe(took.Seconds())
	if err != nil {
		j.failures.WithLabelValues(job).Inc()
		return
	}
	j.success.WithLabelValues(job).SetToCurrentTime()
}

// Handler serves the exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry, Timeout: 10 * time.Second})
}

// opsCollector reads the database's counts at each scrape.
type opsCollector struct {
	snap                                       Snapshot
	outbox, retrying, due, late, flags, failed *prometheus.Desc
}

func newOpsCollector(snap Snapshot) *opsCollector {
	return &opsCollector{snap: snap,
		outbox:   prometheus.NewDesc("cairn_outbox_messages", "Outbox messages by state (queued, sending, sent, dead ...).", []string{"state"}, nil),
		retrying: prometheus.NewDesc("cairn_outbox_retrying", "Queued outbox messages waiting for a retry after a failed attempt.", nil, nil),
		due:      prometheus.NewDesc("cairn_reminders_due", "Pending reminders that are due now.", nil, nil),
		late: prometheus.NewDesc("cairn_reminders_late", "Pending reminders due more than "+domain.ReminderLateAfter.String()+
			" ago: the reminder sweep is not keeping up.", nil, nil),
		flags:  prometheus.NewDesc("cairn_flags_open", "Open flags by kind.", []string{"kind"}, nil),
		failed: prometheus.NewDesc("cairn_ops_scrape_errors", "1 when the last scrape could not read the counts from the database.", nil, nil),
	}
}

func (o *opsCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{o.outbox, o.retrying, o.due, o.late, o.flags, o.failed} {
		ch <- d
	}
}

// outboxStates are reported even at zero, so alerts see the series.
var outboxStates = []domain.OutboxState{domain.OutboxQueued, domain.OutboxSending, domain.OutboxSent, domain.OutboxDead,
	domain.OutboxNotDelivered, domain.OutboxExpired, domain.OutboxCancelled}

func (o *opsCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := o.snap(ctx)
	if err != nil {
		ch <- prometheus.MustNewConstMetric(o.failed, prometheus.GaugeValue, 1)
		return
	}
	ch <- prometheus.MustNewConstMetric(o.failed, prometheus.GaugeValue, 0)
	seen := map[domain.OutboxState]bool{}
	for _, st := range outboxStates {
		seen[st] = true
		ch <- prometheus.MustNewConstMetric(o.outbox, prometheus.GaugeValue, float64(s.Outbox[st]), string(st))
	}
	for st, n := range s.Outbox {
		if !seen[st] {
			ch <- prometheus.MustNewConstMetric(o.outbox, prometheus.GaugeValue, float64(n), string(st))
		}
	}
	ch <- prometheus.MustNewConstMetric(o.retrying, prometheus.GaugeValue, float64(s.OutboxRetrying))
	ch <- prometheus.MustNewConstMetric(o.due, prometheus.GaugeValue, float64(s.RemindersDue))
	ch <- prometheus.MustNewConstMetric(o.late, prometheus.GaugeValue, float64(s.RemindersLate))
	for kind, n := range s.FlagsOpen {
		ch <- prometheus.MustNewConstMetric(o.flags, prometheus.GaugeValue, float64(n), string(kind))
	}
}
