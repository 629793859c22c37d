package domain_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"cairn/domain"
)

// The rows of milestones and extensions in the access matrix: the coach
// keeps milestones and proposes extensions, the coachee reads them and
// answers proposals, admins see counts and dates only and change nothing,
// outsiders do not know the engagement.
func init() {
	accessMatrix = append(accessMatrix,
		accessRow{"EngagementMilestones", true, func(w *world, a domain.Actor) error {
			return errOnly(w.svc.EngagementMilestones(w.ctx, a, w.engagement.ID))
		}, [4]error{ok, ok, N, ok}},
		accessRow{"CreateMilestone", true, func(w *world, a domain.Actor) error {
			return errOnly(w.svc.CreateMilestone(w.ctx, a, w.engagement.ID, w.milestoneInput()))
		}, [4]error{F, F, N, ok}},
		accessRow{"UpdateMilestone", true, func(w *world, a domain.Actor) error {
			return errOnly(w.svc.UpdateMilestone(w.ctx, a, w.milestone().ID, domain.MilestonePatch{Title: ptr("Run the offsite")}))
		}, [4]error{F, F, N, ok}},
		accessRow{"DeleteMilestone", true, func(w *world, a domain.Actor) error {
			return w.svc.DeleteMilestone(w.ctx, a, w.milestone().ID)
		}, [4]error{F, F, N, ok}},
		accessRow{"EngagementExtensions", true, func(w *world, a domain.Actor) error {
			return errOnly(w.svc.EngagementExtensions(w.ctx, a, w.engagement.ID))
		}, [4]error{ok, ok, N, ok}},
		accessRow{"ProposeExtension", true, func(w *world, a domain.Actor) error {
			return errOnly(w.svc.ProposeExtension(w.ctx, a, w.engagement.ID, extensionInput()))
		}, [4]error{F, F, N, ok}},
		accessRow{"AcceptExtension", true, func(w *world, a domain.Actor) error {
			return errOnly(w.svc.AcceptExtension(w.ctx, a, w.extension().ID))
		}, [4]error{F, ok, N, F}},
		accessRow{"DeclineExtension", true, func(w *world, a domain.Actor) error {
			return errOnly(w.svc.DeclineExtension(w.ctx, a, w.extension().ID, "not now"))
		}, [4]error{F, ok, N, F}},
	)
}

func (w *world) milestoneInput() domain.MilestoneInput {
	return domain.MilestoneInput{Title: "Present the team charter", TargetOn: domain.NewDate(2026, 4, 15)}
}

// milestone is one the coach added.
func (w *world) milestone() domain.Milestone {
	w.t.Helper()
	m, err := w.svc.CreateMilestone(w.ctx, w.coach, w.engagement.ID, w.milestoneInput())
	w.must(err)
	return m
}

func extensionInput() domain.ExtensionInput {
	return domain.ExtensionInput{EndsOn: domain.NewDate(2026, 8, 31), PlannedSessions: ptr(8), Reason: "two sessions lost to the reorganisation"}
}

// extension is a proposal the coach made.
func (w *world) extension() domain.Extension {
	w.t.Helper()
	x, err := w.svc.ProposeExtension(w.ctx, w.coach, w.engagement.ID, extensionInput())
	w.must(err)
	return x
}

func TestMilestonesTowardTheGoal(t *testing.T) {
	w := newWorld(t)
	first := w.milestone()
	if !first.Can.Edit || !first.Can.Complete || first.Overdue {
		t.Fatalf("coach's milestone = %+v", first)
	}
	second, err := w.svc.CreateMilestone(w.ctx, w.coach, w.engagement.ID, domain.MilestoneInput{Title: "Hold the first retro",
		TargetOn: domain.NewDate(2026, 3, 20)})
	w.must(err)

	// the coachee reads them, by target date, and changes none
	list, err := w.svc.EngagementMilestones(w.ctx, w.coachee, w.engagement.ID)
	w.must(err)
	if len(list.Items) != 2 || list.Items[0].ID != second.ID || list.Items[0].Can.Edit || list.CanAdd {
		t.Fatalf("coachee's list = %+v", list)
	}
	// admins see counts only
	adm, err := w.svc.EngagementMilestones(w.ctx, w.admin, w.engagement.ID)
	w.must(err)
	if len(adm.Items) != 0 || adm.Counts.Total != 2 || adm.CanAdd {
		t.Fatalf("admin's list = %+v", adm)
	}

	// progress follows the milestones once the coach says so; by hand is refused then
	e, err := w.svc.UpdateEngagement(w.ctx, w.coach, w.engagement.ID, domain.EngagementPatch{ProgressMode: ptr(domain.ProgressMilestones)})
	w.must(err)
	if e.ProgressPercent != 0 || e.ProgressMode != domain.ProgressMilestones {
		t.Fatalf("after switching: %d%% %s", e.ProgressPercent, e.ProgressMode)
	}
	if _, err := w.svc.UpdateEngagement(w.ctx, w.coach, w.engagement.ID, domain.EngagementPatch{ProgressPercent: ptr(70)}); !errors.Is(err, domain.ErrInvalid) {
		t.Errorf("setting progress by hand while it follows milestones: %v, want invalid", err)
	}
	today := domain.DateOf(start, time.UTC)
	if _, err := w.svc.UpdateMilestone(w.ctx, w.coach, second.ID, domain.MilestonePatch{SetDone: true, DoneOn: ptr(today.AddDays(1))}); !errors.Is(err, domain.ErrInvalid) {
		t.Errorf("done tomorrow: %v, want invalid", err)
	}
	done, err := w.svc.UpdateMilestone(w.ctx, w.coach, second.ID, domain.MilestonePatch{SetDone: true, DoneOn: &today})
	w.must(err)
	if !done.Done() {
		t.Fatalf("not done: %+v", done)
	}
	got, err := w.svc.GetEngagement(w.ctx, w.coachee, w.engagement.ID)
	w.must(err)
	if got.ProgressPercent != 50 {
		t.Errorf("progress = %d%%, want 50 (1 of 2 done)", got.ProgressPercent)
	}
	w.must(w.svc.DeleteMilestone(w.ctx, w.coach, first.ID))
	if got, _ = w.svc.GetEngagement(w.ctx, w.coach, w.engagement.ID); got.ProgressPercent != 100 {
		t.Errorf("progress = %d%%, want 100 (1 of 1 done)", got.ProgressPercent)
	}

	// a milestone past its date and not done feeds the health, in words without its title
	_, err = w.svc.CreateMilestone(w.ctx, w.coach, w.engagement.ID, domain.MilestoneInput{Title: "Secret step", TargetOn: domain.NewDate(2026, 3, 10)})
	w.must(err)
	w.clock.Set(start.Add(14 * 24 * time.Hour))
	o, err := w.svc.EngagementOverview(w.ctx, w.admin, w.engagement.ID)
	w.must(err)
	r, ok := o.Engagement.Assessment.Has(domain.ReasonOverdueMilestones)
	if !ok || r.Text != "1 milestone past its target date and not done" {
		t.Errorf("overview reasons = %+v", o.Engagement.Assessment.Reasons)
	}
	if o.Milestones.Counts.Overdue != 1 || len(o.Milestones.Items) != 0 {
		t.Errorf("admin's overview milestones = %+v", o.Milestones)
	}
	got, err = w.svc.GetEngagement(w.ctx, w.admin, w.engagement.ID)
	w.must(err)
	if _, ok := got.Assessment.Has(domain.ReasonOverdueMilestones); !ok || strings.Contains(strings.Join(got.HealthReasons, " "), "Secret") {
		t.Errorf("engagement health = %v", got.HealthReasons)
	}

	// a closed engagement keeps its milestones as they are
	_, err = w.svc.CloseEngagement(w.ctx, w.coach, w.engagement.ID, domain.CloseInput{Outcome: domain.OutcomeAchieved, Summary: "done"})
	w.must(err)
	if _, err := w.svc.CreateMilestone(w.ctx, w.coach, w.engagement.ID, w.milestoneInput()); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("adding to a closed engagement: %v, want conflict", err)
	}
}

func TestExtensionAgreedByBothSides(t *testing.T) {
	w := newWorld(t)
	x := w.extension()
	if x.State != domain.ExtensionOpen || x.PreviousEndsOn != domain.NewDate(2026, 6, 30) || x.Can.Accept {
		t.Fatalf("proposal = %+v", x)
	}
	// one open at a time; the engagement does not move yet
	if _, err := w.svc.ProposeExtension(w.ctx, w.coach, w.engagement.ID, extensionInput()); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("second proposal: %v, want conflict", err)
	}
	bad := extensionInput()
	bad.EndsOn = domain.NewDate(2026, 6, 1)
	bad.Reason = ""
	if _, err := w.svc.ProposeExtension(w.ctx, w.coach, w.engagement.ID, bad); !errors.Is(err, domain.ErrInvalid) ||
		domain.FieldErrors(err)["ends_on"] == "" || domain.FieldErrors(err)["reason"] == "" {
		t.Errorf("earlier date, no reason: %v", err)
	}
	notes, err := w.svc.ListNotifications(w.ctx, w.coachee, 10, 0)
	w.must(err)
	if len(notes) != 1 || !strings.Contains(notes[0].Body, "reorganisation") {
		t.Fatalf("coachee's notifications = %+v", notes)
	}
	// admins see the dates, not the reasons
	xs, err := w.svc.EngagementExtensions(w.ctx, w.admin, w.engagement.ID)
	w.must(err)
	if len(xs) != 1 || xs[0].Reason != "" || !xs[0].ReasonsHidden {
		t.Errorf("admin's list = %+v", xs)
	}

	got, err := w.svc.AcceptExtension(w.ctx, w.coachee, x.ID)
	w.must(err)
	if got.State != domain.ExtensionAccepted || got.DecidedBy == nil || got.DecidedBy.ID != w.coachee.Person.ID {
		t.Fatalf("accepted = %+v", got)
	}
	e, err := w.svc.GetEngagement(w.ctx, w.admin, w.engagement.ID)
	w.must(err)
	if e.EndsOn != domain.NewDate(2026, 8, 31) || e.PlannedSessions != 8 {
		t.Errorf("engagement now ends %s with %d sessions", e.EndsOn, e.PlannedSessions)
	}
	if _, err := w.svc.DeclineExtension(w.ctx, w.coachee, x.ID, ""); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("declining an accepted one: %v, want conflict", err)
	}
	// HR and the coach are told, in the app and by email
	for _, who := range []domain.Actor{w.admin, w.coach} {
		ns, err := w.svc.ListNotifications(w.ctx, who, 10, 0)
		w.must(err)
		if len(ns) == 0 || !strings.Contains(ns[0].Subject, "agreed to extend") {
			t.Errorf("%s's notifications = %+v", who.Person.Name, ns)
		}
	}
	mails, err := w.mem.Ports().Outbox.ListOutbox(w.ctx, domain.OutboxFilter{Limit: 50})
	w.must(err)
	to := map[string]bool{}
	for _, m := range mails {
		if m.Kind == domain.OutboxExtension {
			to[m.To] = true
			if m.To == w.admin.Person.Email && strings.Contains(m.Text, "reorganisation") {
				t.Errorf("HR's email carries the reason: %s", m.Text)
			}
		}
	}
	if !to[w.admin.Person.Email] || !to[w.coach.Person.Email] || !to[w.coachee.Person.Email] {
		t.Errorf("extension emails went to %v", to)
	}

	// a new proposal may follow; declined, nothing moves
	next, err := w.svc.ProposeExtension(w.ctx, w.coach, w.engagement.ID, domain.ExtensionInput{EndsOn: domain.NewDate(2026, 9, 30), Reason: "more time"})
	w.must(err)
	if next.PlannedSessions != 8 {
		t.Errorf("planned sessions kept = %d, want 8", next.PlannedSessions)
	}
	if _, err := w.svc.DeclineExtension(w.ctx, w.coachee, next.ID, "we will finish in time"); err != nil {
		t.Fatal(err)
	}
	if e, _ = w.svc.GetEngagement(w.ctx, w.admin, w.engagement.ID); e.EndsOn != domain.NewDate(2026, 8, 31) {
		t.Errorf("a declined proposal moved the end to %s", e.EndsOn)
	}
	if xs, _ = w.svc.EngagementExtensions(w.ctx, w.coachee, w.engagement.ID); len(xs) != 2 || xs[1].DeclineReason != "we will finish in time" {
		t.Errorf("history = %+v", xs)
	}
}

// With the clock moved near the end, the deadline flag is raised; an
// accepted extension moves the end and the next sweep clears it.
func TestAcceptedExtensionMovesTheDeadlineFlags(t *testing.T) {
	w := newWorld(t)
	w.clock.Set(time.Date(2026, 6, 25, 9, 0, 0, 0, time.UTC))
	_, err := w.svc.SweepFlags(w.ctx)
	w.must(err)
	kinds := func() map[domain.FlagKind]bool {
		fs, err := w.svc.ListFlags(w.ctx, w.admin)
		w.must(err)
		out := map[domain.FlagKind]bool{}
		for _, f := range fs {
			if f.SubjectType == domain.SubjectEngagement && f.SubjectID == w.engagement.ID {
				out[f.Kind] = true
			}
		}
		return out
	}
	if !kinds()[domain.FlagGoalDeadlineNear] {
		t.Fatalf("flags before = %v, want the deadline near", kinds())
	}
	x := w.extension()
	if _, err := w.svc.AcceptExtension(w.ctx, w.coachee, x.ID); err != nil {
		t.Fatal(err)
	}
	_, err = w.svc.SweepFlags(w.ctx)
	w.must(err)
	if got := kinds(); got[domain.FlagGoalDeadlineNear] || got[domain.FlagGoalOverdue] {
		t.Errorf("flags after the extension = %v, want no deadline flag", got)
	}
	// past the old end date the engagement is not overdue either
	w.clock.Set(time.Date(2026, 7, 10, 9, 0, 0, 0, time.UTC))
	_, err = w.svc.SweepFlags(w.ctx)
	w.must(err)
	if got := kinds(); got[domain.FlagGoalOverdue] {
		t.Errorf("flags past the old end = %v, want no overdue flag", got)
	}
}
