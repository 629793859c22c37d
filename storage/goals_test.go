package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
)

func TestMilestonesAndExtensionsStore(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		coach, coachee := newPerson("coach@example.com"), newPerson("coachee@example.com")
		for _, p := range []*domain.Person{&coach, &coachee} {
			if err := s.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		prog := domain.Programme{Name: "Leaders", Kind: domain.KindCoaching, CreatedAt: now, UpdatedAt: now}
		if err := s.CreateProgramme(ctx, &prog); err != nil {
			t.Fatal(err)
		}
		e := domain.Engagement{ProgrammeID: prog.ID, CoachID: coach.ID, CoacheeID: coachee.ID, Goal: domain.Goal{Title: "Lead", Area: domain.AreaWork},
			StartsOn: domain.NewDate(2026, 3, 1), EndsOn: domain.NewDate(2026, 6, 30), PlannedSessions: 6, Status: domain.EngagementActive,
			CreatedAt: now, UpdatedAt: now}
		if err := s.CreateEngagement(ctx, &e); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.EngagementByID(ctx, e.ID); got.ProgressMode != domain.ProgressManual {
			t.Errorf("progress mode of a new engagement = %q, want manual", got.ProgressMode)
		}
		e.ProgressMode = domain.ProgressMilestones
		if err := s.UpdateEngagement(ctx, &e); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.EngagementByID(ctx, e.ID); got.ProgressMode != domain.ProgressMilestones {
			t.Errorf("progress mode = %q, want milestones", got.ProgressMode)
		}

		done := domain.NewDate(2026, 3, 2)
		ms := []domain.Milestone{
			{EngagementID: e.ID, Title: "Later", TargetOn: domain.NewDate(2026, 5, 1), CreatedByID: coach.ID, CreatedAt: now, UpdatedAt: now},
			{EngagementID: e.ID, Title: "Sooner", TargetOn: domain.NewDate(2026, 3, 20), CreatedByID: coach.ID, CreatedAt: now, UpdatedAt: now},
			{EngagementID: e.ID, Title: "Reached", TargetOn: domain.NewDate(2026, 3, 1), DoneOn: &done, CreatedByID: coach.ID, CreatedAt: now, UpdatedAt: now},
		}
		for i := range ms {
			if err := s.CreateMilestone(ctx, &ms[i]); err != nil {
				t.Fatal(err)
			}
		}
		list, err := s.ListMilestones(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 3 || list[0].Title != "Reached" || list[0].DoneOn == nil || *list[0].DoneOn != done || list[1].Title != "Sooner" {
			t.Fatalf("list = %+v", list)
		}
		counts, err := s.OverdueMilestoneCounts(ctx, []int64{e.ID}, domain.NewDate(2026, 4, 1))
		if err != nil || counts[e.ID] != 1 {
			t.Errorf("overdue = %v, %v; want 1 (Sooner)", counts, err)
		}
		ms[1].DoneOn, ms[1].Title = &done, "Sooner, done"
		if err := s.UpdateMilestone(ctx, &ms[1]); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.MilestoneByID(ctx, ms[1].ID); got.DoneOn == nil || got.Title != "Sooner, done" {
			t.Errorf("updated = %+v", got)
		}
		if counts, _ = s.OverdueMilestoneCounts(ctx, nil, domain.NewDate(2026, 4, 1)); counts[e.ID] != 0 {
			t.Errorf("overdue after done = %v", counts)
		}
		if err := s.DeleteMilestone(ctx, ms[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.MilestoneByID(ctx, ms[0].ID); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("deleted milestone: %v", err)
		}

		x := domain.Extension{EngagementID: e.ID, ProposedBy: domain.PersonRef{ID: coach.ID}, EndsOn: domain.NewDate(2026, 8, 31),
			PlannedSessions: 8, PreviousEndsOn: e.EndsOn, PreviousPlannedSessions: 6, Reason: "time lost", State: domain.ExtensionOpen, CreatedAt: now}
		if err := s.CreateExtension(ctx, &x); err != nil {
			t.Fatal(err)
		}
		again := x
		again.ID = 0
		if err := s.CreateExtension(ctx, &again); !errors.Is(err, domain.ErrConflict) {
			t.Errorf("a second open proposal: %v, want conflict", err)
		}
		later := now.Add(time.Hour)
		x.State, x.DecidedBy, x.DecidedAt, x.DeclineReason = domain.ExtensionDeclined, &domain.PersonRef{ID: coachee.ID}, &later, "no"
		if err := s.DecideExtension(ctx, &x); err != nil {
			t.Fatal(err)
		}
		if err := s.DecideExtension(ctx, &x); !errors.Is(err, domain.ErrConflict) {
			t.Errorf("answering twice: %v, want conflict", err)
		}
		got, err := s.ExtensionByID(ctx, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != domain.ExtensionDeclined || got.DecidedBy == nil || got.DecidedBy.Name != coachee.Name || got.ProposedBy.Name != coach.Name ||
			got.DeclineReason != "no" || got.EndsOn != x.EndsOn || got.PreviousEndsOn != e.EndsOn {
			t.Errorf("read back %+v", got)
		}
		second := domain.Extension{EngagementID: e.ID, ProposedBy: domain.PersonRef{ID: coach.ID}, EndsOn: domain.NewDate(2026, 7, 31),
			PlannedSessions: 6, PreviousEndsOn: e.EndsOn, PreviousPlannedSessions: 6, Reason: "again", State: domain.ExtensionOpen, CreatedAt: later}
		if err := s.CreateExtension(ctx, &second); err != nil {
			t.Fatalf("a new proposal after the answer: %v", err)
		}

		// the page's record reads them with the rest, each once
		if err := s.AddEngagementProgress(ctx, &domain.ProgressEntry{EngagementID: e.ID, Percent: 50, AuthorID: coach.ID, At: now}); err != nil {
			t.Fatal(err)
		}
		a := domain.ActionItem{EngagementID: e.ID, Title: "Read", OwnerID: coachee.ID, DueOn: done, CreatedByID: coach.ID, CreatedAt: now, UpdatedAt: now}
		if err := s.CreateActionItem(ctx, &a); err != nil {
			t.Fatal(err)
		}
		rec, err := s.EngagementRecord(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(rec.Progress) != 1 || len(rec.Actions) != 1 || len(rec.Milestones) != 2 || len(rec.Extensions) != 2 {
			t.Fatalf("record: %d progress, %d actions, %d milestones, %d extensions; want 1, 1, 2, 2",
				len(rec.Progress), len(rec.Actions), len(rec.Milestones), len(rec.Extensions))
		}
		if rec.Milestones[0].Title != "Reached" || rec.Extensions[0].State != domain.ExtensionDeclined || rec.Extensions[1].Reason != "again" ||
			rec.Extensions[0].DecidedBy == nil || rec.Engagement.ProgressMode != domain.ProgressMilestones {
			t.Errorf("record = %+v", rec)
		}
	})
}
