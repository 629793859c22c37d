package domain

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Config holds the organisation-wide settings the rules depend on.
type Config struct {
	OrgLocation     *time.Location // the organisation's zone: default for new people and for dates
	BaseURL         string         // public URL, for links in emails and feeds (no trailing slash)
	PasswordParams  PasswordParams
	SessionTTL      time.Duration
	GoalWarningDays int
	ReminderOffsets []time.Duration
	// MatchIgnoreDepartment turns off the preference for mentors from
	// another department in suggestions (CAIRN_MATCH_PREFER_OTHER_DEPARTMENT=false);
	// the zero value prefers another department.
	MatchIgnoreDepartment bool
	// IdentityCacheTTL is how long a resolved session or token is trusted
	// without a store round trip (default DefaultIdentityCacheTTL; negative:
	// never cached).
	IdentityCacheTTL time.Duration
	// SSO is single sign-on through the organisation's OpenID provider.
	SSO SSOConfig
	// Languages are the tags with a message catalogue, the ones a person
	// may choose (language.go); none means DefaultLanguage alone.
	Languages []string
	// Translator writes what people read outside pages (mails, notices,
	// calendar entries, CSV headers) in their language; none writes
	// message keys (translator.go).
	Translator Translator
}

// Service runs the use cases. It is safe for concurrent use.
type Service struct {
	db    Database
	store Ports // outside any transaction
	clock Clock
	cfg   Config

	meetingHooks []MeetingHook

	// Scheduler: reminders, outbox, flags (notify.go).
	notify *notifier

	sealKey   atomic.Pointer[[]byte]    // signs values that round-trip through the browser
	uidScheme atomic.Pointer[uidScheme] // meetings' iCalendar UIDs, read once

	dummyOnce sync.Once
	dummyHash string

	identities *identityCache // who a session or token is, for a few seconds

	// writes counts this instance's write transactions; dashboards keeps
	// the last dashboard while it stays zero-change and young.
	writes     *atomic.Uint64
	dashboards *sharedCache[Dashboard]
	reports    keyedCache[reportKey, OrgReport] // the same for reports, per query
	flagBoards keyedCache[Date, []FlagView]     // and for HR's open flags, per day
}

// NewService wires a Service; zero config fields take sensible defaults.
func NewService(db Database, clock Clock, cfg Config) *Service {
	if cfg.OrgLocation == nil {
		cfg.OrgLocation = time.UTC
	}
	if cfg.PasswordParams == (PasswordParams{}) {
		cfg.PasswordParams = DefaultPasswordParams
	}
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = 14 * 24 * time.Hour
	}
	if cfg.GoalWarningDays == 0 {
		cfg.GoalWarningDays = 14
	}
	if cfg.ReminderOffsets == nil {
		cfg.ReminderOffsets = []time.Duration{24 * time.Hour, time.Hour}
	}
	if cfg.Translator == nil {
		cfg.Translator = keyTranslator{}
	}
	if cfg.IdentityCacheTTL == 0 {
		cfg.IdentityCacheTTL = DefaultIdentityCacheTTL
	}
	writes := &atomic.Uint64{}
	return &Service{db: db, store: db.Ports(), clock: clock, cfg: cfg,
		identities: newIdentityCache(cfg.IdentityCacheTTL), writes: writes, dashboards: newSharedCache[Dashboard](DashboardCacheTTL)}
}

// OnMeetingChange registers a hook run inside every meeting write's
// transaction. Call it while wiring, before serving.
func (s *Service) OnMeetingChange(h MeetingHook) { s.meetingHooks = append(s.meetingHooks, h) }

// Now is the service clock's current instant.
func (s *Service) Now() time.Time { return s.clock.Now() }

// Config returns the settings the service runs with.
func (s *Service) Config() Config { return s.cfg }

// Ping checks that the store answers.
func (s *Service) Ping(ctx context.Context) error { return s.db.Ping(ctx) }

// inTx runs fn in one transaction and counts it as a write (failed ones
// too: harmless), so caches of derived figures know this instance changed
// something.
func (s *Service) inTx(ctx context.Context, fn func(tx Ports) error) error {
	defer s.writes.Add(1)
	return s.db.InTx(ctx, fn)
}
