// Package scheduler runs Cairn's background work on robfig/cron: the
// reminder sweep before every scheduled meeting, the outbox delivery over
// SMTP (or to the log when no SMTP server is set), and the daily flag sweep
// for coaching goals nearing their deadline and relationships gone quiet.
package scheduler
