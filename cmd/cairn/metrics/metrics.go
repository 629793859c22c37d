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

// jobSeries are the four series of the jobs' runs, kept under one lock and
// written out as one snapshot at each scrape. A registry gathers its
// collectors concurrently and reads a live metric's value only after its
// collector returned, so with a counter and a histogram of the client's a
// scrape could count a run whose duration or outcome it did not show.
type jobSeries struct {
	mu                                    sync.Mutex
	jobs                                  map[string]*jobStats
	runs, failures, duration, lastSuccess *prometheus.Desc
}

// jobStats are one job's figures.
type jobStats struct {
	runs, failures uint64
	lastSuccess    float64 // Unix time; 0: not yet
	count          uint64
	sum            float64
	buckets        []uint64 // runs that took at most jobBuckets[i]
}

// jobBuckets are the upper bounds of cairn_job_duration_seconds's buckets.
var jobBuckets = []float64{.005, .01, .05, .1, .5, 1, 5, 15, 60, 300}

func newJobSeries() *jobSeries {
	label := []string{"job"}
	return &jobSeries{jobs: map[string]*jobStats{},
		runs:        prometheus.NewDesc("cairn_job_runs_total", "Scheduled job runs, by job.", label, nil),
		failures:    prometheus.NewDesc("cairn_job_failures_total", "Scheduled job runs that failed (an error or a panic), by job.", label, nil),
		duration:    prometheus.NewDesc("cairn_job_duration_seconds", "Time a job run took, by job.", label, nil),
		lastSuccess: prometheus.NewDesc("cairn_job_last_success_timestamp_seconds", "When the job last finished without error (Unix time; 0: not yet).", label, nil),
	}
}

// stats is the job's figures, made on first use; the caller holds mu.
func (j *jobSeries) stats(job string) *jobStats {
	st := j.jobs[job]
	if st == nil {
		st = &jobStats{buckets: make([]uint64, len(jobBuckets))}
		j.jobs[job] = st
	}
	return st
}

func (j *jobSeries) observe(job string, took time.Duration, err error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	st := j.stats(job)
	st.runs++
	st.count++
	st.sum += took.Seconds()
	for i, le := range jobBuckets {
		if took.Seconds() <= le {
			st.buckets[i]++
		}
	}
	if err != nil {
		st.failures++
		return
	}
	st.lastSuccess = float64(time.Now().UnixNano()) / 1e9
}

func (j *jobSeries) Describe(ch chan<- *prometheus.Desc) {
	ch <- j.runs
	ch <- j.failures
	ch <- j.duration
	ch <- j.lastSuccess
}

func (j *jobSeries) Collect(ch chan<- prometheus.Metric) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for job, st := range j.jobs {
		ch <- prometheus.MustNewConstMetric(j.runs, prometheus.CounterValue, float64(st.runs), job)
		ch <- prometheus.MustNewConstMetric(j.failures, prometheus.CounterValue, float64(st.failures), job)
		ch <- prometheus.MustNewConstMetric(j.lastSuccess, prometheus.GaugeValue, st.lastSuccess, job)
		if st.count > 0 { // as the client's histogram vector: no series before the first run
			buckets := make(map[float64]uint64, len(jobBuckets))
			for i, le := range jobBuckets {
				buckets[le] = st.buckets[i]
			}
			ch <- prometheus.MustNewConstHistogram(j.duration, st.count, st.sum, buckets, job)
		}
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
		jobs: newJobSeries(),
	}
	for _, j := range Jobs {
		m.jobs.stats(j)
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
	m.jobs.observe(job, took, err)
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
