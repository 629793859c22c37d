package storage_test

import (
	"context"
	"testing"
	"time"

	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
)

func TestActionItemsStore(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		mentor, mentee, other := newPerson("mentor@example.com"), newPerson("mentee@example.com"), newPerson("other@example.com")
		for _, p := range []*domain.Person{&mentor, &mentee, &other} {
			if err := s.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		prog := domain.Programme{Name: "Graduates", Kind: domain.KindMentoring, CreatedAt: now, UpdatedAt: now}
		if err := s.CreateProgramme(ctx, &prog); err != nil {
			t.Fatal(err)
		}
		p := domain.Pairing{ProgrammeID: prog.ID, MentorID: mentor.ID, MenteeID: mentee.ID, StartedOn: domain.NewDate(2026, 3, 2),
			Status: domain.PairingActive, CheckinCadenceDays: 14, CreatedAt: now, UpdatedAt: now}
		if err := s.CreatePairing(ctx, &p); err != nil {
			t.Fatal(err)
		}
		day := domain.NewDate(2026, 3, 10)
		items := []domain.ActionItem{
			{PairingID: p.ID, Title: "Read", OwnerID: mentee.ID, DueOn: day, CreatedByID: mentor.ID, CreatedAt: now, UpdatedAt: now},
			{PairingID: p.ID, Title: "Write", Detail: "a page", OwnerID: mentor.ID, DueOn: day.AddDays(-3), CreatedByID: mentor.ID, CreatedAt: now, UpdatedAt: now},
			{PairingID: p.ID, Title: "Done", OwnerID: mentee.ID, DueOn: day.AddDays(-5), DoneAt: &now, CreatedByID: mentee.ID, CreatedAt: now, UpdatedAt: now},
		}
		for i := range items {
			if err := s.CreateActionItem(ctx, &items[i]); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.ActionItemByID(ctx, items[1].ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Owner.Name != mentor.Name || got.Leader.ID != mentor.ID || got.Learner.ID != mentee.ID || got.DueOn != day.AddDays(-3) || got.Detail != "a page" {
			t.Errorf("read back %+v", got)
		}
		list, err := s.ListActionItems(ctx, domain.ActionFilter{PersonID: mentee.ID, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 3 || list[0].Title != "Write" || list[1].Title != "Read" || list[2].Title != "Done" {
			t.Errorf("list order = %+v, want open by due date, then done", list)
		}
		if l, _ := s.ListActionItems(ctx, domain.ActionFilter{PersonID: other.ID, Limit: 10}); len(l) != 0 {
			t.Errorf("a stranger's list has %d items", len(l))
		}
		if l, _ := s.ListActionItems(ctx, domain.ActionFilter{OwnerID: mentee.ID, OpenOnly: true, DueBy: day, Limit: 10}); len(l) != 1 || l[0].Title != "Read" {
			t.Errorf("mentee's open items due = %+v", l)
		}
		counts, err := s.OverdueActionCounts(ctx, domain.SubjectPairing, nil, day)
		if err != nil || counts[p.ID] != 1 {
			t.Errorf("overdue counts = %v, %v; want 1", counts, err)
		}
		if counts, _ := s.OverdueActionCounts(ctx, domain.SubjectEngagement, []int64{p.ID}, day); len(counts) != 0 {
			t.Errorf("engagement counts = %v", counts)
		}
		due, err := s.DueActionItems(ctx, day, 10)
		if err != nil || len(due) != 2 || due[0].ID != items[1].ID || due[1].ID != items[0].ID {
			t.Fatalf("due = %+v, %v; want the two open ones, earliest first", due, err)
		}
		if due, _ := s.DueActionItems(ctx, day.AddDays(-1), 10); len(due) != 1 || due[0].ID != items[1].ID {
			t.Errorf("due the day before = %+v", due)
		}
		first, err := s.ClaimActionReminder(ctx, items[0].ID, now)
		if err != nil || !first {
			t.Fatalf("first claim = %v, %v", first, err)
		}
		if again, _ := s.ClaimActionReminder(ctx, items[0].ID, now); again {
			t.Error("claimed twice")
		}
		if due, _ := s.DueActionItems(ctx, day, 10); len(due) != 1 || due[0].ID != items[1].ID {
			t.Errorf("still due after the claim: %+v", due)
		}
		items[1].DoneAt = &now
		items[1].UpdatedAt = now
		if err := s.UpdateActionItem(ctx, &items[1]); err != nil {
			t.Fatal(err)
		}
		if counts, _ := s.OverdueActionCounts(ctx, domain.SubjectPairing, []int64{p.ID}, day); counts[p.ID] != 0 {
			t.Errorf("done item counted overdue: %v", counts)
		}
		if err := s.DeleteActionItem(ctx, items[2].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ActionItemByID(ctx, items[2].ID); err == nil {
			t.Error("deleted item still read")
		}
	})
}
