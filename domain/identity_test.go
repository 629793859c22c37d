package domain

import (
	"testing"
	"time"
)

func TestIdentityCache(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	newCache := func() *identityCache {
		c := newIdentityCache(2 * time.Second)
		c.now = func() time.Time { return now }
		return c
	}
	ada := cachedActor{Actor: Actor{Person: Person{ID: 1, Name: "Ada"}, SessionHash: []byte("s1")}}
	bob := cachedActor{Actor: Actor{Person: Person{ID: 2, Name: "Bob"}, TokenID: 9}}

	tests := []struct {
		name    string
		act     func(c *identityCache)
		wantAda bool
		wantBob bool
	}{
		{"kept within the TTL", func(c *identityCache) { now = now.Add(1999 * time.Millisecond) }, true, true},
		{"read again after the TTL", func(c *identityCache) { now = now.Add(2 * time.Second) }, false, false},
		{"a person forgotten, the other kept", func(c *identityCache) { c.forgetPerson(1) }, false, true},
		{"a session forgotten", func(c *identityCache) { c.forgetSession([]byte("s1")) }, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := now
			defer func() { now = start }()
			c := newCache()
			_, _, gen := c.get(sessionKey([]byte("s1")))
			c.put(sessionKey([]byte("s1")), ada, gen)
			_, _, gen = c.get(tokenKey([]byte("t9")))
			c.put(tokenKey([]byte("t9")), bob, gen)
			tt.act(c)
			if _, ok, _ := c.get(sessionKey([]byte("s1"))); ok != tt.wantAda {
				t.Errorf("Ada cached = %v, want %v", ok, tt.wantAda)
			}
			if _, ok, _ := c.get(tokenKey([]byte("t9"))); ok != tt.wantBob {
				t.Errorf("Bob cached = %v, want %v", ok, tt.wantBob)
			}
		})
	}

	t.Run("a lookup that began before a forget does not store its answer", func(t *testing.T) {
		c := newCache()
		_, _, gen := c.get(sessionKey([]byte("s1"))) // the lookup reads the store ...
		c.forgetPerson(1)                            // ... while Ada is deactivated
		c.put(sessionKey([]byte("s1")), ada, gen)
		if _, ok, _ := c.get(sessionKey([]byte("s1"))); ok {
			t.Error("a stale identity was cached after it was forgotten")
		}
	})
	t.Run("off with a negative TTL", func(t *testing.T) {
		c := newIdentityCache(-1)
		c.put(sessionKey([]byte("s1")), ada, 0)
		if _, ok, _ := c.get(sessionKey([]byte("s1"))); ok {
			t.Error("cached with the cache off")
		}
	})
}

func TestSharedCache(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name        string
		version     uint64
		later       time.Duration
		wantCompute bool
	}{
		{"same writes, young: kept", 1, 4 * time.Second, false},
		{"same writes, old: computed again", 1, 5 * time.Second, true},
		{"a write since: computed again", 2, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newSharedCache[int](5 * time.Second)
			clock := now
			c.now = func() time.Time { return clock }
			calls := 0
			compute := func() (int, error) { calls++; return calls, nil }
			if v, _ := c.get(1, compute); v != 1 {
				t.Fatalf("first get = %d", v)
			}
			clock = clock.Add(tt.later)
			v, _ := c.get(tt.version, compute)
			if computed := v == 2; computed != tt.wantCompute {
				t.Errorf("computed again = %v, want %v", computed, tt.wantCompute)
			}
		})
	}
}
