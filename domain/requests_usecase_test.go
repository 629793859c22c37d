package domain_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"cairn/domain"
	"cairn/domain/domaintest"
)

// market is an organisation where mentees ask for mentors: an admin, a
// programme in mentee_request mode, mentors of several seniorities and
// one mentee (seniority 3, Sales).
type market struct {
	t     *testing.T
	ctx   context.Context
	mem   *domaintest.Memory
	clock *domain.FixedClock
	svc   *domain.Service
	admin domain.Actor
	prog  domain.Programme

	mentee, senior, peer, full domain.Actor
}

func newMarket(t *testing.T, mode domain.MatchingMode) *market {
	t.Helper()
	m := &market{t: t, ctx: context.Background(), mem: domaintest.NewMemory(), clock: domain.NewFixedClock(start)}
	m.svc = domain.NewService(m.mem, m.clock, domain.Config{Translator: catalogue, BaseURL: "https://cairn.test",
		PasswordParams: domain.PasswordParams{Memory: 8, Time: 1, Threads: 1}, IdentityCacheTTL: -1})
	admin, err := m.svc.CreateAdmin(m.ctx, "admin@example.org", "Ada Admin", "correct horse battery")
	m.must(err)
	m.admin = domain.Actor{Person: admin}
	m.prog, err = m.svc.CreateProgramme(m.ctx, m.admin, domain.Programme{Name: "Ask a mentor", Kind: domain.KindMentoring,
		Matching: mode, RequestExpiryDays: 7})
	m.must(err)
	zero := 0
	m.mentee = m.person("Milo Mentee", "Sales", 3, nil)
	m.senior = m.person("Sam Senior", "Engineering", 6, nil)
	m.peer = m.person("Pat Peer", "Engineering", 3, nil)
	m.full = m.person("Fay Full", "Engineering", 8, &zero)
	return m
}

func (m *market) must(err error) {
	m.t.Helper()
	if err != nil {
		m.t.Fatal(err)
	}
}

func (m *market) person(name, dept string, seniority int, limit *int) domain.Actor {
	m.t.Helper()
	p, err := m.svc.CreatePerson(m.ctx, m.admin, domain.PersonInput{Name: name, Department: dept, Seniority: seniority,
		MaxMentees: limit, Email: strings.ReplaceAll(strings.ToLower(name), " ", ".") + "@example.org"})
	m.must(err)
	return domain.Actor{Person: p}
}

// counts is what a refusal must leave as it was.
func (m *market) counts() [4]int {
	m.t.Helper()
	p := m.mem.Ports()
	rs, err := p.Requests.ListRequests(m.ctx, domain.RequestFilter{Limit: 1000})
	m.must(err)
	ps, err := p.Pairings.ListPairings(m.ctx, domain.PairingFilter{Limit: 1000})
	m.must(err)
	os, err := p.Outbox.ListOutbox(m.ctx, domain.OutboxFilter{Limit: 1000})
	m.must(err)
	open := 0
	for _, r := range rs {
		if r.State == domain.RequestOpen {
			open++
		}
	}
	return [4]int{len(rs), open, len(ps), len(os)}
}

func (m *market) notices(to domain.Actor) []domain.Notification {
	m.t.Helper()
	ns, err := m.mem.Ports().Notifications.ListNotifications(m.ctx, to.Person.ID, 100, 0)
	m.must(err)
	return ns
}

func TestBrowseMentorsOffersEligibleBestFirst(t *testing.T) {
	m := newMarket(t, domain.MatchingRequest)
	near := m.person("Nia Near", "Sales", 5, nil)
	got, err := m.svc.BrowseMentors(m.ctx, m.mentee, m.prog.ID, domain.MentorFilter{})
	m.must(err)
	var names []string
	for _, c := range got.Mentors {
		names = append(names, c.Person.Name)
		if len(c.Why) == 0 {
			t.Errorf("%s has no reasons", c.Person.Name)
		}
	}
	// Sam (other department) before Nia (same); Pat (peer), Fay (full),
	// the admin (not in the programme) and Milo himself are left out.
	if strings.Join(names, ",") != "Sam Senior,Nia Near" {
		t.Fatalf("mentors = %v", names)
	}
	if !got.MayRequest {
		t.Fatalf("may not request: %s", got.Why)
	}
	got, err = m.svc.BrowseMentors(m.ctx, m.mentee, m.prog.ID, domain.MentorFilter{Department: "sales"})
	m.must(err)
	if len(got.Mentors) != 1 || got.Mentors[0].Person.ID != near.Person.ID {
		t.Fatalf("department filter: %+v", got.Mentors)
	}
}

// TestBrowseMentorsBySkillAndLanguage: the mentee narrows the mentors to
// those offering a skill or speaking a language (a language's tag takes
// its regional forms), and is offered the skills and languages of every
// mentor they may ask as the filter's choices.
func TestBrowseMentorsBySkillAndLanguage(t *testing.T) {
	m := newMarket(t, domain.MatchingRequest)
	near := m.person("Nia Near", "Sales", 5, nil)
	for _, c := range []struct {
		who               domain.Actor
		offers, languages []string
	}{
		{m.senior, []string{"Go", "Code review"}, []string{"de-CH", "en"}},
		{near, []string{"Budgeting"}, []string{"en", "fr"}},
		{m.peer, []string{"Negotiation"}, []string{"es"}}, // not more senior: never offered
	} {
		_, err := m.svc.UpdateProfile(m.ctx, c.who, c.who.Person.ID, domain.ProfilePatch{Offers: &c.offers, Languages: &c.languages})
		m.must(err)
	}
	for _, c := range []struct {
		filter domain.MentorFilter
		want   string
	}{
		{domain.MentorFilter{}, "Sam Senior,Nia Near"},
		{domain.MentorFilter{Skill: "go"}, "Sam Senior"},
		{domain.MentorFilter{Skill: "budgeting"}, "Nia Near"},
		{domain.MentorFilter{Skill: "Negotiation"}, ""},
		{domain.MentorFilter{Language: "de"}, "Sam Senior"},
		{domain.MentorFilter{Language: "fr"}, "Nia Near"},
		{domain.MentorFilter{Language: "en"}, "Sam Senior,Nia Near"},
		{domain.MentorFilter{Language: "d"}, ""},
		{domain.MentorFilter{Skill: "Go", Language: "fr"}, ""},
		{domain.MentorFilter{Department: "sales", Language: "en"}, "Nia Near"},
	} {
		got, err := m.svc.BrowseMentors(m.ctx, m.mentee, m.prog.ID, c.filter)
		m.must(err)
		var names []string
		for _, x := range got.Mentors {
			names = append(names, x.Person.Name)
		}
		if strings.Join(names, ",") != c.want {
			t.Errorf("%+v: mentors %v, want %s", c.filter, names, c.want)
		}
		if strings.Join(got.Skills, ",") != "Budgeting,Code review,Go" || strings.Join(got.Languages, ",") != "de-CH,en,fr" {
			t.Errorf("%+v: choices %v and %v", c.filter, got.Skills, got.Languages)
		}
	}
}

func TestSignupNarrowsMentorsAndRequests(t *testing.T) {
	m := newMarket(t, domain.MatchingRequest)
	on := true
	_, err := m.svc.UpdateProgramme(m.ctx, m.admin, m.prog.ID, domain.ProgrammePatch{RequiresSignup: &on})
	m.must(err)
	got, err := m.svc.BrowseMentors(m.ctx, m.mentee, m.prog.ID, domain.MentorFilter{})
	m.must(err)
	if len(got.Mentors) != 0 || got.MayRequest {
		t.Fatalf("before anyone joined: %+v", got)
	}
	if _, err := m.svc.CreateRequest(m.ctx, m.mentee, m.prog.ID, domain.RequestInput{MentorID: m.senior.Person.ID}); !errors.Is(err, domain.ErrConflict) {
		t.Fatalf("request before joining: %v", err)
	}
	one := 1
	_, err = m.svc.JoinProgramme(m.ctx, m.senior, m.prog.ID, domain.RoleMentor, &one)
	m.must(err)
	_, err = m.svc.JoinProgramme(m.ctx, m.mentee, m.prog.ID, domain.RoleMentee, nil)
	m.must(err)
	got, err = m.svc.BrowseMentors(m.ctx, m.mentee, m.prog.ID, domain.MentorFilter{})
	m.must(err)
	if len(got.Mentors) != 1 || *got.Mentors[0].CapacityLeft != 1 || !got.MayRequest {
		t.Fatalf("after joining: %+v", got)
	}
}

// A mentor who joined with a capacity and has no free place left is
// refused by name: accepting a second request that was open at the same
// time as the first, and a request sent once they are full. The 409
// names mentor_id.
func TestRequestsBeyondASignedUpCapacity(t *testing.T) {
	m := newMarket(t, domain.MatchingRequest)
	on, one := true, 1
	_, err := m.svc.UpdateProgramme(m.ctx, m.admin, m.prog.ID, domain.ProgrammePatch{RequiresSignup: &on})
	m.must(err)
	_, err = m.svc.JoinProgramme(m.ctx, m.senior, m.prog.ID, domain.RoleMentor, &one)
	m.must(err)
	late := m.person("Lea Late", "Sales", 2, nil)
	for _, a := range []domain.Actor{m.mentee, m.peer, late} {
		_, err = m.svc.JoinProgramme(m.ctx, a, m.prog.ID, domain.RoleMentee, nil)
		m.must(err)
	}
	first, err := m.svc.CreateRequest(m.ctx, m.mentee, m.prog.ID, domain.RequestInput{MentorID: m.senior.Person.ID})
	m.must(err)
	second, err := m.svc.CreateRequest(m.ctx, m.peer, m.prog.ID, domain.RequestInput{MentorID: m.senior.Person.ID})
	m.must(err)
	_, err = m.svc.AnswerRequest(m.ctx, m.senior, first.ID, domain.StepAccept, "")
	m.must(err)
	_, err = m.svc.AnswerRequest(m.ctx, m.senior, second.ID, domain.StepAccept, "")
	msg, fields := englishError(err)
	if want := "Sam Senior already mentors 1 of the 1 person they take in Ask a mentor"; !errors.Is(err, domain.ErrConflict) ||
		msg != want || fields["mentor_id"] == "" {
		t.Errorf("accepting beyond the capacity: %v: %q %v, want %q on mentor_id", err, msg, fields, want)
	}
	_, err = m.svc.CreateRequest(m.ctx, late, m.prog.ID, domain.RequestInput{MentorID: m.senior.Person.ID})
	msg, fields = englishError(err)
	if want := "Sam Senior has no free mentee place"; !errors.Is(err, domain.ErrConflict) || msg != want || fields["mentor_id"] == "" {
		t.Errorf("asking a full mentor: %v: %q %v, want %q on mentor_id", err, msg, fields, want)
	}
}

func TestRequestAcceptedCreatesPairingAndTellsBoth(t *testing.T) {
	m := newMarket(t, domain.MatchingRequest)
	r, err := m.svc.CreateRequest(m.ctx, m.mentee, m.prog.ID, domain.RequestInput{MentorID: m.senior.Person.ID, Message: "Help me grow"})
	m.must(err)
	if r.State != domain.RequestOpen || !r.ExpiresAt.Equal(start.Add(7*24*time.Hour)) {
		t.Fatalf("request = %+v", r)
	}
	if n := m.notices(m.senior); len(n) != 1 || !strings.Contains(n[0].Body, "Help me grow") {
		t.Fatalf("mentor notices = %+v", n)
	}
	if _, err := m.svc.AnswerRequest(m.ctx, m.mentee, r.ID, domain.StepAccept, ""); !errors.Is(err, domain.ErrForbidden) {
		t.Fatalf("mentee accepting: %v", err)
	}
	if _, err := m.svc.AnswerRequest(m.ctx, m.peer, r.ID, domain.StepAccept, ""); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("outsider accepting: %v", err)
	}
	got, err := m.svc.AnswerRequest(m.ctx, m.senior, r.ID, domain.StepAccept, "")
	m.must(err)
	if got.State != domain.RequestAccepted || got.PairingID == nil {
		t.Fatalf("accepted = %+v", got)
	}
	p, err := m.svc.GetPairing(m.ctx, m.mentee, *got.PairingID)
	m.must(err)
	if p.MentorID != m.senior.Person.ID || p.ProgrammeID != m.prog.ID || p.Status != domain.PairingActive {
		t.Fatalf("pairing = %+v", p)
	}
	if n := m.notices(m.mentee); len(n) != 1 || !strings.Contains(n[0].Subject, "Sam Senior is now your mentor") {
		t.Fatalf("mentee notices = %+v", n)
	}
	if c := m.counts(); c[3] != 2 {
		t.Fatalf("emails = %d, want 2", c[3])
	}
	if _, err := m.svc.AnswerRequest(m.ctx, m.senior, r.ID, domain.StepDecline, ""); !errors.Is(err, domain.ErrConflict) {
		t.Fatalf("declining an accepted request: %v", err)
	}
}

func TestRequestRefusalsChangeNothing(t *testing.T) {
	m := newMarket(t, domain.MatchingRequest)
	first, err := m.svc.CreateRequest(m.ctx, m.mentee, m.prog.ID, domain.RequestInput{MentorID: m.senior.Person.ID})
	m.must(err)
	other := m.person("Oli Other", "Finance", 9, nil)
	for _, c := range []struct {
		name string
		by   domain.Actor
		in   domain.RequestInput
		want error
	}{
		{"second open request", m.mentee, domain.RequestInput{MentorID: other.Person.ID}, domain.ErrConflict},
		{"no capacity", m.peer, domain.RequestInput{MentorID: m.full.Person.ID}, domain.ErrConflict},
		{"less senior", m.peer, domain.RequestInput{MentorID: m.mentee.Person.ID}, domain.ErrInvalid},
		{"self", m.peer, domain.RequestInput{MentorID: m.peer.Person.ID}, domain.ErrInvalid},
		{"no mentor", m.peer, domain.RequestInput{}, domain.ErrInvalid},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := m.counts()
			_, err := m.svc.CreateRequest(m.ctx, c.by, m.prog.ID, c.in)
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
			if after := m.counts(); after != before {
				t.Fatalf("changed: %v -> %v", before, after)
			}
		})
	}
	// Expired: the mentor answers too late; nothing changes, then the
	// sweep expires it once and tells both sides once.
	m.clock.Advance(7 * 24 * time.Hour)
	before := m.counts()
	if _, err := m.svc.AnswerRequest(m.ctx, m.senior, first.ID, domain.StepAccept, ""); !errors.Is(err, domain.ErrConflict) ||
		!strings.Contains(err.Error(), "expired") {
		t.Fatalf("accepting an expired request: %v", err)
	}
	if after := m.counts(); after != before {
		t.Fatalf("changed: %v -> %v", before, after)
	}
	n, err := m.svc.ExpireRequests(m.ctx)
	m.must(err)
	again, err := m.svc.ExpireRequests(m.ctx)
	m.must(err)
	if n != 1 || again != 0 {
		t.Fatalf("expired %d then %d", n, again)
	}
	if after := m.counts(); after[1] != 0 || after[3] != before[3]+2 {
		t.Fatalf("after expiry: %v (before %v)", after, before)
	}
	// Now a new request may go out.
	_, err = m.svc.CreateRequest(m.ctx, m.mentee, m.prog.ID, domain.RequestInput{MentorID: other.Person.ID})
	m.must(err)
}

func TestLapsedRequestExpiresOnceWhenTheMenteeAsksAgain(t *testing.T) {
	m := newMarket(t, domain.MatchingRequest)
	_, err := m.svc.CreateRequest(m.ctx, m.mentee, m.prog.ID, domain.RequestInput{MentorID: m.senior.Person.ID})
	m.must(err)
	m.clock.Advance(8 * 24 * time.Hour)
	other := m.person("Oli Other", "Finance", 9, nil)
	_, err = m.svc.CreateRequest(m.ctx, m.mentee, m.prog.ID, domain.RequestInput{MentorID: other.Person.ID})
	m.must(err)
	if n, err := m.svc.ExpireRequests(m.ctx); err != nil || n != 0 {
		t.Fatalf("sweep after the new request expired %d (%v)", n, err)
	}
	expired := 0
	for _, n := range m.notices(m.senior) {
		if strings.Contains(n.Subject, "expired") {
			expired++
		}
	}
	if expired != 1 {
		t.Fatalf("mentor told of the expiry %d times", expired)
	}
}

func TestApprovalModeWaitsForHR(t *testing.T) {
	m := newMarket(t, domain.MatchingRequestApproved)
	r, err := m.svc.CreateRequest(m.ctx, m.mentee, m.prog.ID, domain.RequestInput{MentorID: m.senior.Person.ID})
	m.must(err)
	got, err := m.svc.AnswerRequest(m.ctx, m.senior, r.ID, domain.StepAccept, "")
	m.must(err)
	if got.PairingID != nil || !got.AwaitingApproval || got.Can.Accept {
		t.Fatalf("accepted = %+v", got)
	}
	waiting, err := m.svc.RequestsAwaitingApproval(m.ctx, m.admin)
	m.must(err)
	if len(waiting) != 1 || waiting[0].Message != "" {
		t.Fatalf("waiting = %+v", waiting)
	}
	if _, err := m.svc.RequestsAwaitingApproval(m.ctx, m.senior); !errors.Is(err, domain.ErrForbidden) {
		t.Fatalf("a member's approvals list: %v", err)
	}
	if _, err := m.svc.CreateRequest(m.ctx, m.mentee, m.prog.ID, domain.RequestInput{MentorID: m.full.Person.ID}); !errors.Is(err, domain.ErrConflict) {
		t.Fatalf("second request while waiting: %v", err)
	}
	if _, err := m.svc.AnswerRequest(m.ctx, m.senior, r.ID, domain.StepApprove, ""); !errors.Is(err, domain.ErrForbidden) {
		t.Fatalf("mentor approving: %v", err)
	}
	got, err = m.svc.AnswerRequest(m.ctx, m.admin, r.ID, domain.StepApprove, "")
	m.must(err)
	if got.State != domain.RequestApproved || got.PairingID == nil {
		t.Fatalf("approved = %+v", got)
	}
	if len(m.notices(m.mentee)) != 2 || len(m.notices(m.senior)) != 2 {
		t.Fatalf("notices: mentee %d, mentor %d", len(m.notices(m.mentee)), len(m.notices(m.senior)))
	}
}

func TestWithdrawAndDecline(t *testing.T) {
	m := newMarket(t, domain.MatchingRequest)
	r, err := m.svc.CreateRequest(m.ctx, m.mentee, m.prog.ID, domain.RequestInput{MentorID: m.senior.Person.ID})
	m.must(err)
	got, err := m.svc.AnswerRequest(m.ctx, m.mentee, r.ID, domain.StepWithdraw, "")
	m.must(err)
	if got.State != domain.RequestWithdrawn {
		t.Fatalf("withdrawn = %+v", got)
	}
	r, err = m.svc.CreateRequest(m.ctx, m.mentee, m.prog.ID, domain.RequestInput{MentorID: m.senior.Person.ID})
	m.must(err)
	got, err = m.svc.AnswerRequest(m.ctx, m.senior, r.ID, domain.StepDecline, "No time this quarter")
	m.must(err)
	if got.State != domain.RequestDeclined || got.Reason != "No time this quarter" {
		t.Fatalf("declined = %+v", got)
	}
	mine, err := m.svc.MyRequests(m.ctx, m.mentee, 0)
	m.must(err)
	if len(mine) != 2 || mine[0].ID != r.ID {
		t.Fatalf("my requests = %+v", mine)
	}
}

func TestAdminProgrammeRefusesRequests(t *testing.T) {
	m := newMarket(t, domain.MatchingAdmin)
	if _, err := m.svc.CreateRequest(m.ctx, m.mentee, m.prog.ID, domain.RequestInput{MentorID: m.senior.Person.ID}); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("a member asking in an admin programme they are not in: %v", err)
	}
	if _, err := m.svc.BrowseMentors(m.ctx, m.admin, m.prog.ID, domain.MentorFilter{}); !errors.Is(err, domain.ErrConflict) {
		t.Fatalf("browsing an admin programme: %v", err)
	}
}
