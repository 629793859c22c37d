// Package migrations holds Cairn's schema as numbered SQL files, one folder
// per dialect, embedded in the binary.
package migrations

import (
	"embed"
	"io/fs"
)

//go:embed sqlite/*.sql postgres/*.sql
var files embed.FS

// For returns the migration files of one dialect ("sqlite" or "postgres").
func For(dialect string) (fs.FS, error) {
	return fs.Sub(files, dialect)
}
