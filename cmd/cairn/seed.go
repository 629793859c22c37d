package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"cairn/cmd/cairn/generate"
	"cairn/domain"
	"cairn/storage"
)

func runSeed(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, log *slog.Logger) error {
	var cfg Config
	fs := newFlagSet("seed", "cairn seed (--demo | --people N) [--seed S] [--force] [flags]\n\n"+
		"--demo fills an empty database with a small realistic organisation whose sign-in passwords are printed once;\n"+
		"--people N generates a large consistent organisation (N people, two years of history) for benchmarks.", stderr)
	if err := cfg.bind(fs, getenv); err != nil {
		return err
	}
	demo := fs.Bool("demo", false, "a small realistic organisation")
	people := fs.Int("people", 0, "how many people to generate")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same organisation")
	force := fs.Bool("force", false, "delete everything in the database first")
	password := fs.String("password", "", "with --people: a password every generated person can sign in with (default: none)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *demo == (*people > 0) {
		fs.Usage()
		return errors.New("seed needs exactly one of --demo or --people N")
	}
	if *people < 0 || *people > 1_000_000 {
		return errors.New("--people must be between 1 and 1000000")
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	if *people > 0 {
		cfg.DatabaseURL = bulkLoadURL(cfg.DatabaseURL)
	}
	store, err := openStore(ctx, &cfg, log, true)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := prepareForSeed(ctx, store, *force, *demo); err != nil {
		return err
	}
	svc, err := newService(&cfg, store, log)
	if err != nil {
		return err
	}
	if *demo {
		return seedDemo(ctx, svc, stdout)
	}
	started := time.Now()
	var hash string
	if *password != "" {
		if hash, err = domain.HashPassword(*password, domain.DefaultPasswordParams); err != nil {
			return err
		}
	}
	// Each long step ends with a line saying how long it took.
	step := time.Now()
	took := func() time.Duration {
		d := time.Since(step).Round(time.Millisecond)
		step = time.Now()
		return d
	}
	// The meetings' reminders are planned in the load's transaction.
	remind := func(ctx context.Context, tx domain.Ports, p *generate.Plan) error {
		fmt.Fprintf(stderr, "seed: planned and written in %s\n", took())
		var ahead []domain.Meeting
		for _, m := range p.Meetings {
			if m.Status == domain.StatusScheduled {
				ahead = append(ahead, *m)
			}
		}
		n, err := svc.PlanRemindersForLoaded(ctx, tx, ahead)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "seed: reminders planned for %d upcoming meetings in %s\n", n, took())
		return nil
	}
	counts, err := generate.Generate(ctx, store, generate.Options{People: *people, Seed: *seed, Now: time.Now(),
		PasswordHash: hash, Location: svc.Config().OrgLocation, Progress: stderr, Then: remind})
	if err != nil {
		return err
	}
	if err := store.AfterBulkLoad(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "seed: indexed, committed and tidied (PostgreSQL: vacuumed and analysed) in %s\n", took())
	flags, err := svc.RunJob(ctx, domain.SystemActor(), "flags")
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "seed: flag sweep in %s: %+v\n", took(), flags)
	fmt.Fprintf(stdout, "seeded %d people, %d programmes, %d pairings, %d engagements, %d meetings, %d private notes in %s\n",
		counts.People, counts.Programmes, counts.Pairings, counts.Engagements, counts.Meetings, counts.PrivateNotes,
		time.Since(started).Round(time.Millisecond))
	return nil
}

// prepareForSeed refuses a database with people in it, unless told to
// empty it first; the demo also fills one that holds only the first admin.
func prepareForSeed(ctx context.Context, store *storage.Store, force, demo bool) error {
	n, err := store.CountPeople(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		return nil
	}
	if demo && !force {
		if fits, _, err := demoFits(ctx, store.Ports()); err != nil || fits {
			return err
		}
	}
	if !force {
		return fmt.Errorf("the database already has %d people: seed only fills an empty one (--force deletes everything first)", n)
	}
	return store.WipeData(ctx)
}

// bulkLoadURL gives a SQLite database a 64 MiB page cache for this run
// (the default is 2 MiB), for the bulk load's one transaction of a
// million meetings and the index builds at its end.
func bulkLoadURL(u string) string {
	if !strings.HasPrefix(u, "sqlite://") {
		return u
	}
	if strings.Contains(u, "?") {
		return u + "&_pragma=cache_size(-65536)"
	}
	return u + "?_pragma=cache_size(-65536)"
}
