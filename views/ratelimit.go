package views

import (
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
)

// attemptGuard slows repeated attempts (sign-in failures, password-reset
// requests) without handing anyone a way to lock a person out. Failures count per (address, email) pair, per address and
// per email, each against its own threshold: the pair's is low, so one
// guesser is slowed at once; the address's is higher (many accounts from
// one place); the email's is far higher, so only a spread attack from
// many addresses slows sign-in for that person, and then only for a while.
// Past a threshold every further failure doubles the wait, from one second
// up to maxWait; a key with no failure for forget starts afresh. It lives
// in memory: each instance guards on its own, which is enough to stop
// guessing.
type attemptGuard struct {
	mu                              sync.Mutex
	pairLimit, addrLimit, mailLimit int
	forget, maxWait                 time.Duration
	now                             func() time.Time
	keys                            map[string]*failures
}

type failures struct {
	n    int
	last time.Time
}

// newLoginGuard guards sign-in: from the pair's threshold, an address
// gets three times as many failures, an email ten times.
func newLoginGuard(limit int, forget time.Duration, now func() time.Time) *attemptGuard {
	return &attemptGuard{pairLimit: limit, addrLimit: 3 * limit, mailLimit: 10 * limit,
		forget: forget, maxWait: forget, now: now, keys: map[string]*failures{}}
}

// newResetGuard guards password-reset requests: a few mails an hour to
// one address, whoever asks, and a few requests from one place.
func newResetGuard(now func() time.Time) *attemptGuard {
	return &attemptGuard{pairLimit: 2, addrLimit: 5, mailLimit: 3,
		forget: time.Hour, maxWait: time.Hour, now: now, keys: map[string]*failures{}}
}

// keysOf are the three counters an attempt touches, each with
// its threshold.
func (g *attemptGuard) keysOf(addr, email string) map[string]int {
	email = strings.ToLower(strings.TrimSpace(email))
	return map[string]int{"pair:" + addr + " " + email: g.pairLimit, "addr:" + addr: g.addrLimit, "email:" + email: g.mailLimit}
}

// wait is how long the attempt must wait; 0 when it may go ahead.
func (g *attemptGuard) wait(addr, email string) time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	var longest time.Duration
	for k, limit := range g.keysOf(addr, email) {
		f, ok := g.keys[k]
		if !ok || f.n < limit || now.Sub(f.last) >= g.forget {
			continue
		}
		if w := f.last.Add(g.delay(f.n - limit)).Sub(now); w > longest {
			longest = w
		}
	}
	return longest
}

// delay is the wait after the over-th failure past a threshold.
func (g *attemptGuard) delay(over int) time.Duration {
	if over >= 30 {
		return g.maxWait
	}
	return min(time.Second<<over, g.maxWait)
}

// fail records an attempt that counts (a failed sign-in, a reset request).
func (g *attemptGuard) fail(addr, email string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	if len(g.keys) > 100_000 {
		for k, f := range g.keys {
			if now.Sub(f.last) >= g.forget {
				delete(g.keys, k)
			}
		}
	}
	for k := range g.keysOf(addr, email) {
		f, ok := g.keys[k]
		if !ok || now.Sub(f.last) >= g.forget {
			f = &failures{}
			g.keys[k] = f
		}
		f.n++
		f.last = now
	}
}

// succeed forgets the pair's failures: the person got in.
func (g *attemptGuard) succeed(addr, email string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.keys, "pair:"+addr+" "+strings.ToLower(strings.TrimSpace(email)))
}

// proxies are the addresses whose X-Forwarded-For is believed.
type proxies []netip.Prefix

// parseProxies reads CAIRN_TRUSTED_PROXIES entries: addresses or CIDR
// ranges.
func parseProxies(list []string) (proxies, error) {
	var out proxies
	for _, s := range list {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, err
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

func (ps proxies) trusts(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// clientAddr is the address the request came from. Behind trusted proxies
// it is the right-most hop of X-Forwarded-For that is not one of them:
// every hop to its left was written by the client itself and proves
// nothing.
func (s *Server) clientAddr(c *fiber.Ctx) string {
	remote, ok := netip.AddrFromSlice(c.Context().RemoteIP())
	if !ok {
		return c.Context().RemoteIP().String()
	}
	remote = remote.Unmap()
	if !s.proxies.trusts(remote) {
		return remote.String()
	}
	hops := strings.Split(c.Get(fiber.HeaderXForwardedFor), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // a hop that is no address: stop believing the header here
		}
		if !s.proxies.trusts(a) {
			return a.Unmap().String()
		}
		remote = a.Unmap()
	}
	return remote.String()
}
