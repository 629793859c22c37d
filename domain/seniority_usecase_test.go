package domain_test

import (
	"errors"
	"strings"
	"testing"

	"cairn/domain"
)

// mentorNames are the names of the mentors a mentee may ask in the
// market's programme, best first, and each one's seniority sentence.
func (m *market) mentorNames(by domain.Actor) ([]string, map[string]string) {
	m.t.Helper()
	got, err := m.svc.BrowseMentors(m.ctx, by, m.prog.ID, domain.MentorFilter{})
	m.must(err)
	var names []string
	why := map[string]string{}
	for _, c := range got.Mentors {
		names = append(names, c.Person.Name)
		for _, r := range englishAll(c.Why) {
			if strings.Contains(r, "seniority ") {
				why[c.Person.Name] = r
			}
		}
	}
	return names, why
}

// By default a mentor is more senior than the mentee: browsing leaves
// the others out, a request to one and HR's pairing without an override
// reason are refused and change nothing.
func TestMentorsMoreSeniorByDefault(t *testing.T) {
	m := newMarket(t, domain.MatchingRequest)
	junior := m.person("Jo Junior", "Finance", 1, nil)
	if m.prog.MentorSeniority != domain.MentorMoreSenior || m.prog.MentorsAnyLevel() {
		t.Fatalf("a new programme's rule: %q", m.prog.MentorSeniority)
	}
	if names, _ := m.mentorNames(m.mentee); strings.Join(names, ",") != "Sam Senior" {
		t.Fatalf("mentors = %v", names)
	}
	for _, who := range []domain.Actor{m.peer, junior} {
		before := m.counts()
		_, err := m.svc.CreateRequest(m.ctx, m.mentee, m.prog.ID, domain.RequestInput{MentorID: who.Person.ID})
		var de *domain.Error
		_, fields := englishError(err)
		if !errors.Is(err, domain.ErrInvalid) || !strings.Contains(fields["mentor_id"], "a mentor must be more senior than their mentee") {
			t.Fatalf("asking %s: %v", who.Person.Name, err)
		}
		if after := m.counts(); after != before {
			t.Fatalf("asking %s changed %v -> %v", who.Person.Name, before, after)
		}
		_, err = m.svc.CreatePairing(m.ctx, m.admin, domain.PairingInput{ProgrammeID: m.prog.ID, MentorID: who.Person.ID,
			MenteeID: m.mentee.Person.ID})
		if !errors.As(err, &de) || de.Kind != domain.ErrInvalid || de.Fields["seniority_override_reason"] == "" {
			t.Fatalf("HR pairing %s without a reason: %v", who.Person.Name, err)
		}
		if after := m.counts(); after != before {
			t.Fatalf("HR pairing %s changed %v -> %v", who.Person.Name, before, after)
		}
	}
	sug, err := m.svc.MentorSuggestions(m.ctx, m.admin, m.mentee.Person.ID, m.prog.ID)
	m.must(err)
	for _, s := range sug {
		if s.Person.Seniority <= m.mentee.Person.Seniority {
			t.Errorf("suggested %s (seniority %d)", s.Person.Name, s.Person.Seniority)
		}
	}
	got, err := m.svc.ProposePairs(m.ctx, m.admin, m.prog.ID)
	m.must(err)
	seniority := map[int64]int{}
	for _, a := range []domain.Actor{m.mentee, m.senior, m.peer, m.full, junior} {
		seniority[a.Person.ID] = a.Person.Seniority
	}
	if len(got.Pairs) == 0 {
		t.Fatal("nothing proposed")
	}
	for _, p := range got.Pairs {
		if seniority[p.Mentor.ID] <= seniority[p.Mentee.ID] {
			t.Errorf("proposed %s to mentor %s", p.Mentor.Name, p.Mentee.Name)
		}
	}
}

// A programme that lets any level mentor lists the others too (ranked by
// the score, whose seniority factor says the gap), takes a request to one
// and makes the pairing when they accept; HR pairs them without an override
// reason, and suggestions and proposals offer them.
func TestMentorsAtAnyLevelWhereTheProgrammeAllows(t *testing.T) {
	m := newMarket(t, domain.MatchingRequest)
	junior := m.person("Jo Junior", "Finance", 1, nil)
	anyLevel := domain.MentorAnyLevel
	p, err := m.svc.UpdateProgramme(m.ctx, m.admin, m.prog.ID, domain.ProgrammePatch{MentorSeniority: &anyLevel})
	m.must(err)
	if !p.MentorsAnyLevel() {
		t.Fatalf("programme = %+v", p)
	}
	names, why := m.mentorNames(m.mentee)
	if strings.Join(names, ",") != "Sam Senior,Jo Junior,Pat Peer" {
		t.Fatalf("mentors = %v", names)
	}
	for name, want := range map[string]string{
		"Sam Senior": "3 levels more senior (seniority 6, theirs 3), within the 1 to 3 levels a mentor should be ahead",
		"Pat Peer":   "at the same level (seniority 3, theirs 3), not the 1 to 3 levels ahead this programme looks for",
		"Jo Junior":  "2 levels less senior (seniority 1, theirs 3), not the 1 to 3 levels ahead this programme looks for",
	} {
		if why[name] != want {
			t.Errorf("%s: %q, want %q", name, why[name], want)
		}
	}
	r, err := m.svc.CreateRequest(m.ctx, m.mentee, m.prog.ID, domain.RequestInput{MentorID: junior.Person.ID, Message: "Show me the tools"})
	m.must(err)
	r, err = m.svc.AnswerRequest(m.ctx, junior, r.ID, domain.StepAccept, "")
	m.must(err)
	if r.State != domain.RequestAccepted || r.PairingID == nil {
		t.Fatalf("accepted = %+v", r)
	}
	pair, err := m.svc.GetPairing(m.ctx, m.admin, *r.PairingID)
	m.must(err)
	if pair.MentorID != junior.Person.ID || pair.SeniorityOverrideReason != "" {
		t.Fatalf("pairing = %+v", pair)
	}
	// HR pairs a peer with no reason given.
	other := m.person("Ola Other", "Legal", 3, nil)
	made, err := m.svc.CreatePairing(m.ctx, m.admin, domain.PairingInput{ProgrammeID: m.prog.ID, MentorID: m.peer.Person.ID,
		MenteeID: other.Person.ID})
	m.must(err)
	if made.SeniorityOverrideReason != "" {
		t.Fatalf("pairing = %+v", made)
	}
	// Suggestions and a proposal for the senior offer people below them.
	sug, err := m.svc.MentorSuggestions(m.ctx, m.admin, m.senior.Person.ID, m.prog.ID)
	m.must(err)
	below := false
	for _, s := range sug {
		below = below || s.Person.Seniority < m.senior.Person.Seniority
	}
	if !below {
		t.Errorf("suggestions for %s: %+v", m.senior.Person.Name, sug)
	}
	got, err := m.svc.ProposePairs(m.ctx, m.admin, m.prog.ID)
	m.must(err)
	proposed := false
	for _, pp := range got.Pairs {
		proposed = proposed || pp.Mentee.ID == m.senior.Person.ID
	}
	if !proposed {
		t.Errorf("no mentor proposed for %s: %+v", m.senior.Person.Name, got.Pairs)
	}
	// Back to the default: the same pairing is refused again.
	more := domain.MentorMoreSenior
	_, err = m.svc.UpdateProgramme(m.ctx, m.admin, m.prog.ID, domain.ProgrammePatch{MentorSeniority: &more})
	m.must(err)
	third := m.person("Tia Third", "Legal", 4, nil)
	if _, err := m.svc.CreatePairing(m.ctx, m.admin, domain.PairingInput{ProgrammeID: m.prog.ID, MentorID: m.peer.Person.ID,
		MenteeID: third.Person.ID}); !errors.Is(err, domain.ErrInvalid) {
		t.Fatalf("HR pairing below after the switch back: %v", err)
	}
}

// The setting is checked: a value it does not know, and any level in a
// coaching programme, are refused and change nothing.
func TestMentorSeniorityValidated(t *testing.T) {
	m := newMarket(t, domain.MatchingRequest)
	bad, anyLevel := domain.MentorSeniority("sometimes"), domain.MentorAnyLevel
	coaching, err := m.svc.CreateProgramme(m.ctx, m.admin, domain.Programme{Name: "Coach me", Kind: domain.KindCoaching})
	m.must(err)
	for _, c := range []struct {
		name string
		id   int64
		to   *domain.MentorSeniority
		want string
	}{
		{"unknown value", m.prog.ID, &bad, "must be more_senior or any"},
		{"coaching", coaching.ID, &anyLevel, "applies to mentoring programmes only"},
	} {
		_, err := m.svc.UpdateProgramme(m.ctx, m.admin, c.id, domain.ProgrammePatch{MentorSeniority: c.to})
		_, fields := englishError(err)
		if !errors.Is(err, domain.ErrInvalid) || fields["mentor_seniority"] != c.want {
			t.Errorf("%s: %v", c.name, err)
		}
		p, err := m.svc.GetProgramme(m.ctx, m.admin, c.id)
		m.must(err)
		if p.MentorSeniority != domain.MentorMoreSenior {
			t.Errorf("%s changed the rule to %q", c.name, p.MentorSeniority)
		}
	}
	if _, err := m.svc.CreateProgramme(m.ctx, m.admin, domain.Programme{Name: "Coach too", Kind: domain.KindCoaching,
		MentorSeniority: domain.MentorAnyLevel}); !errors.Is(err, domain.ErrInvalid) {
		t.Errorf("a coaching programme created with any level: %v", err)
	}
}
