package domain

import (
	"sync"
	"time"
)

// DefaultIdentityCacheTTL is how long a resolved session or token is
// trusted without asking the store again. Another instance's sign-out or
// deactivation takes effect here within this time; this instance's own at
// once.
const DefaultIdentityCacheTTL = 2 * time.Second

// maxCachedIdentities bounds the cache; past it, expired entries are
// dropped, and if that is not enough, everything.
const maxCachedIdentities = 10000

// identityCache maps the hash of a session id or API token to the actor it
// resolved to, for a short time, so that a signed-in request usually needs
// no database round trip to know who is asking. Only successes are kept.
// Every write that can change who an actor is (sign-out, token revocation,
// a person's update, deactivation or new password) calls forget after its
// transaction commits; the generation counter stops a lookup that read the
// store before such a write from storing its stale answer after it.
type identityCache struct {
	ttl time.Duration // <= 0: off
	now func() time.Time

	mu         sync.Mutex
	entries    map[string]cachedIdentity
	generation uint64
}

type cachedIdentity struct {
	actor cachedActor
	until time.Time // when this entry must be read from the store again
}

// cachedActor is a resolved actor and, for a session, when it expires.
type cachedActor struct {
	Actor
	expiresAt time.Time
}

func newIdentityCache(ttl time.Duration) *identityCache {
	return &identityCache{ttl: ttl, now: time.Now, entries: map[string]cachedIdentity{}}
}

func sessionKey(hash []byte) string { return "s" + string(hash) }
func tokenKey(hash []byte) string   { return "t" + string(hash) }

// get returns the cached actor for key, if any and still fresh, and the
// generation to hand back to put.
func (c *identityCache) get(key string) (cachedActor, bool, uint64) {
	if c.ttl <= 0 {
		return cachedActor{}, false, 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if ok && c.now().Before(e.until) {
		return e.actor, true, c.generation
	}
	if ok {
		delete(c.entries, key)
	}
	return cachedActor{}, false, c.generation
}

// put keeps a resolved actor, unless something was forgotten since the
// lookup that produced it began (generation).
func (c *identityCache) put(key string, a cachedActor, generation uint64) {
	if c.ttl <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if generation != c.generation {
		return
	}
	now := c.now()
	if len(c.entries) >= maxCachedIdentities {
		for k, e := range c.entries {
			if !now.Before(e.until) {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= maxCachedIdentities {
			c.entries = map[string]cachedIdentity{}
		}
	}
	c.entries[key] = cachedIdentity{actor: a, until: now.Add(c.ttl)}
}

// forgetPerson drops every cached identity of a person.
func (c *identityCache) forgetPerson(personID int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.generation++
	for k, e := range c.entries {
		if e.actor.Person.ID == personID {
			delete(c.entries, k)
		}
	}
}

// forgetSession drops one browser session.
func (c *identityCache) forgetSession(hash []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.generation++
	delete(c.entries, sessionKey(hash))
}

// DashboardCacheTTL is how long one computed dashboard serves every admin
// when nothing was written through this instance meanwhile.
const DashboardCacheTTL = 5 * time.Second

// sharedCache keeps one computed value for a short time, tagged with the
// write count it was computed at. Concurrent callers wait for one
// computation instead of each running it; once the value is only old (no
// write since), callers get it while one of them computes the next, so a
// busy page never stalls on the refresh. After a write on this instance
// everyone waits for the fresh value: a writer sees its own change.
type sharedCache[T any] struct {
	ttl time.Duration
	now func() time.Time

	flight sync.Mutex // held while computing

	mu         sync.Mutex // guards the fields below
	val        T
	ok         bool
	at         time.Time
	version    uint64
	refreshing bool
}

func newSharedCache[T any](ttl time.Duration) *sharedCache[T] {
	return &sharedCache[T]{ttl: ttl, now: time.Now}
}

// get returns the kept value if it was computed at this write count and
// less than ttl ago (or, while another caller refreshes it, at this write
// count at all); otherwise it computes, keeps and returns a new one.
func (c *sharedCache[T]) get(version uint64, compute func() (T, error)) (T, error) {
	if v, ok := c.kept(version, true); ok {
		return v, nil
	}
	c.flight.Lock()
	defer c.flight.Unlock()
	if v, ok := c.kept(version, false); ok {
		return v, nil
	}
	c.mu.Lock()
	c.refreshing = true
	c.mu.Unlock()
	v, err := compute()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.refreshing = false
	if err != nil {
		var zero T
		return zero, err
	}
	c.val, c.ok, c.at, c.version = v, true, c.now(), version
	return v, nil
}

// kept is the value to serve without computing, if any.
func (c *sharedCache[T]) kept(version uint64, staleWhileRefreshing bool) (T, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ok && c.version == version && (c.now().Sub(c.at) < c.ttl || (staleWhileRefreshing && c.refreshing)) {
		return c.val, true
	}
	var zero T
	return zero, false
}

// keyedCache keeps one sharedCache per key (a report's query, a day), so
// each is shared as the dashboard is; it forgets them all when it holds
// keyedCacheSize.
type keyedCache[K comparable, T any] struct {
	mu    sync.Mutex
	byKey map[K]*sharedCache[T]
}

const keyedCacheSize = 32

func (c *keyedCache[K, T]) of(k K) *sharedCache[T] {
	c.mu.Lock()
	defer c.mu.Unlock()
	if sc, ok := c.byKey[k]; ok {
		return sc
	}
	if c.byKey == nil || len(c.byKey) >= keyedCacheSize {
		c.byKey = map[K]*sharedCache[T]{}
	}
	sc := newSharedCache[T](DashboardCacheTTL)
	c.byKey[k] = sc
	return sc
}
