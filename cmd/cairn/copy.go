package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"cairn/storage"
)

func runCopy(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("copy", "cairn copy --from URL --to URL [--force]\n\n"+
		"Copies every table, ids kept, from one database to another (SQLite to PostgreSQL, or back) in one\n"+
		"transaction on the target. Both are migrated to this version first. Stop the server on the source.", stderr)
	from := fs.String("from", "", "the database to copy from (sqlite://PATH or postgres://...)")
	to := fs.String("to", "", "the database to copy into")
	force := fs.Bool("force", false, "replace everything in a target that already has people")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" || *to == "" {
		fs.Usage()
		return errors.New("copy needs --from URL and --to URL")
	}
	if *from == *to {
		return errors.New("--from and --to name the same database")
	}
	for name, u := range map[string]string{"--from": *from, "--to": *to} {
		if err := storage.CheckURL(u); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	// A server on the target would see its data replaced underneath it.
	release, err := storage.HoldDatabaseAlone(*to)
	if err != nil {
		return fmt.Errorf("--to: %w", err)
	}
	defer release()
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	open := func(u string) (*storage.Store, error) {
		s, err := openStore(ctx, &Config{DatabaseURL: u}, log, true)
		if err != nil {
			return nil, err
		}
		return s, nil
	}
	src, err := open(*from)
	if err != nil {
		return fmt.Errorf("--from: %w", err)
	}
	defer src.Close()
	dst, err := open(*to)
	if err != nil {
		return fmt.Errorf("--to: %w", err)
	}
	defer dst.Close()
	fmt.Fprintf(stdout, "copying %s -> %s\n", src.Dialect(), dst.Dialect())
	counts, err := storage.Copy(ctx, src, dst, storage.CopyOptions{Force: *force, Progress: func(table string, rows int64) {
		fmt.Fprintf(stdout, "  %-24s %8d rows\n", table, rows)
	}})
	if err != nil {
		return err
	}
	var total int64
	for _, c := range counts {
		total += c.Rows
	}
	fmt.Fprintf(stdout, "copied %d tables, %d rows; every table's count matches the source\n", len(counts), total)
	return nil
}
