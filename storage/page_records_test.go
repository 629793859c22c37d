package storage_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
)

// TestPageRecordsCarryActionItems: the one read behind a pairing's or an
// engagement's page brings the relationship's action items as
// ListActionItems lists them, and the engagement's progress history beside
// them (the two lists add up, they do not multiply).
func TestPageRecordsCarryActionItems(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		lead, learner := newPerson("lead@example.com"), newPerson("learner@example.com")
		p, e := leadAndLearner(t, s, now, &lead, &learner)

		// Neither has anything yet.
		pr, err := s.PairingRecord(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if pr.Pairing.ID != p.ID || pr.Pairing.Mentor.Name != lead.Name || pr.Programme.Name != "Graduates" || len(pr.Actions) != 0 || pr.Actions == nil {
			t.Errorf("bare pairing record: %+v", pr)
		}
		er, err := s.EngagementRecord(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if er.Programme.Name != "Leads" || len(er.Progress) != 0 || len(er.Actions) != 0 || er.Actions == nil {
			t.Errorf("bare engagement record: %+v", er)
		}

		day := domain.NewDate(2026, 3, 10)
		done := now.Add(time.Hour)
		for _, rel := range []struct{ pairing, engagement int64 }{{p.ID, 0}, {0, e.ID}} {
			for _, x := range []domain.ActionItem{
				{Title: "Read", OwnerID: learner.ID, DueOn: day},
				{Title: "Write", Detail: "a page", OwnerID: lead.ID, DueOn: day.AddDays(-3)},
				{Title: "Done", OwnerID: learner.ID, DueOn: day.AddDays(-5), DoneAt: &done},
			} {
				x.PairingID, x.EngagementID, x.CreatedByID, x.CreatedAt, x.UpdatedAt = rel.pairing, rel.engagement, lead.ID, now, now
				if err := s.CreateActionItem(ctx, &x); err != nil {
					t.Fatal(err)
				}
			}
		}
		for i, pct := range []int{20, 40} {
			entry := domain.ProgressEntry{EngagementID: e.ID, Percent: pct, Comment: "step", AuthorID: lead.ID, At: now.Add(time.Duration(i) * time.Minute)}
			if err := s.AddEngagementProgress(ctx, &entry); err != nil {
				t.Fatal(err)
			}
		}

		wantP, err := s.ListActionItems(ctx, domain.ActionFilter{PairingID: p.ID, Limit: domain.OverviewActionLimit})
		if err != nil {
			t.Fatal(err)
		}
		if pr, err = s.PairingRecord(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		if len(wantP) != 3 || !reflect.DeepEqual(pr.Actions, wantP) {
			t.Errorf("pairing record's items:\n%+v\nwant\n%+v", pr.Actions, wantP)
		}
		if pr.Pairing.ID != p.ID || pr.Programme.ID != p.ProgrammeID {
			t.Errorf("pairing record: %+v", pr)
		}
		wantE, err := s.ListActionItems(ctx, domain.ActionFilter{EngagementID: e.ID, Limit: domain.OverviewActionLimit})
		if err != nil {
			t.Fatal(err)
		}
		if er, err = s.EngagementRecord(ctx, e.ID); err != nil {
			t.Fatal(err)
		}
		if len(wantE) != 3 || !reflect.DeepEqual(er.Actions, wantE) {
			t.Errorf("engagement record's items:\n%+v\nwant\n%+v", er.Actions, wantE)
		}
		if len(er.Progress) != 2 || er.Progress[0].Percent != 20 || er.Progress[1].Percent != 40 || er.Progress[0].AuthorName != lead.Name {
			t.Errorf("engagement record's progress: %+v", er.Progress)
		}

		if _, err := s.PairingRecord(ctx, p.ID+1000); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("unknown pairing: %v, want not found", err)
		}
		if _, err := s.EngagementRecord(ctx, e.ID+1000); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("unknown engagement: %v, want not found", err)
		}
	})
}

// leadAndLearner stores lead and learner, then an active pairing (lead
// mentoring learner in "Graduates") and an active engagement (lead
// coaching learner in "Leads") between them.
func leadAndLearner(t *testing.T, s *storage.Store, now time.Time, lead, learner *domain.Person) (domain.Pairing, domain.Engagement) {
	t.Helper()
	ctx := context.Background()
	for _, p := range []*domain.Person{lead, learner} {
		if err := s.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	mentoring := domain.Programme{Name: "Graduates", Kind: domain.KindMentoring, CreatedAt: now, UpdatedAt: now}
	coaching := domain.Programme{Name: "Leads", Kind: domain.KindCoaching, CreatedAt: now, UpdatedAt: now}
	for _, p := range []*domain.Programme{&mentoring, &coaching} {
		if err := s.CreateProgramme(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	p := domain.Pairing{ProgrammeID: mentoring.ID, MentorID: lead.ID, MenteeID: learner.ID, StartedOn: domain.NewDate(2026, 3, 2),
		Status: domain.PairingActive, CheckinCadenceDays: 14, CreatedAt: now, UpdatedAt: now}
	if err := s.CreatePairing(ctx, &p); err != nil {
		t.Fatal(err)
	}
	e := domain.Engagement{ProgrammeID: coaching.ID, CoachID: lead.ID, CoacheeID: learner.ID,
		Goal:     domain.Goal{Title: "Lead", Area: domain.AreaWork},
		StartsOn: domain.NewDate(2026, 3, 1), EndsOn: domain.NewDate(2026, 6, 30), PlannedSessions: 4,
		Status: domain.EngagementActive, CreatedAt: now, UpdatedAt: now}
	if err := s.CreateEngagement(ctx, &e); err != nil {
		t.Fatal(err)
	}
	return p, e
}
