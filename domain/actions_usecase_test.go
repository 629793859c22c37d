package domain_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"cairn/domain"
)

// The action items' rows of the access matrix: the participants work on
// them, admins see counts only and touch nothing, outsiders do not know
// the relationship, the external coach is a participant of the engagement
// and a stranger to the pairing.
func init() {
	accessMatrix = append(accessMatrix,
		accessRow{"CreateAction", false, func(w *world, a domain.Actor) error {
			return errOnly(w.svc.CreateAction(w.ctx, a, domain.SubjectPairing, w.pairing.ID, w.actionInput(w.mentee)))
		}, [4]error{F, ok, N, N}},
		accessRow{"CreateAction", true, func(w *world, a domain.Actor) error {
			return errOnly(w.svc.CreateAction(w.ctx, a, domain.SubjectEngagement, w.engagement.ID, w.actionInput(w.coachee)))
		}, [4]error{F, ok, N, ok}},
		accessRow{"RelationshipActions", false, func(w *world, a domain.Actor) error {
			return errOnly(w.svc.RelationshipActions(w.ctx, a, domain.SubjectPairing, w.pairing.ID))
		}, [4]error{ok, ok, N, N}},
		accessRow{"RelationshipActions", true, func(w *world, a domain.Actor) error {
			return errOnly(w.svc.RelationshipActions(w.ctx, a, domain.SubjectEngagement, w.engagement.ID))
		}, [4]error{ok, ok, N, ok}},
		accessRow{"UpdateAction", false, func(w *world, a domain.Actor) error {
			return errOnly(w.svc.UpdateAction(w.ctx, a, w.action(false).ID, domain.ActionPatch{Title: ptr("Read two chapters")}))
		}, [4]error{F, ok, N, N}},
		accessRow{"UpdateAction", true, func(w *world, a domain.Actor) error {
			return errOnly(w.svc.UpdateAction(w.ctx, a, w.action(true).ID, domain.ActionPatch{Title: ptr("Ask for feedback")}))
		}, [4]error{F, ok, N, ok}},
		accessRow{"DeleteAction", false, func(w *world, a domain.Actor) error {
			return w.svc.DeleteAction(w.ctx, a, w.action(false).ID)
		}, [4]error{F, ok, N, N}},
		accessRow{"DeleteAction", true, func(w *world, a domain.Actor) error {
			return w.svc.DeleteAction(w.ctx, a, w.action(true).ID)
		}, [4]error{F, ok, N, ok}},
		accessRow{"MyActions", false, func(w *world, a domain.Actor) error { return errOnly(w.svc.MyActions(w.ctx, a, false)) }, [4]error{ok, ok, ok, ok}},
		accessRow{"ActionsDue", false, func(w *world, a domain.Actor) error { return errOnly(w.svc.ActionsDue(w.ctx, a, 7)) }, [4]error{ok, ok, ok, ok}},
	)
}

// actionInput is an item owned by owner, due in a week.
func (w *world) actionInput(owner domain.Actor) domain.ActionInput {
	return domain.ActionInput{Title: "Draft the team charter", Detail: "one page", OwnerID: owner.Person.ID,
		DueOn: domain.DateOf(start, time.UTC).AddDays(7)}
}

// action is an item on the pairing (owned by the mentee) or on the
// engagement (owned by the coachee), added by its owner.
func (w *world) action(coaching bool) domain.ActionItem {
	w.t.Helper()
	subject, id, owner := domain.SubjectPairing, w.pairing.ID, w.mentee
	if coaching {
		subject, id, owner = domain.SubjectEngagement, w.engagement.ID, w.coachee
	}
	x, err := w.svc.CreateAction(w.ctx, owner, subject, id, w.actionInput(owner))
	w.must(err)
	return x
}

func TestActionItemsBetweenSessions(t *testing.T) {
	w := newWorld(t)
	in := w.actionInput(w.coachee)
	in.MeetingID = w.session.ID
	x, err := w.svc.CreateAction(w.ctx, w.coach, domain.SubjectEngagement, w.engagement.ID, in)
	w.must(err)
	if x.Meeting == nil || x.Meeting.Kind != domain.MeetingSession || x.Meeting.ID != w.session.ID {
		t.Fatalf("meeting = %+v, want the session", x.Meeting)
	}
	if x.Can.Complete || !x.Can.Edit {
		t.Errorf("the coach may edit but not complete the coachee's item: %+v", x.Can)
	}

	// the other participant sees it; only the owner marks it done
	list, err := w.svc.RelationshipActions(w.ctx, w.coachee, domain.SubjectEngagement, w.engagement.ID)
	w.must(err)
	if len(list.Items) != 1 || list.Items[0].Title != "Draft the team charter" || !list.Items[0].Can.Complete {
		t.Fatalf("coachee's list = %+v", list)
	}
	done := true
	if _, err := w.svc.UpdateAction(w.ctx, w.coach, x.ID, domain.ActionPatch{Done: &done}); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("coach marking done: %v, want forbidden", err)
	}
	got, err := w.svc.UpdateAction(w.ctx, w.coachee, x.ID, domain.ActionPatch{Done: &done})
	w.must(err)
	if got.DoneAt == nil || !got.DoneAt.Equal(start) {
		t.Errorf("done at %v, want %v", got.DoneAt, start)
	}
	undone := false
	if got, err = w.svc.UpdateAction(w.ctx, w.coachee, x.ID, domain.ActionPatch{Done: &undone}); err != nil || got.DoneAt != nil {
		t.Errorf("reopen: %v, %v", got.DoneAt, err)
	}

	// admins see counts, never titles
	adminList, err := w.svc.RelationshipActions(w.ctx, w.admin, domain.SubjectEngagement, w.engagement.ID)
	w.must(err)
	if len(adminList.Items) != 0 || adminList.Counts.Open != 1 || adminList.CanAdd {
		t.Errorf("admin's list = %+v, want one open counted and no items", adminList)
	}
	log, err := w.svc.AuditLog(w.ctx, w.admin, domain.AuditFilter{ObjectType: "action_item"})
	w.must(err)
	if len(log) != 3 {
		t.Errorf("audit entries = %d, want 3 (create, done, reopened)", len(log))
	}
	for _, e := range log {
		for k, c := range e.Changes {
			if strings.Contains(k+stringOf(c.Before)+stringOf(c.After), "charter") {
				t.Errorf("the audit log carries the item's words: %+v", e)
			}
		}
	}

	// the owner must be one of the two; the meeting one of this relationship
	bad := w.actionInput(w.outsider)
	bad.MeetingID = w.checkin.ID
	_, err = w.svc.CreateAction(w.ctx, w.coach, domain.SubjectEngagement, w.engagement.ID, bad)
	var de *domain.Error
	if !errors.As(err, &de) || de.Fields["owner_id"] == "" || de.Fields["meeting_id"] == "" {
		t.Errorf("bad owner and meeting: %v", err)
	}
}

func stringOf(v any) string {
	s, _ := v.(string)
	return s
}

func TestOverdueActionItemsFeedHealth(t *testing.T) {
	w := newWorld(t)
	x := w.action(false)
	reasons := func() []string {
		p, err := w.svc.GetPairing(w.ctx, w.admin, w.pairing.ID)
		w.must(err)
		return p.HealthReasons
	}
	if slices.Contains(reasons(), "1 overdue action item") {
		t.Fatal("overdue before its date")
	}
	w.clock.Set(start.Add(8 * 24 * time.Hour))
	if !slices.Contains(reasons(), "1 overdue action item") {
		t.Errorf("reasons = %q, want the overdue item", reasons())
	}
	ov, err := w.svc.PairingOverview(w.ctx, w.mentee, w.pairing.ID)
	w.must(err)
	if !slices.Contains(ov.Pairing.HealthReasons, "1 overdue action item") {
		t.Errorf("overview reasons = %q", ov.Pairing.HealthReasons)
	}
	due, err := w.svc.ActionsDue(w.ctx, w.mentee, 7)
	w.must(err)
	if len(due) != 1 || !due[0].Overdue {
		t.Errorf("due = %+v, want the overdue item", due)
	}
	done := true
	_, err = w.svc.UpdateAction(w.ctx, w.mentee, x.ID, domain.ActionPatch{Done: &done})
	w.must(err)
	if slices.Contains(reasons(), "1 overdue action item") {
		t.Error("a done item still counts as overdue")
	}
}

func TestActionItemReminderGoesOutOnceOnTheDueDate(t *testing.T) {
	w := newWorld(t)
	x := w.action(false) // the mentee's, due a week after start
	sweep := func() {
		t.Helper()
		_, err := w.svc.QueueDueReminders(w.ctx)
		w.must(err)
	}
	count := func() (mails, notes int) {
		t.Helper()
		ms, err := w.mem.Ports().Outbox.ListOutbox(w.ctx, domain.OutboxFilter{Limit: 500})
		w.must(err)
		for _, m := range ms {
			if strings.HasPrefix(m.Subject, "Due today: ") {
				mails++
			}
		}
		ns, err := w.svc.ListNotifications(w.ctx, w.mentee, 50, 0)
		w.must(err)
		for _, n := range ns {
			if n.Kind == "action_item" {
				notes++
			}
		}
		return
	}
	sweep()
	if m, n := count(); m+n != 0 {
		t.Fatalf("reminded before the date: %d mails, %d notifications", m, n)
	}
	w.clock.Set(x.DueOn.Start(time.UTC).Add(30 * time.Minute))
	sweep()
	sweep()
	if m, n := count(); m != 1 || n != 1 {
		t.Errorf("on the date: %d mails and %d notifications, want one of each", m, n)
	}
	w.clock.Set(x.DueOn.Start(time.UTC).Add(26 * time.Hour))
	sweep()
	if m, n := count(); m != 1 || n != 1 {
		t.Errorf("the day after: %d mails and %d notifications, want still one of each", m, n)
	}

	// an item added with a date already past is never reminded late
	in := w.actionInput(w.mentee)
	in.DueOn = domain.DateOf(w.clock.Now(), time.UTC).AddDays(-2)
	_, err := w.svc.CreateAction(w.ctx, w.mentor, domain.SubjectPairing, w.pairing.ID, in)
	w.must(err)
	sweep()
	if m, n := count(); m != 1 || n != 1 {
		t.Errorf("a past item was reminded: %d mails, %d notifications", m, n)
	}
}
