package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sort"
	"strings"
	"time"

	"cairn/cmd/cairn/metrics"
	"cairn/domain"
	"cairn/domain/lang"
	"cairn/scheduler"
	"cairn/storage"
	"cairn/views"
)

// openStore connects and, when asked, applies pending migrations.
func openStore(ctx context.Context, cfg *Config, log *slog.Logger, migrate bool) (*storage.Store, error) {
	store, err := storage.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	if migrate {
		n, err := store.Migrate(ctx, nil)
		if err != nil {
			store.Close()
			return nil, err
		}
		if n > 0 {
			log.Info("migrations applied", "count", n, "dialect", store.Dialect())
		}
	}
	return store, nil
}

// startupLines tell the person who started Cairn where it runs and, on the
// first start, how the first admin signs in: the generated password is
// shown here, once, not only in the log.
func startupLines(w io.Writer, url, dialect, adminEmail string, created bool, generated string) {
	fmt.Fprintf(w, "Cairn is running at %s (database: %s). Sign in at %s/login", url, dialect, url)
	if created {
		fmt.Fprintf(w, " as %s", adminEmail)
	}
	fmt.Fprintln(w, ".")
	if created && generated != "" {
		fmt.Fprintf(w, "The first admin's password is %s\nIt is shown only this once: sign in and change it under Settings.\n", generated)
	}
}

func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, log *slog.Logger) error {
	var cfg Config
	fs := newFlagSet("serve", "cairn serve [flags]", stderr)
	if err := cfg.bind(fs, getenv); err != nil {
		return err
	}
	demo := fs.Bool("demo", false, "fill an empty database with a small demo organisation first (passwords printed once)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	// The flags may name another log format or level than the variables.
	log, err := newLogger(stderr, cfg.LogFormat, cfg.LogLevel)
	if err != nil {
		return err
	}
	started := time.Now()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	defer ln.Close()
	if cfg.BaseURL == "" {
		cfg.PublicURL = "http://" + ln.Addr().String()
	}
	// Held while serving, so cairn restore refuses to swap the file away.
	release, err := storage.HoldDatabase(cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer release()
	store, err := openStore(ctx, &cfg, log, true)
	if err != nil {
		return err
	}
	defer store.Close()
	svc, err := newService(&cfg, store, log)
	if err != nil {
		return err
	}
	if *demo {
		fits, n, err := demoFits(ctx, store.Ports())
		if err != nil {
			return err
		}
		if !fits {
			log.Warn("--demo skipped: the database already has people", "people", n)
			fmt.Fprintln(stdout, demoSkipped)
		} else if err := seedDemo(ctx, svc, stdout); err != nil {
			return err
		}
	}
	created, generated, err := svc.EnsureFirstAdmin(ctx, cfg.AdminEmail, cfg.AdminPassword)
	if err != nil {
		return err
	}
	adminEmail := cfg.AdminEmail
	if adminEmail == "" {
		adminEmail = "admin@localhost"
	}
	if created && generated != "" {
		log.Warn("first admin created; this password is shown only once", "email", adminEmail, "password", generated)
	} else if created {
		log.Info("first admin created", "email", adminEmail)
	}
	sched, err := scheduler.New(log, cfg.Location, scheduler.Jobs(svc, log, cfg.ReminderSchedule, cfg.FlagSchedule)...)
	if err != nil {
		return err
	}
	m := metrics.New(buildVersion(), store.DB().DB, svc.OpsSnapshot)
	sched.OnRun(m.ObserveJob)
	oidc, err := discoverOIDC(ctx, &cfg, log)
	if err != nil {
		return err
	}
	opts := views.Options{BaseURL: cfg.PublicURL, TrustedProxies: cfg.Proxies, OIDC: oidc, Languages: cfg.Languages}
	metricsOptions(&cfg, m, &opts)
	app, err := views.New(svc, log, opts)
	if err != nil {
		return err
	}
	if cfg.MetricsAddr != "" {
		mln, err := net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			return fmt.Errorf("listen on %s (CAIRN_METRICS_ADDR): %w", cfg.MetricsAddr, err)
		}
		msrv := metricsServer(mln, m, cfg.MetricsToken, log)
		defer msrv.Close()
		log.Info("metrics are served", "addr", mln.Addr().String())
	}
	if cfg.PprofAddr != "" {
		pln, err := net.Listen("tcp", cfg.PprofAddr)
		if err != nil {
			return fmt.Errorf("listen on %s (CAIRN_PPROF_ADDR): %w", cfg.PprofAddr, err)
		}
		psrv := pprofServer(pln, log)
		defer psrv.Close()
		log.Info("the profiler is served", "addr", pln.Addr().String())
	}
	served := make(chan error, 1)
	go func() { served <- app.Listener(ln) }()
	sched.Start()
	log.Info("cairn is listening", "url", cfg.PublicURL, "addr", ln.Addr().String(), "database", store.Dialect(),
		"startup", time.Since(started).Round(time.Millisecond))
	startupLines(stdout, cfg.PublicURL, store.Dialect(), adminEmail, created, generated)

	select {
	case err := <-served:
		stopCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = sched.Stop(stopCtx)
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	if err := app.ShutdownWithTimeout(30 * time.Second); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("shutting down: finishing the running job")
	stopCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := sched.Stop(stopCtx); err != nil {
		log.Warn("scheduler stopped before its job finished", "err", err)
	}
	log.Info("stopped")
	return nil
}

// newService wires the use cases with the configuration, reminders
// included, so every command that writes meetings applies the same rules
// and hooks.
func newService(cfg *Config, store *storage.Store, log *slog.Logger) (*domain.Service, error) {
	svc := domain.NewService(store, domain.SystemClock{}, domain.Config{
		OrgLocation: cfg.Location, GoalWarningDays: cfg.GoalWarningDays, ReminderOffsets: cfg.Offsets, BaseURL: cfg.PublicURL,
		MatchIgnoreDepartment: !cfg.PreferOtherDepartment, SSO: cfg.SSO, Languages: cfg.Languages.Tags(), Translator: cfg.Languages,
	})
	mailer, err := scheduler.NewMailer(cfg.SMTPURL, log)
	if err != nil {
		return nil, fmt.Errorf("CAIRN_SMTP_URL: %w", err)
	}
	svc.EnableNotifications(domain.NotifyConfig{BaseURL: cfg.PublicURL, From: cfg.MailFrom, Mailer: mailer,
		MailConfigured: cfg.SMTPURL != ""})
	return svc, nil
}

func runMigrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, log *slog.Logger) error {
	var cfg Config
	fs := newFlagSet("migrate", "cairn migrate up|status [flags]", stderr)
	if err := cfg.bind(fs, getenv, "database-url"); err != nil {
		return err
	}
	if len(args) == 0 {
		fs.Usage()
		return errors.New("migrate needs up or status")
	}
	sub := args[0]
	if sub == "-h" || sub == "--help" || sub == "help" {
		fs.Usage()
		return nil
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if err := storage.CheckURL(cfg.DatabaseURL); err != nil {
		return fmt.Errorf("CAIRN_DATABASE_URL: %w", err)
	}
	switch sub {
	case "up":
		store, err := openStore(ctx, &cfg, log, false)
		if err != nil {
			return err
		}
		defer store.Close()
		n, err := store.Migrate(ctx, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d migration(s) applied\n", n)
		return nil
	case "status":
		store, err := openStore(ctx, &cfg, log, false)
		if err != nil {
			return err
		}
		defer store.Close()
		st, err := store.MigrationStatuses(ctx)
		if err != nil {
			return err
		}
		for _, m := range st {
			state := "pending"
			if m.Applied {
				state = "applied"
			}
			fmt.Fprintf(stdout, "%05d  %-8s %s\n", m.Version, state, m.Name)
		}
		return nil
	}
	return fmt.Errorf("unknown migrate command %q: use up or status", sub)
}

func runAdmin(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newFlagSet("admin create", "cairn admin create --email EMAIL --name NAME --password PASSWORD [flags]", stderr)
	if err := cfg.bind(fs, getenv, "database-url", "timezone"); err != nil {
		return err
	}
	email := fs.String("email", "", "the admin's email")
	name := fs.String("name", "", "the admin's name")
	password := fs.String("password", "", "the admin's password (at least 10 characters)")
	if len(args) == 0 || args[0] != "create" {
		fs.Usage()
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return errors.New("admin needs the create command")
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if err := storage.CheckURL(cfg.DatabaseURL); err != nil {
		return fmt.Errorf("CAIRN_DATABASE_URL: %w", err)
	}
	loc, err := time.LoadLocation(cfg.Timezone)
	if err != nil {
		return fmt.Errorf("CAIRN_TIMEZONE %q is not an IANA time zone", cfg.Timezone)
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	store, err := openStore(ctx, &cfg, log, true)
	if err != nil {
		return err
	}
	defer store.Close()
	langs, err := lang.Load(lang.Source)
	if err != nil {
		return err
	}
	svc := domain.NewService(store, domain.SystemClock{}, domain.Config{OrgLocation: loc, Languages: langs.Tags(), Translator: langs})
	p, err := svc.CreateAdmin(ctx, *email, *name, *password)
	if err != nil {
		if fields := views.FieldWords(langs.For(domain.DefaultLanguage), err); fields != nil {
			parts := make([]string, 0, len(fields))
			for _, k := range sortedKeys(fields) {
				parts = append(parts, k+": "+fields[k])
			}
			return fmt.Errorf("admin not created: invalid input: %s", strings.Join(parts, "; "))
		}
		return err
	}
	fmt.Fprintf(stdout, "admin %s <%s> created with id %d\n", p.Name, p.Email, p.ID)
	return nil
}

func runImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, log *slog.Logger) error {
	var cfg Config
	fs := newFlagSet("import", "cairn import people FILE.csv [flags]\n\nThe CSV header is "+
		strings.Join(domain.PeopleCSVHeader, ",")+", then if you like "+strings.Join(domain.PeopleCSVLanguage, ",")+
		" and then, all or none, "+strings.Join(domain.PeopleProfileColumns, ",")+
		". Every row is checked first; all rows are created or none.", stderr)
	if err := cfg.bind(fs, getenv, "database-url", "timezone"); err != nil {
		return err
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fs.Usage()
		if len(args) == 0 {
			return errors.New("import needs what to import: people")
		}
		return nil
	}
	if args[0] != "people" {
		return fmt.Errorf("cannot import %q: only people", args[0])
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("import people needs one FILE.csv")
	}
	if err := storage.CheckURL(cfg.DatabaseURL); err != nil {
		return fmt.Errorf("CAIRN_DATABASE_URL: %w", err)
	}
	loc, err := time.LoadLocation(cfg.Timezone)
	if err != nil {
		return fmt.Errorf("CAIRN_TIMEZONE %q is not an IANA time zone", cfg.Timezone)
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	store, err := openStore(ctx, &cfg, log, true)
	if err != nil {
		return err
	}
	defer store.Close()
	langs, err := lang.Load(lang.Source)
	if err != nil {
		return err
	}
	svc := domain.NewService(store, domain.SystemClock{}, domain.Config{OrgLocation: loc, Languages: langs.Tags(), Translator: langs})
	n, err := svc.ImportPeople(ctx, domain.SystemActor(), f)
	if err != nil {
		if fields := views.FieldWords(langs.For(domain.DefaultLanguage), err); len(fields) > 0 {
			for _, k := range sortedKeys(fields) {
				fmt.Fprintf(stderr, "%s: %s\n", k, fields[k])
			}
			return fmt.Errorf("nothing imported: %d problem(s) in %s", len(fields), fs.Arg(0))
		}
		return err
	}
	fmt.Fprintf(stdout, "%d people imported from %s\n", n, fs.Arg(0))
	return nil
}

// sortedKeys orders row errors as "row 2", "row 10" ... by row number.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if len(a) != len(b) {
			return len(a) < len(b)
		}
		return a < b
	})
	return keys
}

// discoverOIDC reads the OpenID provider's discovery document at start-up,
// so a wrong issuer stops the start with one line; nil when SSO is off.
func discoverOIDC(ctx context.Context, cfg *Config, log *slog.Logger) (*views.OIDC, error) {
	if cfg.SSO.Issuer == "" {
		return nil, nil
	}
	dctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	o, err := views.DiscoverOIDC(dctx, views.OIDCConfig{Issuer: cfg.SSO.Issuer, ClientID: cfg.OIDCClientID,
		ClientSecret: cfg.OIDCClientSecret, Scopes: strings.Fields(cfg.OIDCScopes), Button: cfg.OIDCButton,
		RedirectURL: cfg.PublicURL + "/auth/oidc/callback", GroupsClaim: cfg.OIDCGroupsClaim,
		DepartmentClaim: cfg.OIDCDepartmentClaim, JobTitleClaim: cfg.OIDCJobTitleClaim, EmailVerifiedClaim: cfg.OIDCEmailVerifiedClaim, Log: log})
	if err != nil {
		return nil, fmt.Errorf("CAIRN_OIDC_ISSUER: %w", err)
	}
	return o, nil
}
