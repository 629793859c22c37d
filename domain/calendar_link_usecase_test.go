package domain_test

import "testing"

// CalendarLink shows the feed a person has and makes none: a page can
// offer to make one instead.
func TestCalendarLinkMakesNoFeed(t *testing.T) {
	w := newWorld(t)
	got, err := w.svc.CalendarLink(w.ctx, w.mentee)
	w.must(err)
	if got != "" {
		t.Fatalf("CalendarLink before any feed = %q, want none", got)
	}
	if again, err := w.svc.CalendarLink(w.ctx, w.mentee); err != nil || again != "" {
		t.Fatalf("CalendarLink made a feed: %q, %v", again, err)
	}
	made, err := w.svc.CalendarURL(w.ctx, w.mentee)
	w.must(err)
	got, err = w.svc.CalendarLink(w.ctx, w.mentee)
	w.must(err)
	if got != made {
		t.Fatalf("CalendarLink = %q, want the feed made: %q", got, made)
	}
	rotated, err := w.svc.RotateCalendarURL(w.ctx, w.mentee)
	w.must(err)
	if got, _ = w.svc.CalendarLink(w.ctx, w.mentee); got != rotated || got == made {
		t.Fatalf("after rotating, CalendarLink = %q, want %q", got, rotated)
	}
}
