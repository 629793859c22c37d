package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"cairn/domain"
	"cairn/domain/lang"
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
	PprofAddr        string
	MetricsToken     string
	// MatchPreferOtherDepartment: "true" or "false".
	MatchPreferOtherDepartment string
	// Single sign-on through an OpenID provider (see validateSSO).
	OIDCIssuer, OIDCClientID, OIDCClientSecret, OIDCScopes, OIDCButton              string
	OIDCAutoCreate, OIDCAllowedDomains, OIDCAdminGroup                              string
	OIDCGroupsClaim, OIDCDepartmentClaim, OIDCJobTitleClaim, OIDCEmailVerifiedClaim string
	PasswordLogin, BreakGlassEmail                                                  string
	// DefaultLanguage is the language of readers who chose none and whose
	// browser asks for none Cairn speaks.
	DefaultLanguage string

	// Parsed forms, set by validate.
	Location  *time.Location
	Offsets   []time.Duration
	Proxies   []string
	PublicURL string
	// PreferOtherDepartment is MatchPreferOtherDepartment parsed.
	PreferOtherDepartment bool
	// SSO is the single sign-on settings parsed (Issuer empty: off).
	SSO domain.SSOConfig
	// Languages is the message catalogues, DefaultLanguage their default.
	Languages *lang.Catalogue
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
		{flag: "default-language", env: "CAIRN_DEFAULT_LANGUAGE", def: lang.Source, usage: "language of people who chose none and whose browser asks for none Cairn speaks (en, de, fr or es)", str: &c.DefaultLanguage},
		{flag: "reminder-offsets", env: "CAIRN_REMINDER_OFFSETS", def: "24h,1h", usage: "how long before a meeting reminders go out", str: &c.ReminderOffsets},
		{flag: "goal-warning-days", env: "CAIRN_GOAL_WARNING_DAYS", def: "14", usage: "days before a goal's end date that count as due soon", num: &c.GoalWarningDays},
		{flag: "reminder-schedule", env: "CAIRN_REMINDER_SCHEDULE", def: "@every 1m", usage: "cron spec of the reminder sweep and outbox delivery", str: &c.ReminderSchedule},
		{flag: "flag-schedule", env: "CAIRN_FLAG_SCHEDULE", def: "0 7 * * *", usage: "cron spec of the flag sweep, in the organisation's zone", str: &c.FlagSchedule},
		{flag: "admin-email", env: "CAIRN_ADMIN_EMAIL", def: "", usage: "first admin's email, used when no admin exists", str: &c.AdminEmail},
		{flag: "admin-password", env: "CAIRN_ADMIN_PASSWORD", def: "", usage: "first admin's password (else one is generated and printed once)", str: &c.AdminPassword},
		{flag: "match-prefer-other-department", env: "CAIRN_MATCH_PREFER_OTHER_DEPARTMENT", def: "true", usage: "mentor suggestions rank people from another department first (true or false)", str: &c.MatchPreferOtherDepartment},
		{flag: "oidc-issuer", env: "CAIRN_OIDC_ISSUER", def: "", usage: "OpenID provider's issuer URL; set: people sign in with the organisation's account", str: &c.OIDCIssuer},
		{flag: "oidc-client-id", env: "CAIRN_OIDC_CLIENT_ID", def: "", usage: "Cairn's client id at the OpenID provider", str: &c.OIDCClientID},
		{flag: "oidc-client-secret", env: "CAIRN_OIDC_CLIENT_SECRET", def: "", usage: "Cairn's client secret at the OpenID provider", str: &c.OIDCClientSecret},
		{flag: "oidc-scopes", env: "CAIRN_OIDC_SCOPES", def: "openid email profile", usage: "scopes asked of the OpenID provider", str: &c.OIDCScopes},
		{flag: "oidc-button", env: "CAIRN_OIDC_BUTTON", def: "Sign in with your organisation", usage: "label of the sign-in button", str: &c.OIDCButton},
		{flag: "oidc-auto-create", env: "CAIRN_OIDC_AUTO_CREATE", def: "false", usage: "create unknown people whose verified email's domain is allowed (true or false)", str: &c.OIDCAutoCreate},
		{flag: "oidc-allowed-domains", env: "CAIRN_OIDC_ALLOWED_DOMAINS", def: "", usage: "comma-separated email domains for CAIRN_OIDC_AUTO_CREATE", str: &c.OIDCAllowedDomains},
		{flag: "oidc-admin-group", env: "CAIRN_OIDC_ADMIN_GROUP", def: "", usage: "group whose members are admins (and only they)", str: &c.OIDCAdminGroup},
		{flag: "oidc-groups-claim", env: "CAIRN_OIDC_GROUPS_CLAIM", def: "groups", usage: "ID token claim listing the person's groups", str: &c.OIDCGroupsClaim},
		{flag: "oidc-email-verified-claim", env: "CAIRN_OIDC_EMAIL_VERIFIED_CLAIM", def: "email_verified", usage: "claim that says the email is verified (Entra ID: xms_edov)", str: &c.OIDCEmailVerifiedClaim},
		{flag: "oidc-department-claim", env: "CAIRN_OIDC_DEPARTMENT_CLAIM", def: "", usage: "claim filling a new person's department", str: &c.OIDCDepartmentClaim},
		{flag: "oidc-job-title-claim", env: "CAIRN_OIDC_JOB_TITLE_CLAIM", def: "", usage: "claim filling a new person's job title", str: &c.OIDCJobTitleClaim},
		{flag: "password-login", env: "CAIRN_PASSWORD_LOGIN", def: "true", usage: "false: only the break-glass admin signs in with a password", str: &c.PasswordLogin},
		{flag: "break-glass-email", env: "CAIRN_BREAK_GLASS_EMAIL", def: "", usage: "the admin who may still sign in with a password when CAIRN_PASSWORD_LOGIN=false", str: &c.BreakGlassEmail},
		{flag: "trusted-proxies", env: "CAIRN_TRUSTED_PROXIES", def: "", usage: "comma-separated proxy addresses whose X-Forwarded-For (and X-Request-ID) is believed", str: &c.TrustedProxies},
		{flag: "log-format", env: "CAIRN_LOG_FORMAT", def: "text", usage: "log lines as text or json", str: &c.LogFormat},
		{flag: "log-level", env: "CAIRN_LOG_LEVEL", def: "info", usage: "debug, info, warn or error", str: &c.LogLevel},
		{flag: "metrics-addr", env: "CAIRN_METRICS_ADDR", def: "", usage: "serve GET /metrics on this address of its own (unset: on the main address, with --metrics-token only)", str: &c.MetricsAddr},
		{flag: "pprof-addr", env: "CAIRN_PPROF_ADDR", def: "", usage: "serve Go's profiler (/debug/pprof/) on this loopback address of its own, for bench/run; unset: no profiler", str: &c.PprofAddr},
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
	if c.Languages, err = lang.Load(c.DefaultLanguage); err != nil {
		return fmt.Errorf("CAIRN_DEFAULT_LANGUAGE: %w", err)
	}
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
	if err := c.validateSSO(); err != nil {
		return err
	}
	if _, err := newLogger(io.Discard, c.LogFormat, c.LogLevel); err != nil {
		return err
	}
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			return fmt.Errorf("CAIRN_METRICS_ADDR %q is not host:port", c.MetricsAddr)
		}
	}
	if c.PprofAddr != "" {
		host, _, err := net.SplitHostPort(c.PprofAddr)
		if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
			return fmt.Errorf("CAIRN_PPROF_ADDR %q is not a loopback host:port (for example 127.0.0.1:6060): the profiler shows the process's memory", c.PprofAddr)
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

// validateSSO parses the single sign-on settings. Whether the issuer
// answers is checked by discovery when serve starts.
func (c *Config) validateSSO() error {
	boolean := func(name, v string, def bool) (bool, error) {
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "":
			return def, nil
		case "true", "1", "yes":
			return true, nil
		case "false", "0", "no":
			return false, nil
		}
		return false, fmt.Errorf("%s must be true or false, not %q", name, v)
	}
	var sso domain.SSOConfig
	auto, err := boolean("CAIRN_OIDC_AUTO_CREATE", c.OIDCAutoCreate, false)
	if err != nil {
		return err
	}
	passwords, err := boolean("CAIRN_PASSWORD_LOGIN", c.PasswordLogin, true)
	if err != nil {
		return err
	}
	sso.Issuer = strings.TrimSpace(c.OIDCIssuer)
	if sso.Issuer != "" {
		if u, err := url.Parse(sso.Issuer); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return fmt.Errorf("CAIRN_OIDC_ISSUER %q must be an https:// URL", c.OIDCIssuer)
		}
		if strings.TrimSpace(c.OIDCClientID) == "" {
			return fmt.Errorf("CAIRN_OIDC_CLIENT_ID is required with CAIRN_OIDC_ISSUER")
		}
		if !slices.Contains(strings.Fields(c.OIDCScopes), "openid") {
			return fmt.Errorf("CAIRN_OIDC_SCOPES %q must include openid", c.OIDCScopes)
		}
	}
	for _, d := range strings.Split(c.OIDCAllowedDomains, ",") {
		if d = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(d), "@")); d != "" {
			sso.AllowedDomains = append(sso.AllowedDomains, d)
		}
	}
	if auto && len(sso.AllowedDomains) == 0 {
		return fmt.Errorf("CAIRN_OIDC_AUTO_CREATE=true needs CAIRN_OIDC_ALLOWED_DOMAINS (for example example.org)")
	}
	if !passwords && sso.Issuer == "" {
		return fmt.Errorf("CAIRN_PASSWORD_LOGIN=false needs CAIRN_OIDC_ISSUER, or nobody could sign in")
	}
	sso.AutoCreate, sso.PasswordLoginOff = auto, !passwords
	sso.AdminGroup = strings.TrimSpace(c.OIDCAdminGroup)
	sso.BreakGlassEmail = domain.NormalizeEmail(c.BreakGlassEmail)
	c.SSO = sso
	return nil
}
