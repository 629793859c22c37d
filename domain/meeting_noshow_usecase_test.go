package domain_test

import (
	"errors"
	"testing"
	"time"

	"cairn/domain"
)

// A session is marked missed only once it has started, as it is held only
// then: the ability says so ahead, and the update refuses it (422).
func TestSessionMissedOnlyOnceStarted(t *testing.T) {
	w := newWorld(t)
	got, err := w.svc.GetSession(w.ctx, w.coach, w.session.ID)
	w.must(err)
	if got.Can.NoShow || got.Can.Complete || !got.Can.Cancel {
		t.Fatalf("a session ahead: can %+v, want cancel only", got.Can)
	}
	noShow := domain.StatusNoShow
	_, err = w.svc.UpdateSession(w.ctx, w.coach, w.session.ID, domain.MeetingPatch{Status: &noShow})
	if !errors.Is(err, domain.ErrInvalid) || domain.FieldErrors(err)["status"] == "" {
		t.Fatalf("missed before it starts: %v, want a status message", err)
	}
	w.clock.Set(w.session.ScheduledAt.Add(10 * time.Minute))
	if got, err = w.svc.GetSession(w.ctx, w.coach, w.session.ID); err != nil || !got.Can.NoShow || !got.Can.Complete {
		t.Fatalf("a started session: can %+v, %v", got.Can, err)
	}
	if got, err = w.svc.UpdateSession(w.ctx, w.coach, w.session.ID, domain.MeetingPatch{Status: &noShow}); err != nil || got.Status != noShow {
		t.Fatalf("missed once started: %v, %v", got.Status, err)
	}
}
