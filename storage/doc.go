// Package storage implements domain.Store with sqlx on SQLite (modernc, the
// embedded default) and PostgreSQL (lib/pq). SQL is written once with `?`
// placeholders and rebound per dialect; the few real differences live in
// dialect.go. It also runs the embedded migrations.
package storage
