package scheduler

import (
	"context"
	"log/slog"
	"time"

	"cairn/domain"
)

// Jobs are the jobs of `cairn serve`: the reminder sweep and outbox
// delivery on the reminder schedule, the flag sweep on the flag schedule,
// and each night the series' horizon (SeriesSpec).
func Jobs(svc *domain.Service, log *slog.Logger, reminderSpec, flagSpec string) []Entry {
	return []Entry{
		{Spec: reminderSpec, Job: ReminderJob{svc, log}},
		{Spec: reminderSpec, Job: OutboxJob{svc, log}},
		{Spec: reminderSpec, Job: RequestJob{svc, log}},
		{Spec: flagSpec, Job: FlagJob{svc, log}},
		{Spec: SeriesSpec, Job: SeriesJob{svc, log}},
	}
}

// SeriesSpec is when the series' horizon moves on: 02:15 each night in
// the organisation's zone.
const SeriesSpec = "15 2 * * *"

// SeriesJob makes the meetings of the series' occurrences that came
// inside the horizon. Safe on several instances: each series is extended
// under its row lock, one meeting per (series, occurrence).
type SeriesJob struct {
	Svc *domain.Service
	Log *slog.Logger
}

// Name is the job's name.
func (SeriesJob) Name() string { return "series" }

// Run extends once.
func (j SeriesJob) Run(ctx context.Context) error {
	r, err := j.Svc.ExtendSeries(ctx)
	j.Log.Info("series extended", "series", r.Series, "ended", r.Ended)
	return err
}

// ReminderJob turns due reminders into outbox messages.
type ReminderJob struct {
	Svc *domain.Service
	Log *slog.Logger
}

// Name is the job's name.
func (ReminderJob) Name() string { return domain.JobReminders }

// Run sweeps once.
func (j ReminderJob) Run(ctx context.Context) error {
	start := time.Now()
	r, err := j.Svc.QueueDueReminders(ctx)
	logRun(ctx, j.Log, r.Queued+r.Missed > 0, "reminders queued", "queued", r.Queued, "missed", r.Missed, "duration", time.Since(start))
	return err
}

// RequestJob expires the mentor requests nobody answered in time. Safe on
// several instances: each request moves by a conditional write.
type RequestJob struct {
	Svc *domain.Service
	Log *slog.Logger
}

// Name is the job's name.
func (RequestJob) Name() string { return "requests" }

// Run expires once.
func (j RequestJob) Run(ctx context.Context) error {
	n, err := j.Svc.ExpireRequests(ctx)
	logRun(ctx, j.Log, n > 0, "requests expired", "expired", n)
	return err
}

// OutboxJob delivers due outbox messages.
type OutboxJob struct {
	Svc *domain.Service
	Log *slog.Logger
}

// Name is the job's name.
func (OutboxJob) Name() string { return domain.JobOutbox }

// Run delivers once.
func (j OutboxJob) Run(ctx context.Context) error {
	start := time.Now()
	r, err := j.Svc.DeliverOutbox(ctx)
	logRun(ctx, j.Log, r != (domain.DeliveryRun{}), "outbox delivered", "sent", r.Sent, "retrying", r.Retrying, "dead", r.Dead,
		"not_delivered", r.NotDelivered, "expired", r.Expired, "released", r.Released, "duration", time.Since(start))
	return err
}

// FlagJob raises and clears flags and queues the admins' digests.
type FlagJob struct {
	Svc *domain.Service
	Log *slog.Logger
}

// Name is the job's name.
func (FlagJob) Name() string { return domain.JobFlags }

// Run sweeps once.
func (j FlagJob) Run(ctx context.Context) error {
	start := time.Now()
	r, err := j.Svc.SweepFlags(ctx)
	logRun(ctx, j.Log, true, "flags swept", "raised", r.Raised, "cleared", r.Cleared, "open", r.Open, "digests", r.Digests,
		"duration", time.Since(start))
	return err
}

// logRun logs a job run with its counts: at info level when it did
// something, at debug level when it found nothing to do (every minute).
func logRun(ctx context.Context, log *slog.Logger, did bool, msg string, counts ...any) {
	level := slog.LevelDebug
	if did {
		level = slog.LevelInfo
	}
	log.Log(ctx, level, msg, counts...)
}
