// Package domaintest holds in-memory fakes of the domain's ports, so use
// cases can be tested directly, without a database. The fakes follow the
// storage semantics documented on the ports (and, where a doc comment says
// less, what storage's SQL does): ErrNotFound for a missing row, ErrConflict
// for a broken unique rule, the documented orderings and filters.
package domaintest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"cairn/domain"
)

// Memory is an in-memory database: every port over one shared state.
// One mutex guards the state: a call outside a transaction holds it for
// the call, a transaction for its whole length (so transactions run one
// at a time, as SQLite writers do). It is safe for concurrent use.
type Memory struct {
	mu     sync.Mutex
	holder atomic.Int64 // goroutine holding mu for a transaction, 0 when none
	st     *state
}

// NewMemory returns an empty in-memory database.
func NewMemory() *Memory { return &Memory{st: newState()} }

// Ports are the ports outside any transaction.
func (m *Memory) Ports() domain.Ports { return m.ports(false) }

// Ping always answers.
func (m *Memory) Ping(ctx context.Context) error { return ctx.Err() }

// InTx runs fn holding the state alone, with the ports bound to the
// transaction; when fn returns an error (or panics) the state goes back to
// what it was before.
func (m *Memory) InTx(ctx context.Context, fn func(tx domain.Ports) error) (err error) {
	m.lockOutside()
	m.holder.Store(goid())
	snapshot := m.st.clone()
	defer func() {
		if r := recover(); r != nil {
			m.st = snapshot
			m.holder.Store(0)
			m.mu.Unlock()
			panic(r)
		}
		if err != nil {
			m.st = snapshot
		}
		m.holder.Store(0)
		m.mu.Unlock()
	}()
	if err := ctx.Err(); err != nil {
		return err
	}
	return fn(m.ports(true))
}

// lockOutside takes the mutex for a call or a transaction. A goroutine
// that already holds it for a transaction would wait for itself for ever:
// with a database that is a read outside the transaction (or a nested
// transaction) that cannot see its writes or waits on its locks, which is
// a bug in the use case, so the fake says so at once.
func (m *Memory) lockOutside() {
	if m.mu.TryLock() {
		return
	}
	if id := goid(); id != 0 && id == m.holder.Load() {
		panic("domaintest: a store call outside the transaction, made inside it, would deadlock")
	}
	m.mu.Lock()
}

// goid is the calling goroutine's id, read from its stack header.
func goid() int64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		if id, err := strconv.ParseInt(string(b[:i]), 10, 64); err == nil {
			return id
		}
	}
	return 0
}

// Reclaimed says how many times a sweep asked to reclaim the table's old
// rows ("reminders" or "outbox").
func (m *Memory) Reclaimed(table string) int {
	m.lockOutside()
	defer m.mu.Unlock()
	return m.st.reclaimed[table]
}

// reclaim counts a Reclaim call; inside a transaction it fails, as
// PostgreSQL's VACUUM does.
func (c conn) reclaim(table string) error {
	if c.tx {
		return fmt.Errorf("reclaim %s: cannot run inside a transaction", table)
	}
	st, unlock := c.lock()
	defer unlock()
	st.reclaimed[table]++
	return nil
}

// conn is one port's handle on the memory, inside a transaction or not.
type conn struct {
	m  *Memory
	tx bool
}

// lock holds the state for one call outside a transaction (inside one the
// transaction holds it already) and returns the state and the unlock.
func (c conn) lock() (*state, func()) {
	if c.tx {
		return c.m.st, func() {}
	}
	c.m.lockOutside()
	return c.m.st, c.m.mu.Unlock
}

func (m *Memory) ports(tx bool) domain.Ports {
	c := conn{m: m, tx: tx}
	return domain.Ports{People: people{c}, Access: access{c}, Audit: audit{c}, Programmes: programmes{c},
		Pairings: pairings{c}, Engagements: engagements{c}, Meetings: meetings{c}, Imports: imports{c},
		Reminders: reminders{c}, Outbox: outbox{c}, Notifications: notifications{c}, Flags: flags{c}, Reports: reports{c},
		Health: health{c},
		Ops:    ops{c}, SSO: sso{c}, Series: series{c}, Actions: actions{c}, Feedback: feedback{c},
		Milestones: milestones{c}, Extensions: extensions{c}, Profiles: profiles{c}, Requests: requests{c}}
}

type noteKey struct{ meeting, author int64 }

type reminderKey struct {
	meeting   int64
	offset    time.Duration
	recipient int64
}

type digestKey struct {
	admin int64
	date  domain.Date
}

type digest struct {
	at       time.Time
	outboxID int64
}

// state is every table. Rows are values; pointer fields inside them are
// never changed in place, so a shallow copy of each map is a snapshot.
type state struct {
	nextID int64

	people        map[int64]domain.Person
	sessions      map[string]domain.Session
	tokens        map[int64]domain.APIToken
	passwordLinks map[string]domain.PasswordLink
	actionLinks   map[string]domain.ActionLink
	secrets       map[string][]byte
	feeds         map[int64]domain.CalendarFeed
	audit         []domain.AuditEntry
	programmes    map[int64]domain.Programme
	pairings      map[int64]domain.Pairing
	engagements   map[int64]domain.Engagement
	progress      []domain.ProgressEntry
	meetings      map[int64]domain.Meeting
	notes         map[noteKey]string
	imports       map[string]domain.PendingImport
	reminders     map[int64]domain.Reminder
	outbox        map[int64]domain.OutboxMessage
	notifications map[int64]domain.Notification
	flags         map[int64]domain.Flag
	digests       map[digestKey]digest
	health        healthState // nudges, nudge settings, flag actions (health.go)
	ssoLinks      map[ssoKey]int64
	ssoTokens     map[string]string
	series        map[int64]domain.Series
	actions       map[int64]domain.ActionItem
	feedback      map[int64]domain.MeetingFeedback // by id
	feedbackAsked map[int64]time.Time              // by meeting id
	milestones    map[int64]domain.Milestone
	extensions    map[int64]domain.Extension
	profiles      profileState // profiles, tags, match settings (profiles.go)
	members       map[memberKey]domain.ProgrammeMember
	requests      map[int64]domain.MentorRequest
	reclaimed     map[string]int // ReclaimReminders and ReclaimOutbox calls, by table
}

func newState() *state {
	return &state{people: map[int64]domain.Person{}, sessions: map[string]domain.Session{}, tokens: map[int64]domain.APIToken{},
		passwordLinks: map[string]domain.PasswordLink{}, actionLinks: map[string]domain.ActionLink{}, secrets: map[string][]byte{},
		feeds: map[int64]domain.CalendarFeed{}, programmes: map[int64]domain.Programme{}, pairings: map[int64]domain.Pairing{},
		engagements: map[int64]domain.Engagement{}, meetings: map[int64]domain.Meeting{}, notes: map[noteKey]string{},
		imports: map[string]domain.PendingImport{}, reminders: map[int64]domain.Reminder{}, outbox: map[int64]domain.OutboxMessage{},
		notifications: map[int64]domain.Notification{}, flags: map[int64]domain.Flag{}, digests: map[digestKey]digest{}, ssoLinks: map[ssoKey]int64{}, ssoTokens: map[string]string{},
		series:  map[int64]domain.Series{},
		actions: map[int64]domain.ActionItem{}, milestones: map[int64]domain.Milestone{}, extensions: map[int64]domain.Extension{},
		feedback: map[int64]domain.MeetingFeedback{}, feedbackAsked: map[int64]time.Time{}, profiles: newProfileState(),
		members: map[memberKey]domain.ProgrammeMember{}, requests: map[int64]domain.MentorRequest{}, reclaimed: map[string]int{}}
}

func (s *state) clone() *state {
	c := *s
	c.people, c.sessions, c.tokens = maps.Clone(s.people), maps.Clone(s.sessions), maps.Clone(s.tokens)
	c.passwordLinks, c.actionLinks, c.secrets = maps.Clone(s.passwordLinks), maps.Clone(s.actionLinks), maps.Clone(s.secrets)
	c.feeds, c.audit, c.programmes = maps.Clone(s.feeds), slices.Clone(s.audit), maps.Clone(s.programmes)
	c.pairings, c.engagements, c.progress = maps.Clone(s.pairings), maps.Clone(s.engagements), slices.Clone(s.progress)
	c.meetings, c.notes, c.imports = maps.Clone(s.meetings), maps.Clone(s.notes), maps.Clone(s.imports)
	c.reminders, c.outbox, c.notifications = maps.Clone(s.reminders), maps.Clone(s.outbox), maps.Clone(s.notifications)
	c.flags, c.digests, c.ssoLinks, c.ssoTokens = maps.Clone(s.flags), maps.Clone(s.digests), maps.Clone(s.ssoLinks), maps.Clone(s.ssoTokens)
	c.health = s.health.clone()
	c.series = maps.Clone(s.series)
	c.actions = maps.Clone(s.actions)
	c.feedback, c.feedbackAsked = maps.Clone(s.feedback), maps.Clone(s.feedbackAsked)
	c.milestones, c.extensions = maps.Clone(s.milestones), maps.Clone(s.extensions)
	c.profiles = s.profiles.clone()
	c.members, c.requests, c.reclaimed = maps.Clone(s.members), maps.Clone(s.requests), maps.Clone(s.reclaimed)
	return &c
}

// id hands out the next row id; one sequence for every table keeps ids
// unique across tables, which no test may rely on either way.
func (s *state) id() int64 {
	s.nextID++
	return s.nextID
}

// errNotFound is storage's "no such row", with what was looked for.
func errNotFound(what string, args ...any) error {
	return fmt.Errorf("domaintest: %s: %w", fmt.Sprintf(what, args...), domain.ErrNotFound)
}

// errConflict is storage's unique-violation.
func errConflict(what string, args ...any) error {
	return fmt.Errorf("domaintest: %s: %w", fmt.Sprintf(what, args...), domain.ErrConflict)
}

// sortedValues lists a table's rows by id.
func sortedValues[V any](m map[int64]V) []V {
	ids := slices.Sorted(maps.Keys(m))
	out := make([]V, len(ids))
	for i, id := range ids {
		out[i] = m[id]
	}
	return out
}

// limit applies LIMIT n: a zero (or negative) limit is no rows, as in SQL.
func limit[T any](xs []T, n int) []T {
	if n <= 0 {
		return []T{}
	}
	if len(xs) > n {
		return xs[:n]
	}
	return xs
}

func filter[T any](xs []T, keep func(T) bool) []T {
	out := []T{}
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

// in reports whether v is in the list, an empty list holding everything
// (storage adds no condition for an empty status list).
func in[T comparable](list []T, v T) bool { return len(list) == 0 || slices.Contains(list, v) }

func ptr[T any](v T) *T { return &v }

// sortStable sorts by a less function, keeping the order of equals.
func sortStable[T any](xs []T, less func(a, b T) bool) {
	slices.SortStableFunc(xs, func(a, b T) int {
		switch {
		case less(a, b):
			return -1
		case less(b, a):
			return 1
		}
		return 0
	})
}

var _ domain.Database = (*Memory)(nil)

// lookup reads one row under the lock; read, if given, makes it what
// storage would return (names joined in and the like). A missing row is
// NotFound, described as what and args.
func lookup[K comparable, V any](c conn, rows func(*state) map[K]V, key K, read func(*state, V) V, what string, args ...any) (V, error) {
	st, unlock := c.lock()
	defer unlock()
	v, ok := rows(st)[key]
	if !ok {
		var zero V
		return zero, errNotFound(what, args...)
	}
	if read != nil {
		v = read(st, v)
	}
	return v, nil
}

// lookupMany reads the rows with these keys under one lock; a key with no
// row is absent, as storage's IN (...) reads leave it.
func lookupMany[K comparable, V any](c conn, rows func(*state) map[K]V, keys []K) map[K]V {
	st, unlock := c.lock()
	defer unlock()
	out := make(map[K]V, len(keys))
	for _, k := range keys {
		if v, ok := rows(st)[k]; ok {
			out[k] = v
		}
	}
	return out
}

// errRefused is what an edit returns to refuse its row, as storage's
// WHERE clause would: the row counts as not found.
var errRefused = errors.New("domaintest: row refused")

// change rewrites one row under the lock; an edit's error leaves the row
// as it was. A missing or refused row is NotFound, described as what and
// args.
func change[K comparable, V any](c conn, rows func(*state) map[K]V, key K, edit func(*state, *V) error, what string, args ...any) error {
	st, unlock := c.lock()
	defer unlock()
	m := rows(st)
	v, ok := m[key]
	if ok {
		err := edit(st, &v)
		if errors.Is(err, errRefused) {
			ok = false
		} else if err != nil {
			return err
		}
	}
	if !ok {
		return errNotFound(what, args...)
	}
	m[key] = v
	return nil
}

// selectRows reads, under the lock, the rows of one table in id order that
// keep keeps, at most n of them, each as read (if given) makes it: a
// filtered, limited SELECT.
// selectPage is selectRows by keyset, as storage pages: the rows with an
// id above after, or (before > 0) the last n below before, in id order.
func selectPage[V any](c conn, rows func(*state) map[int64]V, keep func(*state, V) bool, id func(V) int64, after, before int64, n int, read func(*state, V) V) []V {
	all := selectRows(c, rows, func(st *state, v V) bool {
		return keep(st, v) && id(v) > after && (before <= 0 || id(v) < before)
	}, 1<<31, read)
	if before > 0 && len(all) > n {
		return all[len(all)-max(n, 0):]
	}
	return limit(all, n)
}

func selectRows[V any](c conn, rows func(*state) map[int64]V, keep func(*state, V) bool, n int, read func(*state, V) V) []V {
	st, unlock := c.lock()
	defer unlock()
	out := limit(filter(sortedValues(rows(st)), func(v V) bool { return keep(st, v) }), n)
	if read != nil {
		for i := range out {
			out[i] = read(st, out[i])
		}
	}
	return out
}
