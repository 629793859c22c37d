package domain_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"cairn/domain"
	"cairn/domain/domaintest"
)

// cohort is a small organisation of its own: an admin and a mentoring
// programme, people added per test.
type cohort struct {
	t     *testing.T
	ctx   context.Context
	mem   *domaintest.Memory
	svc   *domain.Service
	admin domain.Actor
	prog  domain.Programme
	other domain.Programme
	by    map[string]domain.Person
}

func newCohort(t *testing.T) *cohort {
	t.Helper()
	c := &cohort{t: t, ctx: context.Background(), mem: domaintest.NewMemory(), by: map[string]domain.Person{}}
	c.svc = domain.NewService(c.mem, domain.NewFixedClock(start), domain.Config{Translator: catalogue, BaseURL: "https://cairn.test",
		PasswordParams: domain.PasswordParams{Memory: 8, Time: 1, Threads: 1}, IdentityCacheTTL: -1})
	admin, err := c.svc.CreateAdmin(c.ctx, "admin@example.org", "Ada Admin", "correct horse battery")
	c.must(err)
	c.admin = domain.Actor{Person: admin}
	for i, name := range []string{"Cohort 2026", "Earlier cohort"} {
		p, err := c.svc.CreateProgramme(c.ctx, c.admin, domain.Programme{Name: name, Kind: domain.KindMentoring})
		c.must(err)
		if i == 0 {
			c.prog = p
		} else {
			c.other = p
		}
	}
	return c
}

func (c *cohort) must(err error) {
	c.t.Helper()
	if err != nil {
		c.t.Fatal(err)
	}
}

func (c *cohort) person(name, dept string, seniority int, limit *int, in func(*domain.PersonInput)) domain.Person {
	c.t.Helper()
	pi := domain.PersonInput{Name: name, Email: strings.ReplaceAll(strings.ToLower(name), " ", ".") + "@example.org",
		Department: dept, Seniority: seniority, MaxMentees: limit}
	if in != nil {
		in(&pi)
	}
	p, err := c.svc.CreatePerson(c.ctx, c.admin, pi)
	c.must(err)
	c.by[name] = p
	return p
}

func (c *cohort) pair(prog domain.Programme, mentor, mentee domain.Person, override string) {
	c.t.Helper()
	_, err := c.svc.CreatePairing(c.ctx, c.admin, domain.PairingInput{ProgrammeID: prog.ID, MentorID: mentor.ID,
		MenteeID: mentee.ID, SeniorityOverrideReason: override})
	c.must(err)
}

func TestProposePairsReachesTheOptimumGreedyMisses(t *testing.T) {
	c := newCohort(t)
	one, zero := 1, 0
	ann := c.person("Ann", "Sales", 2, nil, nil)
	bob := c.person("Bob", "Sales", 3, &zero, nil) // mentors nobody
	xavi := c.person("Xavi", "Legal", 4, &one, nil)
	yuki := c.person("Yuki", "Sales", 3, &one, nil)
	// The programme weighs seniority, department and places alone.
	w40, w30, w0 := 40, 30, 0
	_, err := c.svc.UpdateProgramme(c.ctx, c.admin, c.prog.ID, domain.ProgrammePatch{Match: &domain.MatchSettingsPatch{
		WeightSeniority: &w40, WeightDepartment: &w30, WeightCapacity: &w30, WeightTopics: &w0, WeightHours: &w0, WeightLanguage: &w0}})
	c.must(err)
	// Scores: Ann-Xavi 100, Ann-Yuki 70 (same department), Bob-Xavi 100;
	// Yuki is not more senior than Bob. Each mentee in turn taking their
	// best mentor gives Ann Xavi and leaves Bob alone: 100. The optimum
	// is Ann-Yuki and Bob-Xavi: 170.
	got, err := c.svc.ProposePairs(c.ctx, c.admin, c.prog.ID)
	c.must(err)
	var pairs []string
	for _, p := range got.Pairs {
		pairs = append(pairs, p.Mentee.Name+"-"+p.Mentor.Name)
		if len(p.Why) == 0 || p.Score <= 0 {
			t.Errorf("%s has no score or reasons: %+v", p.Mentee.Name, p)
		}
	}
	if strings.Join(pairs, " ") != "Ann-Yuki Bob-Xavi" || got.Total != 170 {
		t.Errorf("proposal %v totalling %d, want Ann-Yuki Bob-Xavi totalling 170", pairs, got.Total)
	}
	// Xavi and Yuki are unpaired mentees too: nobody may mentor Xavi (the
	// most senior), so Xavi is not listed; Yuki could have Xavi, whose
	// one place went to Bob, so Yuki is left without a mentor.
	var left []string
	for _, u := range got.Unmatched {
		left = append(left, u.Name)
	}
	if strings.Join(left, " ") != "Yuki" {
		t.Errorf("unmatched %v, want Yuki", left)
	}
	// The greedy pass, for comparison: each mentee in name order takes
	// their best mentor with a free place.
	greedyTotal := 0
	free := map[int64]bool{xavi.ID: true, yuki.ID: true}
	for _, m := range []domain.Person{ann, bob} {
		best, bestID := 0, int64(0)
		for _, mentor := range []domain.Person{xavi, yuki} {
			if !free[mentor.ID] || mentor.Seniority <= m.Seniority {
				continue
			}
			if s := (domain.Matcher{Settings: oldWeights, Day: start}).Points(domain.MentorCandidate{Person: mentor}, m, domain.Profile{}); s > best {
				best, bestID = s, mentor.ID
			}
		}
		greedyTotal += best
		free[bestID] = false
	}
	if greedyTotal != 100 {
		t.Errorf("greedy totals %d, want 100 (this cohort must be one greedy gets wrong)", greedyTotal)
	}
	// Confirmed, the pairs exist and both sides are told in the app.
	made, err := c.svc.ConfirmPairs(c.ctx, c.admin, c.prog.ID, []domain.PairChoice{
		{MentorID: yuki.ID, MenteeID: ann.ID}, {MentorID: xavi.ID, MenteeID: bob.ID}})
	c.must(err)
	if len(made) != 2 || made[0].Status != domain.PairingActive || made[1].MenteeID != bob.ID {
		t.Fatalf("made %+v", made)
	}
	for _, who := range []domain.Person{ann, bob, xavi, yuki} {
		ns, err := c.mem.Ports().Notifications.ListNotifications(c.ctx, who.ID, 10, 0)
		c.must(err)
		if len(ns) != 1 || ns[0].Kind != "pairing" || !strings.Contains(ns[0].Body, "Cohort 2026") {
			t.Errorf("%s notified: %+v", who.Name, ns)
		}
	}
	again, err := c.svc.ProposePairs(c.ctx, c.admin, c.prog.ID)
	c.must(err)
	if len(again.Pairs) != 0 {
		t.Errorf("paired mentees proposed again: %+v", again.Pairs)
	}
}

func TestMatchingNeverOffersTheExcluded(t *testing.T) {
	c := newCohort(t)
	one := 1
	mia := c.person("Mia", "Sales", 2, nil, nil)
	current := c.person("Current Cy", "Finance", 6, nil, nil)
	c.pair(c.other, current, mia, "")
	ownMentee := c.person("Own Mentee Oz", "Finance", 5, nil, nil)
	c.pair(c.other, mia, ownMentee, "mentors a senior colleague on sales")
	c.person("Admin Al", "Finance", 8, nil, func(in *domain.PersonInput) { in.Role = domain.RoleAdmin })
	c.person("External Ed", "Finance", 9, nil, func(in *domain.PersonInput) { in.External = true })
	full := c.person("Full Fay", "Finance", 6, &one, nil)
	kim := c.person("Kim", "Legal", 1, nil, nil)
	c.pair(c.other, full, kim, "")
	c.person("Gina", "Finance", 4, nil, nil)
	excluded := []string{"Current Cy", "Own Mentee Oz", "Admin Al", "External Ed", "Full Fay", "Ada Admin"}

	sug, err := c.svc.MentorSuggestions(c.ctx, c.admin, mia.ID, c.prog.ID)
	c.must(err)
	var names []string
	for _, s := range sug {
		names = append(names, s.Person.Name)
	}
	if strings.Join(names, " ") != "Gina" {
		t.Errorf("suggestions for Mia: %v, want only Gina", names)
	}

	got, err := c.svc.ProposePairs(c.ctx, c.admin, c.prog.ID)
	c.must(err)
	load := map[int64]int{}
	for _, p := range got.Pairs {
		if slices.Contains(excluded, p.Mentor.Name) && !(p.Mentor.Name == "Current Cy" && p.Mentee.Name != "Mia") &&
			!(p.Mentor.Name == "Own Mentee Oz" && p.Mentee.Name != "Mia") {
			t.Errorf("%s proposed as mentor of %s", p.Mentor.Name, p.Mentee.Name)
		}
		if p.Mentee.Name == "Kim" && p.Mentor.Name == "Full Fay" {
			t.Error("Kim proposed with the mentor she has")
		}
		if mentor, mentee := c.by[p.Mentor.Name], c.by[p.Mentee.Name]; mentor.Seniority <= mentee.Seniority {
			t.Errorf("%s is not more senior than %s", p.Mentor.Name, p.Mentee.Name)
		}
		if slices.Contains([]string{"Admin Al", "External Ed", "Ada Admin"}, p.Mentee.Name) {
			t.Errorf("%s proposed as a mentee", p.Mentee.Name)
		}
		load[p.Mentor.ID]++
		if load[p.Mentor.ID] > domain.CohortUnlimitedPlaces {
			t.Errorf("%s given more than %d mentees", p.Mentor.Name, domain.CohortUnlimitedPlaces)
		}
	}
	var choices []domain.PairChoice
	for _, p := range got.Pairs {
		choices = append(choices, domain.PairChoice{MentorID: p.Mentor.ID, MenteeID: p.Mentee.ID})
	}
	if len(choices) == 0 {
		t.Fatal("nothing proposed")
	}
	// Every proposed pair passes the rules of a single pairing.
	_, err = c.svc.ConfirmPairs(c.ctx, c.admin, c.prog.ID, choices)
	c.must(err)
}

func TestConfirmPairsAllOrNothing(t *testing.T) {
	c := newCohort(t)
	one := 1
	ann := c.person("Ann", "Sales", 2, nil, nil)
	bob := c.person("Bob", "Sales", 5, nil, nil)
	xavi := c.person("Xavi", "Legal", 4, &one, nil)
	count := func() int {
		ps, err := c.mem.Ports().Pairings.ListPairings(c.ctx, domain.PairingFilter{ProgrammeID: c.prog.ID, Limit: 50})
		c.must(err)
		return len(ps)
	}
	cases := []struct {
		name  string
		pairs []domain.PairChoice
		kind  error
		says  string
	}{
		{"none", nil, domain.ErrInvalid, "at least one"},
		{"less senior", []domain.PairChoice{{MentorID: xavi.ID, MenteeID: ann.ID}, {MentorID: xavi.ID, MenteeID: bob.ID}},
			domain.ErrInvalid, "Xavi and Bob"},
		{"over capacity", []domain.PairChoice{{MentorID: xavi.ID, MenteeID: ann.ID}, {MentorID: bob.ID, MenteeID: xavi.ID},
			{MentorID: xavi.ID, MenteeID: c.person("Cas", "Sales", 1, nil, nil).ID}}, domain.ErrConflict, "Xavi and Cas"},
		{"a mentee twice", []domain.PairChoice{{MentorID: xavi.ID, MenteeID: ann.ID}, {MentorID: bob.ID, MenteeID: ann.ID}},
			domain.ErrInvalid, "more than one pair"},
		{"no such person", []domain.PairChoice{{MentorID: 9999, MenteeID: ann.ID}}, domain.ErrInvalid, "mentor_id"},
	}
	for _, tc := range cases {
		_, err := c.svc.ConfirmPairs(c.ctx, c.admin, c.prog.ID, tc.pairs)
		msg, fields := englishError(err)
		if said := msg + fmt.Sprint(fields); !errors.Is(err, tc.kind) || !strings.Contains(said, tc.says) {
			t.Errorf("%s: %s, want %v saying %q", tc.name, said, tc.kind, tc.says)
		}
		// A refusal naming the pair says why by key too, in words.
		if de := (*domain.Error)(nil); errors.As(err, &de) && de.Text != nil && strings.Contains(msg, "error.") {
			t.Errorf("%s: the message reads %q, not in words", tc.name, msg)
		}
		if n := count(); n != 0 {
			t.Fatalf("%s: %d pairings created by a refused confirmation", tc.name, n)
		}
	}
	_, err := c.svc.ConfirmPairs(c.ctx, c.admin, c.prog.ID, []domain.PairChoice{{MentorID: xavi.ID, MenteeID: ann.ID}})
	c.must(err)
	_, err = c.svc.ConfirmPairs(c.ctx, c.admin, c.prog.ID, []domain.PairChoice{{MentorID: bob.ID, MenteeID: ann.ID}})
	if msg, _ := englishError(err); !errors.Is(err, domain.ErrConflict) || !strings.Contains(msg, "already has a mentor in Cohort 2026") {
		t.Errorf("second mentor in the programme: %v", err)
	}
	archived := true
	_, err = c.svc.UpdateProgramme(c.ctx, c.admin, c.prog.ID, domain.ProgrammePatch{Archived: &archived})
	c.must(err)
	if _, err := c.svc.ProposePairs(c.ctx, c.admin, c.prog.ID); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("archived programme: %v", err)
	}
}

// Suggestions and proposals never offer a mentee someone already paired
// with them, one of their own current mentees, an admin who takes no part
// in the programme, or anyone at capacity; profiles order who is left.
func TestSuggestionsLeaveOutTheExcluded(t *testing.T) {
	c := newCohort(t)
	one := 1
	mia := c.person("Mia", "Sales", 3, nil, nil)
	paired := c.person("Paul Paired", "Legal", 6, nil, nil)
	own := c.person("Olga Own Mentee", "Legal", 5, nil, nil)
	c.person("Adam Admin", "Legal", 8, nil, func(p *domain.PersonInput) { p.Role = domain.RoleAdmin })
	full := c.person("Fay Full", "Legal", 7, &one, nil)
	busy := c.person("Ben Busy", "Legal", 1, nil, nil)
	good := c.person("Gus Good", "Legal", 6, nil, nil)
	fit := c.person("Fiona Fit", "Legal", 6, nil, nil)
	c.pair(c.other, paired, mia, "")
	c.pair(c.other, mia, own, "Olga asked for Mia's product sense")
	c.pair(c.other, full, busy, "")
	// Fiona offers what Mia wants and shares her language and hours.
	goTags, langs, from, to := []string{"Go"}, []string{"en"}, "09:00", "17:00"
	_, err := c.svc.UpdateProfile(c.ctx, c.admin, mia.ID, domain.ProfilePatch{Wants: &goTags, Languages: &langs, WorkStart: &from, WorkEnd: &to})
	c.must(err)
	_, err = c.svc.UpdateProfile(c.ctx, c.admin, fit.ID, domain.ProfilePatch{Offers: &goTags, Languages: &langs, WorkStart: &from, WorkEnd: &to})
	c.must(err)

	got, err := c.svc.MentorSuggestions(c.ctx, c.admin, mia.ID, c.prog.ID)
	c.must(err)
	var names []string
	for _, s := range got {
		names = append(names, s.Person.Name)
	}
	if strings.Join(names, ", ") != "Fiona Fit, Gus Good" {
		t.Fatalf("suggestions %v, want Fiona Fit then Gus Good", names)
	}
	if !slices.Contains(englishAll(got[0].Why), "offers every topic the mentee wants to grow in: Go") || got[0].Score <= got[1].Score {
		t.Errorf("Fiona's reasons %v (score %d against %d)", englishAll(got[0].Why), got[0].Score, got[1].Score)
	}
	prop, err := c.svc.ProposePairs(c.ctx, c.admin, c.prog.ID)
	c.must(err)
	for _, p := range prop.Pairs {
		if p.Mentee.ID == mia.ID && p.Mentor.ID != fit.ID && p.Mentor.ID != good.ID {
			t.Errorf("proposed %s for Mia", p.Mentor.Name)
		}
	}
}
