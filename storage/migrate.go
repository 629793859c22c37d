package storage

import (
	"context"
	"errors"
	"fmt"
	"hash/crc64"
	"log/slog"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"cairn/migrations"
)

// MigrationStatus is one migration file and whether it has been applied.
type MigrationStatus struct {
	Version int64
	Name    string
	Applied bool
}

func (s *Store) migrationProvider(ctx context.Context, log *slog.Logger) (*goose.Provider, error) {
	fsys, err := migrations.For(s.dialect.name)
	if err != nil {
		return nil, fmt.Errorf("storage: migrations: %w", err)
	}
	// Out of order: for a while main shipped 00006 without 00005, and goose
	// refuses a database at version 6 that lacks 5 unless told to apply the
	// missing one. New gaps are kept out by the tests in migrations.
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true), goose.WithAllowOutofOrder(true)}
	if log != nil {
		opts = append(opts, goose.WithSlog(log))
	}
	gd := goose.DialectSQLite3
	if s.dialect.name == "postgres" {
		gd = goose.DialectPostgres
		// The lock id is per schema, so two instances on one schema wait for
		// each other while tests in their own schemas run in parallel.
		var schema string
		if err := s.get(ctx, &schema, "SELECT current_schema()"); err != nil {
			return nil, fmt.Errorf("storage: current schema: %w", err)
		}
		id := int64(crc64.Checksum([]byte("cairn-migrations:"+schema), crc64.MakeTable(crc64.ECMA)) >> 1)
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(id), lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, fmt.Errorf("storage: migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(gd, s.db.DB, fsys, opts...)
	if err != nil {
		return nil, fmt.Errorf("storage: migrations: %w", err)
	}
	return p, nil
}

// Migrate applies every pending migration, each in its own transaction, and
// returns how many it applied. A database that a newer Cairn migrated is
// refused: this binary would run on a schema it does not know.
func (s *Store) Migrate(ctx context.Context, log *slog.Logger) (int, error) {
	p, err := s.migrationProvider(ctx, log)
	if err != nil {
		return 0, err
	}
	if err := checkNotNewer(ctx, p, s.dialect.name); err != nil {
		return 0, err
	}
	res, err := p.Up(ctx)
	if err != nil {
		return 0, fmt.Errorf("storage: migrate up: %w", err)
	}
	return len(res), nil
}

// MigrationStatuses lists every migration and whether it is applied.
func (s *Store) MigrationStatuses(ctx context.Context) ([]MigrationStatus, error) {
	p, err := s.migrationProvider(ctx, nil)
	if err != nil {
		return nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("storage: migration status: %w", err)
	}
	out := make([]MigrationStatus, 0, len(st))
	for _, m := range st {
		out = append(out, MigrationStatus{Version: m.Source.Version, Name: m.Source.Path, Applied: m.State == goose.StateApplied})
	}
	return out, nil
}

// ErrSchemaNewer is the refusal of a database migrated by a newer Cairn.
var ErrSchemaNewer = errors.New("the database was migrated by a newer Cairn")

// checkNotNewer refuses a database whose schema version is above every
// migration this binary holds.
func checkNotNewer(ctx context.Context, p *goose.Provider, dialect string) error {
	have, err := p.GetDBVersion(ctx)
	if err != nil {
		return fmt.Errorf("storage: schema version: %w", err)
	}
	newest, err := newestMigration(dialect)
	if err != nil {
		return err
	}
	if have > newest {
		return fmt.Errorf("%w (schema version %05d; this one knows up to %05d): run that version or newer, or restore a backup made by this one", ErrSchemaNewer, have, newest)
	}
	return nil
}
