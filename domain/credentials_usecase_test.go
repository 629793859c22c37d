package domain_test

import (
	"regexp"
	"testing"

	"cairn/domain"
)

// creds are two browser sessions and two API tokens of one person.
type creds struct {
	sessions, tokens [2]string
}

func (w *world) signInTwice(p domain.Person) creds {
	w.t.Helper()
	var c creds
	for i := range 2 {
		secret, _, err := w.svc.StartSession(w.ctx, p)
		w.must(err)
		c.sessions[i] = secret
		secret, _, err = w.svc.IssueAPIToken(w.ctx, p, "cli")
		w.must(err)
		c.tokens[i] = secret
	}
	return c
}

// alive reports which of the credentials still sign in, in the order
// session 0, session 1, token 0, token 1.
func (w *world) alive(c creds) [4]bool {
	var out [4]bool
	for i, s := range c.sessions {
		_, err := w.svc.ActorFromSession(w.ctx, s)
		out[i] = err == nil
	}
	for i, s := range c.tokens {
		_, err := w.svc.ActorFromToken(w.ctx, s)
		out[2+i] = err == nil
	}
	return out
}

var resetLinkRe = regexp.MustCompile(`/reset/(\S+)`)

// resetToken is the token of the newest password-reset mail.
func (w *world) resetToken() string {
	w.t.Helper()
	ms, err := w.mem.Ports().Outbox.ListOutbox(w.ctx, domain.OutboxFilter{Limit: 10})
	w.must(err)
	for _, m := range ms {
		if got := resetLinkRe.FindStringSubmatch(m.Text); got != nil {
			return got[1]
		}
	}
	w.t.Fatal("no reset mail was queued")
	return ""
}

func (w *world) sessionActor(secret string) domain.Actor {
	w.t.Helper()
	a, err := w.svc.ActorFromSession(w.ctx, secret)
	w.must(err)
	return a
}

func (w *world) tokenActor(secret string) domain.Actor {
	w.t.Helper()
	a, err := w.svc.ActorFromToken(w.ctx, secret)
	w.must(err)
	return a
}

// TestCredentialsEnd: a new password, however it is set, ends every
// session and token of the person but the one making the change; a
// deactivation ends them all, and reactivating brings none back.
func TestCredentialsEnd(t *testing.T) {
	cases := []struct {
		name   string
		change func(w *world, c creds)
		want   [4]bool // session 0, session 1, token 0, token 1
	}{
		{"password changed in a browser", func(w *world, c creds) {
			w.must(w.svc.ChangePassword(w.ctx, w.sessionActor(c.sessions[0]), "correct horse battery", "a brand new password"))
		}, [4]bool{true, false, false, false}},
		{"password changed with a token", func(w *world, c creds) {
			w.must(w.svc.ChangePassword(w.ctx, w.tokenActor(c.tokens[1]), "correct horse battery", "a brand new password"))
		}, [4]bool{false, false, false, true}},
		{"password reset by link", func(w *world, c creds) {
			w.must(w.svc.RequestPasswordReset(w.ctx, w.mentee.Person.Email))
			_, err := w.svc.UsePasswordLink(w.ctx, domain.LinkReset, w.resetToken(), "a brand new password", "")
			w.must(err)
		}, [4]bool{false, false, false, false}},
		{"invitation accepted", func(w *world, c creds) {
			link, _, err := w.svc.InvitePerson(w.ctx, w.admin, w.mentee.Person.ID)
			w.must(err)
			_, err = w.svc.UsePasswordLink(w.ctx, domain.LinkInvite, lastSegment(link), "a brand new password", "")
			w.must(err)
		}, [4]bool{false, false, false, false}},
		{"password set by an admin", func(w *world, c creds) {
			_, err := w.svc.UpdatePerson(w.ctx, w.admin, w.mentee.Person.ID, domain.PersonPatch{Password: ptr("a brand new password")})
			w.must(err)
		}, [4]bool{false, false, false, false}},
		{"deactivated, then reactivated", func(w *world, c creds) {
			_, err := w.svc.UpdatePerson(w.ctx, w.admin, w.mentee.Person.ID, domain.PersonPatch{Active: ptr(false)})
			w.must(err)
			_, err = w.svc.UpdatePerson(w.ctx, w.admin, w.mentee.Person.ID, domain.PersonPatch{Active: ptr(true)})
			w.must(err)
		}, [4]bool{false, false, false, false}},
		{"name changed by an admin", func(w *world, c creds) {
			_, err := w.svc.UpdatePerson(w.ctx, w.admin, w.mentee.Person.ID, domain.PersonPatch{Name: ptr("Milo M.")})
			w.must(err)
		}, [4]bool{true, true, true, true}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			c := w.signInTwice(w.mentee.Person)
			other := w.signInTwice(w.mentor.Person)
			tc.change(w, c)
			if got := w.alive(c); got != tc.want {
				t.Errorf("still signing in (session, session, token, token): %v, want %v", got, tc.want)
			}
			if got := w.alive(other); got != [4]bool{true, true, true, true} {
				t.Errorf("another person's credentials: %v, want all alive", got)
			}
		})
	}
}

// TestAdminSetsOwnPassword: an admin setting their own password on the
// person form keeps the session they did it from, and nothing else.
func TestAdminSetsOwnPassword(t *testing.T) {
	w := newWorld(t)
	c := w.signInTwice(w.admin.Person)
	_, err := w.svc.UpdatePerson(w.ctx, w.sessionActor(c.sessions[1]), w.admin.Person.ID, domain.PersonPatch{Password: ptr("a brand new password")})
	w.must(err)
	if got, want := w.alive(c), [4]bool{false, true, false, false}; got != want {
		t.Errorf("still signing in (session, session, token, token): %v, want %v", got, want)
	}
}
