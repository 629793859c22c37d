package views

import (
	"sync"
	"time"
)

// rateLimiter counts events per key in fixed windows. It lives in memory:
// each instance limits on its own, which is enough to stop guessing.
type rateLimiter struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	now    func() time.Time
	counts map[string]*window
}

type window struct {
	start time.Time
	n     int
}

func newRateLimiter(limit int, w time.Duration, now func() time.Time) *rateLimiter {
	return &rateLimiter{limit: limit, window: w, now: now, counts: map[string]*window{}}
}

// blocked reports whether key has reached the limit, and for how long.
func (r *rateLimiter) blocked(key string) (bool, time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	w, ok := r.counts[key]
	now := r.now()
	if !ok || now.Sub(w.start) >= r.window {
		return false, 0
	}
	if w.n >= r.limit {
		return true, w.start.Add(r.window).Sub(now)
	}
	return false, 0
}

// hit records one event for key.
func (r *rateLimiter) hit(key string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	w, ok := r.counts[key]
	if !ok || now.Sub(w.start) >= r.window {
		if len(r.counts) > 100_000 {
			r.sweep(now)
		}
		r.counts[key] = &window{start: now, n: 1}
		return
	}
	w.n++
}

func (r *rateLimiter) sweep(now time.Time) {
	for k, w := range r.counts {
		if now.Sub(w.start) >= r.window {
			delete(r.counts, k)
		}
	}
}
