package storage_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
)

// Mentor requests on both stores: the use cases' refusals change nothing,
// the one-open-request index holds at the database, accepting creates the
// pairing, and a lapsed request expires once.
func TestMentorRequestsOnStore(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		clock := domain.NewFixedClock(now)
		svc := domain.NewService(s, clock, domain.Config{BaseURL: "https://cairn.test", IdentityCacheTTL: -1,
			PasswordParams: domain.PasswordParams{Memory: 8, Time: 1, Threads: 1}})
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		adminP, err := svc.CreateAdmin(ctx, "admin@example.org", "Ada Admin", "correct horse battery")
		must(err)
		admin := domain.Actor{Person: adminP}
		zero := 0
		mk := func(name string, seniority int, limit *int) domain.Actor {
			p, err := svc.CreatePerson(ctx, admin, domain.PersonInput{Name: name, Seniority: seniority, MaxMentees: limit,
				Email: strings.ToLower(strings.Fields(name)[0]) + "@example.org"})
			must(err)
			return domain.Actor{Person: p}
		}
		mentee, senior, full, other := mk("Milo Mentee", 3, nil), mk("Sam Senior", 6, nil), mk("Fay Full", 8, &zero), mk("Oli Other", 9, nil)
		prog, err := svc.CreateProgramme(ctx, admin, domain.Programme{Name: "Ask a mentor", Kind: domain.KindMentoring,
			Matching: domain.MatchingRequest, RequestExpiryDays: 3})
		must(err)
		got, err := svc.GetProgramme(ctx, admin, prog.ID)
		must(err)
		if got.Matching != domain.MatchingRequest || got.RequestExpiryDays != 3 || got.MentorSeniority != domain.MentorMoreSenior {
			t.Fatalf("programme read back %+v", got)
		}
		// Who may mentor is kept, whether or not the other settings are
		// the defaults, and changed by an update.
		for _, in := range []domain.Programme{
			{Name: "Peers", Kind: domain.KindMentoring, MentorSeniority: domain.MentorAnyLevel},
			{Name: "Peers who ask", Kind: domain.KindMentoring, Matching: domain.MatchingRequest, MentorSeniority: domain.MentorAnyLevel},
		} {
			p, err := svc.CreateProgramme(ctx, admin, in)
			must(err)
			back, err := svc.GetProgramme(ctx, admin, p.ID)
			must(err)
			if back.MentorSeniority != domain.MentorAnyLevel {
				t.Fatalf("%s read back %q", in.Name, back.MentorSeniority)
			}
			more := domain.MentorMoreSenior
			_, err = svc.UpdateProgramme(ctx, admin, p.ID, domain.ProgrammePatch{MentorSeniority: &more})
			must(err)
			if back, err = svc.GetProgramme(ctx, admin, p.ID); err != nil || back.MentorSeniority != domain.MentorMoreSenior {
				t.Fatalf("%s after the update: %q, %v", in.Name, back.MentorSeniority, err)
			}
		}
		count := func() [3]int {
			var c [3]int
			for i, table := range []string{"mentor_requests", "pairings", "outbox"} {
				must(s.DB().GetContext(ctx, &c[i], `SELECT count(*) FROM `+table))
			}
			return c
		}
		r, err := svc.CreateRequest(ctx, mentee, prog.ID, domain.RequestInput{MentorID: senior.Person.ID, Message: "Hello"})
		must(err)
		for _, c := range []struct {
			name string
			by   domain.Actor
			in   domain.RequestInput
			want error
		}{
			{"second open request", mentee, domain.RequestInput{MentorID: other.Person.ID}, domain.ErrConflict},
			{"no capacity", senior, domain.RequestInput{MentorID: full.Person.ID}, domain.ErrConflict},
			{"less senior", other, domain.RequestInput{MentorID: senior.Person.ID}, domain.ErrInvalid},
		} {
			before := count()
			if _, err := svc.CreateRequest(ctx, c.by, prog.ID, c.in); !errors.Is(err, c.want) {
				t.Errorf("%s: %v, want %v", c.name, err, c.want)
			}
			if after := count(); after != before {
				t.Errorf("%s changed %v -> %v", c.name, before, after)
			}
		}
		// The index itself refuses a second open request.
		dup := domain.MentorRequest{ProgrammeID: prog.ID, MenteeID: mentee.Person.ID, MentorID: other.Person.ID,
			State: domain.RequestOpen, CreatedAt: now, ExpiresAt: now, UpdatedAt: now}
		if err := s.CreateRequest(ctx, &dup); !errors.Is(err, domain.ErrConflict) {
			t.Fatalf("second open row: %v", err)
		}
		acc, err := svc.AnswerRequest(ctx, senior, r.ID, domain.StepAccept, "")
		must(err)
		if acc.PairingID == nil {
			t.Fatal("no pairing")
		}
		p, err := svc.GetPairing(ctx, mentee, *acc.PairingID)
		must(err)
		if p.MentorID != senior.Person.ID || p.Focus != "Hello" {
			t.Fatalf("pairing %+v", p)
		}
		before := count()
		if _, err := svc.AnswerRequest(ctx, senior, r.ID, domain.StepAccept, ""); !errors.Is(err, domain.ErrConflict) {
			t.Fatalf("accepting twice: %v", err)
		}
		if after := count(); after != before {
			t.Fatalf("second accept changed %v -> %v", before, after)
		}
		// Another mentee's request lapses; the sweep expires it once.
		r2, err := svc.CreateRequest(ctx, senior, prog.ID, domain.RequestInput{MentorID: other.Person.ID})
		must(err)
		clock.Advance(3 * 24 * time.Hour)
		before = count()
		if _, err := svc.AnswerRequest(ctx, other, r2.ID, domain.StepAccept, ""); !errors.Is(err, domain.ErrConflict) {
			t.Fatalf("accepting an expired request: %v", err)
		}
		if after := count(); after != before {
			t.Fatalf("late accept changed %v -> %v", before, after)
		}
		n, err := svc.ExpireRequests(ctx)
		must(err)
		again, err := svc.ExpireRequests(ctx)
		must(err)
		if n != 1 || again != 0 || count()[2] != before[2]+2 {
			t.Fatalf("expired %d then %d; outbox %v -> %v", n, again, before, count())
		}
		mine, err := svc.MyRequests(ctx, other, 0)
		must(err)
		if len(mine) != 1 || mine[0].State != domain.RequestExpired || mine[0].Mentee.Name != "Sam Senior" || mine[0].Programme.Name != "Ask a mentor" {
			t.Fatalf("mentor's requests %+v", mine)
		}
		// Sign-ups: join, change capacity, leave.
		two := 2
		_, err = svc.JoinProgramme(ctx, other, prog.ID, domain.RoleMentor, &two)
		must(err)
		_, err = svc.JoinProgramme(ctx, other, prog.ID, domain.RoleMentor, &zero)
		if !errors.Is(err, domain.ErrInvalid) {
			t.Fatalf("capacity 0: %v", err)
		}
		ms, err := s.ProgrammeMembers(ctx, prog.ID, domain.RoleMentor)
		must(err)
		if len(ms) != 1 || *ms[0].Capacity != 2 {
			t.Fatalf("members %+v", ms)
		}
		must(svc.LeaveProgramme(ctx, other, prog.ID, domain.RoleMentor))
		if err := svc.LeaveProgramme(ctx, other, prog.ID, domain.RoleMentor); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("leaving twice: %v", err)
		}
	})
}
