package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// Job is one piece of background work.
type Job interface {
	Name() string
	Run(ctx context.Context) error
}

// Entry schedules a job on a cron spec.
type Entry struct {
	Spec string
	Job  Job
}

// Scheduler runs jobs on cron specs in one zone. Each job is wrapped so a
// panic is recovered (and logged) and a run is skipped while the previous
// one still runs.
type Scheduler struct {
	cron   *cron.Cron
	log    *slog.Logger
	ctx    context.Context // the jobs' context, cancelled when Stop gives up waiting
	cancel context.CancelFunc
	onRun  func(job string, took time.Duration, err error)
}

// CheckSpec parses a spec the way the scheduler will, turning the parser's
// panics on malformed zone prefixes into errors. The zone is the
// organisation's, so a TZ= prefix is refused.
func CheckSpec(spec string) (err error) {
	if strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		return fmt.Errorf("%q: leave out TZ=; the zone is CAIRN_TIMEZONE", spec)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%q is not a cron spec", spec)
		}
	}()
	if _, err := cron.ParseStandard(spec); err != nil {
		return fmt.Errorf("%q is not a cron spec: %v", spec, err)
	}
	return nil
}

// New builds a scheduler; a bad spec is an error, never a panic.
func New(log *slog.Logger, loc *time.Location, entries ...Entry) (*Scheduler, error) {
	if loc == nil {
		loc = time.UTC
	}
	cl := cronLogger{log}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Scheduler{log: log, ctx: ctx, cancel: cancel,
		cron: cron.New(cron.WithLocation(loc), cron.WithLogger(cl), cron.WithChain(cron.Recover(cl), cron.SkipIfStillRunning(cl)))}
	for _, e := range entries {
		if err := CheckSpec(e.Spec); err != nil {
			cancel()
			return nil, fmt.Errorf("job %s: %w", e.Job.Name(), err)
		}
		if _, err := s.cron.AddFunc(e.Spec, s.wrap(e.Job)); err != nil {
			cancel()
			return nil, fmt.Errorf("job %s: %w", e.Job.Name(), err)
		}
	}
	return s, nil
}

// wrap turns a job into a cron func that logs its outcome. It recovers a
// panic itself: cron v3.0.1's SkipIfStillRunning loses its token when the
// job panics through it, and would skip that job for good; cron.Recover
// stays outermost as the last net.
func (s *Scheduler) wrap(j Job) func() {
	return func() {
		if s.ctx.Err() != nil {
			return
		}
		start := time.Now()
		err := s.runSafely(j)
		took := time.Since(start)
		if s.onRun != nil && !errors.Is(err, context.Canceled) {
			s.onRun(j.Name(), took, err)
		}
		switch {
		case err == nil:
			s.log.Debug("job done", "job", j.Name(), "duration", time.Since(start))
		case errors.Is(err, context.Canceled):
			s.log.Warn("job interrupted by shutdown", "job", j.Name())
		default:
			s.log.Error("job failed", "job", j.Name(), "err", err)
		}
	}
}

func (s *Scheduler) runSafely(j Job) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("job %s panicked: %v\n%s", j.Name(), r, debug.Stack())
		}
	}()
	return j.Run(s.ctx)
}

// OnRun sets a function told about every finished run (a run interrupted
// by shutdown is not one); metrics hang on it. Call it before Start.
func (s *Scheduler) OnRun(f func(job string, took time.Duration, err error)) { s.onRun = f }

// Start runs the schedule in the background.
func (s *Scheduler) Start() { s.cron.Start() }

// Stop takes no new runs and waits for running jobs until ctx ends; then it
// cancels their context (they release what they claimed) and waits for
// them to return. It reports whether they finished in time.
func (s *Scheduler) Stop(ctx context.Context) error {
	stopped := s.cron.Stop()
	select {
	case <-stopped.Done():
		s.cancel()
		return nil
	case <-ctx.Done():
	}
	s.cancel()
	<-stopped.Done()
	return fmt.Errorf("scheduler: running jobs were interrupted: %w", ctx.Err())
}

// cronLogger puts cron's messages in the app log.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }

func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "err", err)...)
}
