package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cairn/scheduler"
	"cairn/storage"
)

// Config is everything `cairn serve` and the other commands read from flags
// and CAIRN_* variables. A flag wins over its variable, which wins over the
// default.
type Config struct {
	Addr             string
	DatabaseURL      string
	BaseURL          string
	SMTPURL          string
	MailFrom         string
	Timezone         string
	ReminderOffsets  string
	GoalWarningDays  int
	ReminderSchedule string
	FlagSchedule     string
	AdminEmail       string
	AdminPassword    string
	TrustedProxies   string
	LogFormat        string
	LogLevel         string
	MetricsAddr      string
	MetricsToken     string
	// MatchPreferOtherDepartment: "true" or "false".
	MatchPreferOtherDepartment string

	// Parsed forms, set by validate.
	Location  *time.Location
	Offsets   []time.Duration
	Proxies   []string
	PublicURL string
	// PreferOtherDepartment is MatchPreferOtherDepartment parsed.
	PreferOtherDepartment bool
}

// setting is one configurable value: its flag, its variable, its default.
type setting struct {
	flag, env, def, usage string
	str                   *string
	num                   *int
}

func (c *Config) settings() []setting {
	return []setting{
		{flag: "addr", env: "CAIRN_ADDR", def: "127.0.0.1:8080", usage: "listen address", str: &c.Addr},
		{flag: "database-url", env: "CAIRN_DATABASE_URL", def: "sqlite://cairn.db", usage: "sqlite://PATH or postgres://...", str: &c.DatabaseURL},
		{flag: "base-url", env: "CAIRN_BASE_URL", def: "", usage: "public URL for links in emails and the calendar feed (default http://ADDR)", str: &c.BaseURL},
		{flag: "smtp-url", env: "CAIRN_SMTP_URL", def: "", usage: "smtp://[user:pass@]host:port or smtps://...; unset: mails are logged and kept in the outbox", str: &c.SMTPURL},
		{flag: "mail-from", env: "CAIRN_MAIL_FROM", def: "cairn@localhost", usage: "sender address", str: &c.MailFrom},
		{flag: "timezone", env: "CAIRN_TIMEZONE", def: "UTC", usage: "the organisation's IANA time zone", str: &c.Timezone},
		{flag: "reminder-offsets", env: "CAIRN_REMINDER_OFFSETS", def: "24h,1h", usage: "how long before a meeting reminders go out", str: &c.ReminderOffsets},
		{flag: "goal-warning-days", env: "CAIRN_GOAL_WARNING_DAYS", def: "14", usage: "days before a goal's end date that count as due soon", num: &c.GoalWarningDays},
		{flag: "reminder-schedule", env: "CAIRN_REMINDER_SCHEDULE", def: "@every 1m", usage: "cron spec of the reminder sweep and outbox delivery", str: &c.ReminderSchedule},
		{flag: "flag-schedule", env: "CAIRN_FLAG_SCHEDULE", def: "0 7 * * *", usage: "cron spec of the flag sweep, in the organisation's zone", str: &c.FlagSchedule},
		{flag: "admin-email", env: "CAIRN_ADMIN_EMAIL", def: "", usage: "first admin's email, used when no admin exists", str: &c.AdminEmail},
		{flag: "admin-password", env: "CAIRN_ADMIN_PASSWORD", def: "", usage: "first admin's password (else one is generated and printed once)", str: &c.AdminPassword},
		{flag: "match-prefer-other-department", env: "CAIRN_MATCH_PREFER_OTHER_DEPARTMENT", def: "true", usage: "mentor suggestions rank people from another department first (true or false)", str: &c.MatchPreferOtherDepartment},
		{flag: "trusted-proxies", env: "CAIRN_TRUSTED_PROXIES", def: "", usage: "comma-separated proxy addresses whose X-Forwarded-For (and X-Request-ID) is believed", str: &c.TrustedProxies},
		{flag: "log-format", env: "CAIRN_LOG_FORMAT", def: "text", usage: "log lines as text or json", str: &c.LogFormat},
		{flag: "log-level", env: "CAIRN_LOG_LEVEL", def: "info", usage: "debug, info, warn or error", str: &c.LogLevel},
		{flag: "metrics-addr", env: "CAIRN_METRICS_ADDR", def: "", usage: "serve GET /metrics on this address of its own (unset: on the main address, with --metrics-token only)", str: &c.MetricsAddr},
		{flag: "metrics-token", env: "CAIRN_METRICS_TOKEN", def: "", usage: "bearer token GET /metrics requires; with no metrics address and no token, /metrics does not exist", str: &c.MetricsToken},
	}
}

// bind registers the named settings as flags on fs, with defaults taken
// from the environment. Commands bind only what they use.
func (c *Config) bind(fs *flag.FlagSet, getenv func(string) string, names ...string) error {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	for _, s := range c.settings() {
		if len(names) > 0 && !want[s.flag] {
			continue
		}
		def := s.def
		if v := getenv(s.env); v != "" {
			def = v
		}
		usage := fmt.Sprintf("%s (%s)", s.usage, s.env)
		if s.num != nil {
			n, err := strconv.Atoi(def)
			if err != nil {
				return fmt.Errorf("%s=%q is not a whole number", s.env, def)
			}
			fs.IntVar(s.num, s.flag, n, usage)
		} else {
			fs.StringVar(s.str, s.flag, def, usage)
		}
	}
	return nil
}

// validate checks the configuration and fills in the parsed forms. Each
// problem is one clear line.
func (c *Config) validate() error {
	if c.DatabaseURL != "" {
		if err := storage.CheckURL(c.DatabaseURL); err != nil {
			return fmt.Errorf("CAIRN_DATABASE_URL: %w", err)
		}
	}
	if c.Addr != "" {
		host, port, err := net.SplitHostPort(c.Addr)
		if err != nil {
			return fmt.Errorf("CAIRN_ADDR %q is not host:port", c.Addr)
		}
		if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
			return fmt.Errorf("CAIRN_ADDR %q has no valid port", c.Addr)
		}
		if host != "" && net.ParseIP(host) == nil && host != "localhost" {
			if _, err := net.LookupHost(host); err != nil {
				return fmt.Errorf("CAIRN_ADDR %q: host %q is not an address", c.Addr, host)
			}
		}
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil || c.Timezone == "" || c.Timezone == "Local" {
		return fmt.Errorf("CAIRN_TIMEZONE %q is not an IANA time zone (for example Europe/Berlin)", c.Timezone)
	}
	c.Location = loc
	switch strings.ToLower(strings.TrimSpace(c.MatchPreferOtherDepartment)) {
	case "", "true", "1", "yes":
		c.PreferOtherDepartment = true
	case "false", "0", "no":
		c.PreferOtherDepartment = false
	default:
		return fmt.Errorf("CAIRN_MATCH_PREFER_OTHER_DEPARTMENT must be true or false, not %q", c.MatchPreferOtherDepartment)
	}
	c.Offsets = nil
	for _, part := range strings.Split(c.ReminderOffsets, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		d, err := time.ParseDuration(part)
		if err != nil || d <= 0 {
			return fmt.Errorf("CAIRN_REMINDER_OFFSETS: %q is not a positive duration (for example 24h or 90m)", part)
		}
		c.Offsets = append(c.Offsets, d)
	}
	if c.GoalWarningDays < 0 || c.GoalWarningDays > 365 {
		return fmt.Errorf("CAIRN_GOAL_WARNING_DAYS must be between 0 and 365, not %d", c.GoalWarningDays)
	}
	if err := scheduler.CheckSpec(c.ReminderSchedule); err != nil {
		return fmt.Errorf("CAIRN_REMINDER_SCHEDULE: %w", err)
	}
	if err := scheduler.CheckSpec(c.FlagSchedule); err != nil {
		return fmt.Errorf("CAIRN_FLAG_SCHEDULE: %w", err)
	}
	if c.SMTPURL != "" {
		if err := scheduler.CheckSMTPURL(c.SMTPURL); err != nil {
			return fmt.Errorf("CAIRN_SMTP_URL: %v", err)
		}
	}
	c.PublicURL = strings.TrimRight(c.BaseURL, "/")
	if c.PublicURL == "" {
		c.PublicURL = "http://" + c.Addr
	} else if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("CAIRN_BASE_URL %q must be an http:// or https:// URL", c.BaseURL)
	}
	if _, err := newLogger(io.Discard, c.LogFormat, c.LogLevel); err != nil {
		return err
	}
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			return fmt.Errorf("CAIRN_METRICS_ADDR %q is not host:port", c.MetricsAddr)
		}
	}
	c.Proxies = nil
	for _, p := range strings.Split(c.TrustedProxies, ",") {
		if p = strings.TrimSpace(p); p != "" {
			c.Proxies = append(c.Proxies, p)
		}
	}
	return nil
}

// newFlagSet makes a flag set that reports errors instead of exiting.
func newFlagSet(name, synopsis string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: %s\n\nFlags (each also read from the variable named in brackets):\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}
