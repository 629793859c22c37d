package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"

	"cairn/storage"
)

func runBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, log *slog.Logger) error {
	cfg, file, err := fileCommand("backup", "cairn backup FILE [flags]\n\nSQLite: a consistent copy taken while Cairn serves, checked with PRAGMA integrity_check.\n"+
		"PostgreSQL: pg_dump --format=custom into FILE (pg_dump must be installed).", "backup needs one FILE to write", args, getenv, stderr)
	if err != nil {
		return err
	}
	store, err := openStore(ctx, &cfg, log, false)
	if err != nil {
		return err
	}
	defer store.Close()
	if store.Dialect() == "postgres" {
		dumpArgs, dumpEnv, err := storage.PostgresDump(cfg.DatabaseURL, file)
		if err != nil {
			return err
		}
		pgDump, err := exec.LookPath("pg_dump")
		if err != nil {
			return fmt.Errorf("pg_dump is not installed: install the PostgreSQL client tools, or run where they are: pg_dump --format=custom --file=%s \"$CAIRN_DATABASE_URL\"", file)
		}
		cmd := exec.CommandContext(ctx, pgDump, dumpArgs...)
		cmd.Stdout, cmd.Stderr = stderr, stderr
		cmd.Env = append(os.Environ(), dumpEnv...)
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("pg_dump: %w", err)
		}
		fmt.Fprintf(stdout, "backup written to %s by pg_dump (custom format); restore it with: pg_restore --clean --if-exists --dbname=URL %s\n", file, file)
		return nil
	}
	info, err := store.Backup(ctx, file)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup written to %s: %d people, migration %05d, %s, integrity check %s\n",
		file, info.People, info.Version, sizeWords(info.Bytes), info.Integrity)
	return nil
}

func runRestore(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, file, err := fileCommand("restore", "cairn restore FILE [flags]\n\nReplaces the SQLite database with a backup made by cairn backup; stop the server first.\n"+
		"The database it replaces is kept beside it. For PostgreSQL use pg_restore.", "restore needs the backup FILE", args, getenv, stderr)
	if err != nil {
		return err
	}
	info, kept, err := storage.RestoreSQLite(ctx, cfg.DatabaseURL, file)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored %s: %d people, migration %05d, integrity check %s", file, info.People, info.Version, info.Integrity)
	if kept != "" {
		fmt.Fprintf(stdout, "; the database it replaced is kept as %s", kept)
	}
	fmt.Fprintln(stdout, ".")
	return nil
}

// sizeWords writes a byte count the way people read it.
func sizeWords(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// fileCommand reads the flags of a command that takes one FILE and the
// database URL, and checks the URL.
func fileCommand(name, usage, needFile string, args []string, getenv func(string) string, stderr io.Writer) (Config, string, error) {
	var cfg Config
	fs := newFlagSet(name, usage, stderr)
	if err := cfg.bind(fs, getenv, "database-url"); err != nil {
		return cfg, "", err
	}
	if err := fs.Parse(args); err != nil {
		return cfg, "", err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return cfg, "", errors.New(needFile)
	}
	if err := storage.CheckURL(cfg.DatabaseURL); err != nil {
		return cfg, "", fmt.Errorf("CAIRN_DATABASE_URL: %w", err)
	}
	return cfg, fs.Arg(0), nil
}
