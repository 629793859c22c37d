package domain

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Cohort matching: HR proposes mentors for every unpaired mentee of a
// mentoring programme at once. The proposal is the assignment with the
// highest total match score (ScoreMatch) that keeps every mentor within
// their free places (AssignMax, an optimal min-cost flow, not a greedy
// pass); only mentors the eligibility rules (eligibility.go) allow are
// considered for each mentee. HR reviews it, drops pairs and confirms:
// the chosen pairs are created in one transaction through the rules of a
// single pairing (capacity, seniority, one open pair).

// CohortUnlimitedPlaces is how many mentees one proposal gives a mentor
// with no limit on mentees set.
const CohortUnlimitedPlaces = 3

// ProposedPair is one pair of a proposal, with its score and reasons.
type ProposedPair struct {
	Mentor PersonRef `json:"mentor"`
	Mentee PersonRef `json:"mentee"`
	Score  int       `json:"score"`
	// Why are the score's sentences; Reasons the same in the API's words,
	// which the edge writes.
	Why     []Text   `json:"-"`
	Reasons []string `json:"reasons"`
}

// CohortProposal is HR's proposal for a programme: the pairs (by mentee
// name) and the unpaired mentees who have eligible mentors but none left
// with a free place in this proposal (those nobody may mentor at all, such
// as the most senior, are not listed).
type CohortProposal struct {
	Programme Programme
	Pairs     []ProposedPair
	Unmatched []PersonRef
	// Total is the sum of the pairs' scores.
	Total int
}

// PairChoice is one pair HR confirms.
type PairChoice struct {
	MentorID int64 `json:"mentor_id"`
	MenteeID int64 `json:"mentee_id"`
}

// cohortPageSize is how many rows each read of a proposal takes at once.
const cohortPageSize = 500

// allActivePeople reads every active person, page by page.
func (s *Service) allActivePeople(ctx context.Context) ([]Person, error) {
	var out []Person
	var after int64
	for {
		page, err := s.store.People.ListPeople(ctx, PeopleFilter{ActiveOnly: true, Limit: cohortPageSize, After: after})
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) < cohortPageSize {
			return out, nil
		}
		after = page[len(page)-1].ID
	}
}

// allOpenPairings reads every open pairing, page by page.
func (s *Service) allOpenPairings(ctx context.Context) ([]Pairing, error) {
	var out []Pairing
	var after int64
	for {
		page, err := s.store.Pairings.ListPairings(ctx, PairingFilter{Statuses: OpenPairingStatuses(), Limit: cohortPageSize, After: after})
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) < cohortPageSize {
			return out, nil
		}
		after = page[len(page)-1].ID
	}
}

// ProposePairs proposes a mentor for every unpaired mentee of a mentoring
// programme (admins only: members who take part get 403, anyone else
// 404). The mentees are the active colleagues (not external coaches, not
// admins who take no part in it) without an open pairing as mentee in
// it; each may get a mentor the suggestions would offer them (more
// senior unless the programme lets any level mentor, no open pairing with
// them either way, a free place, not an
// admin outside the programme). Nothing is written.
func (s *Service) ProposePairs(ctx context.Context, a Actor, programmeID int64) (CohortProposal, error) {
	prog, err := s.loadProgramme(ctx, s.store, a, programmeID)
	if err != nil {
		return CohortProposal{}, fmt.Errorf("propose pairs in %d: %w", programmeID, err)
	}
	if err := s.requireAdmin(a); err != nil {
		return CohortProposal{}, fmt.Errorf("propose pairs in %d: %w", programmeID, err)
	}
	if !prog.Can.CreatePairing {
		return CohortProposal{}, ConflictText("error.pairing.no_new_pairings", "Programme", prog.Name)
	}
	people, err := s.allActivePeople(ctx)
	if err != nil {
		return CohortProposal{}, fmt.Errorf("propose pairs in %d: %w", programmeID, err)
	}
	open, err := s.allOpenPairings(ctx)
	if err != nil {
		return CohortProposal{}, fmt.Errorf("propose pairs in %d: %w", programmeID, err)
	}
	load := map[int64]int{}
	paired := map[[2]int64]bool{}
	hasMentor := map[int64]bool{}
	for _, p := range open {
		load[p.MentorID]++
		paired[[2]int64{p.MentorID, p.MenteeID}] = true
		paired[[2]int64{p.MenteeID, p.MentorID}] = true
		if p.ProgrammeID == programmeID {
			hasMentor[p.MenteeID] = true
		}
	}
	inProg := map[int64]bool{}
	for _, p := range people {
		if p.IsAdmin() {
			if inProg[p.ID], err = s.store.Programmes.PersonInProgramme(ctx, programmeID, p.ID); err != nil {
				return CohortProposal{}, fmt.Errorf("propose pairs in %d: %w", programmeID, err)
			}
		}
	}
	var mentees []Person
	var mentors []MentorCandidate
	mentorIdx := map[int64]int{}
	var caps []int
	for _, p := range people {
		if mayBeMentored(p) && !hasMentor[p.ID] && (!p.IsAdmin() || inProg[p.ID]) {
			mentees = append(mentees, p)
		}
		c := MentorCandidate{Person: p, OpenMentees: load[p.ID]}
		// Any mentee but this person: eligibility without the mentee's id.
		if !mentorEligible(c, 0, inProg[p.ID]) {
			continue
		}
		places := CohortUnlimitedPlaces
		if p.MaxMentees != nil {
			places = *p.MaxMentees - c.OpenMentees
		}
		mentorIdx[p.ID] = len(mentors)
		mentors = append(mentors, c)
		caps = append(caps, places)
	}
	m, err := s.matcherFor(ctx, s.store, programmeID)
	if err != nil {
		return CohortProposal{}, fmt.Errorf("propose pairs in %d: %w", programmeID, err)
	}
	menteeIDs := make([]int64, len(mentees))
	for i, x := range mentees {
		menteeIDs[i] = x.ID
	}
	profiles, err := withProfiles(ctx, s.store, mentors, menteeIDs...)
	if err != nil {
		return CohortProposal{}, fmt.Errorf("propose pairs in %d: %w", programmeID, err)
	}
	edges := make([][]AssignEdge, len(mentees))
	for i, e := range mentees {
		for j, c := range mentors {
			if c.Person.ID == e.ID || !prog.seniorEnough(c.Person, e) || paired[[2]int64{c.Person.ID, e.ID}] {
				continue
			}
			edges[i] = append(edges[i], AssignEdge{Mentor: j, Score: m.Points(c, e, profiles[e.ID])})
		}
	}
	got := AssignMax(edges, caps)
	out := CohortProposal{Programme: prog, Pairs: []ProposedPair{}, Unmatched: []PersonRef{}}
	for i, j := range got {
		e := mentees[i]
		if j < 0 {
			if len(edges[i]) > 0 { // someone could mentor them, but not in this proposal
				out.Unmatched = append(out.Unmatched, PersonRef{ID: e.ID, Name: e.Name})
			}
			continue
		}
		c := mentors[j]
		sc := m.Score(c, e, profiles[e.ID])
		out.Pairs = append(out.Pairs, ProposedPair{Mentor: PersonRef{ID: c.Person.ID, Name: c.Person.Name},
			Mentee: PersonRef{ID: e.ID, Name: e.Name}, Score: sc.Total, Why: sc.Reasons()})
		out.Total += sc.Total
	}
	byName := func(x, y PersonRef) int {
		if c := strings.Compare(x.Name, y.Name); c != 0 {
			return c
		}
		return int(x.ID - y.ID)
	}
	slices.SortStableFunc(out.Pairs, func(x, y ProposedPair) int { return byName(x.Mentee, y.Mentee) })
	slices.SortStableFunc(out.Unmatched, byName)
	return out, nil
}

// maxConfirmedPairs bounds one confirmation.
const maxConfirmedPairs = 2000

// ConfirmPairs creates the chosen pairs of a proposal in the programme,
// all in one transaction or none (admins only: members who take part get
// 403, anyone else 404). Each pair passes the rules of a single pairing
// (CreatePairing: a mentor more senior unless the programme lets any level
// mentor, a free place, no open pairing between the two) and its mentee may have no open pairing in the
// programme already; the first pair that fails names itself and nothing
// is created. Both people of every pair are told by email and in the app.
func (s *Service) ConfirmPairs(ctx context.Context, a Actor, programmeID int64, pairs []PairChoice) ([]Pairing, error) {
	prog, err := s.loadProgramme(ctx, s.store, a, programmeID)
	if err != nil {
		return nil, fmt.Errorf("confirm pairs in %d: %w", programmeID, err)
	}
	if err := s.requireAdmin(a); err != nil {
		return nil, fmt.Errorf("confirm pairs in %d: %w", programmeID, err)
	}
	switch {
	case len(pairs) == 0:
		return nil, InvalidText("pairs", "error.cohort.none_chosen")
	case len(pairs) > maxConfirmedPairs:
		return nil, InvalidText("pairs", "error.cohort.too_many", "Max", maxConfirmedPairs)
	}
	var ids []int64
	seen := map[int64]bool{}
	for _, p := range pairs {
		if p.MentorID <= 0 || p.MenteeID <= 0 {
			return nil, InvalidText("pairs", "error.cohort.half_pair")
		}
		if seen[p.MenteeID] {
			return nil, InvalidText("pairs", "error.cohort.mentee_twice")
		}
		seen[p.MenteeID] = true
		ids = append(ids, p.MentorID, p.MenteeID)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	now := s.clock.Now()
	var out []Pairing
	err = s.inTx(ctx, func(tx Ports) error {
		if err := tx.People.LockPeople(ctx, ids...); err != nil {
			return err
		}
		for _, ch := range pairs {
			p, err := s.pairInProgramme(ctx, tx, a, prog, PairingInput{ProgrammeID: prog.ID, MentorID: ch.MentorID, MenteeID: ch.MenteeID}, false)
			if err != nil {
				return err
			}
			if err := s.tellPaired(ctx, tx, a, prog, p, now); err != nil {
				return err
			}
			p.Can = PairingAbilitiesOf(a, p)
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("confirm pairs in %s: %w", prog.Name, err)
	}
	return out, nil
}

// pairInProgramme checks a pairing of the programme by HR's rules
// (checkPairing: a mentor more senior unless the programme lets any level
// mentor, a free place, no open pairing between the two) and that its mentee has no open pairing in the programme yet,
// and unless check is set creates it, audited. An error names the pair.
func (s *Service) pairInProgramme(ctx context.Context, tx Ports, a Actor, prog Programme, in PairingInput, check bool) (Pairing, error) {
	var v ValidationError
	p, full, err := s.checkPairing(in, storeLookup{ctx: ctx, st: tx}, &v)
	if err != nil {
		return Pairing{}, err
	}
	who := Text{Key: "error.cohort.pair_ids", Args: []any{"Mentor", in.MentorID, "Mentee", in.MenteeID}}
	if p.Mentor.Name != "" && p.Mentee.Name != "" {
		who = Text{Key: "error.cohort.pair_names", Args: []any{"Mentor", p.Mentor.Name, "Mentee", p.Mentee.Name}}
	}
	if err := v.Err(); err != nil {
		return Pairing{}, namePair(who, err)
	}
	if full != nil {
		return Pairing{}, namePair(who, errCapacityText("mentor_id", *full))
	}
	has, err := tx.Pairings.ListPairings(ctx, PairingFilter{ProgrammeID: prog.ID, MenteeID: in.MenteeID,
		Statuses: OpenPairingStatuses(), Limit: 1})
	if err != nil {
		return Pairing{}, err
	}
	if len(has) > 0 {
		return Pairing{}, ConflictText("error.pairing.has_mentor", "Mentee", p.Mentee.Name, "Programme", prog.Name, "Mentor", has[0].Mentor.Name)
	}
	if check {
		return p, nil
	}
	if err := tx.Pairings.CreatePairing(ctx, &p); err != nil {
		if errors.Is(err, ErrConflict) {
			return Pairing{}, namePair(who, errPairingOpen())
		}
		return Pairing{}, err
	}
	return p, tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "create", ObjectType: "pairing",
		ObjectID: p.ID, Changes: diff(nil, pairingAuditFields(p)), At: s.clock.Now()})
}

// tellPaired tells both people of a pairing made from a proposal, by
// email through the outbox (active people only) and in the app (not the
// admin who confirmed it, were they one of the two).
func (s *Service) tellPaired(ctx context.Context, tx Ports, a Actor, prog Programme, p Pairing, now time.Time) error {
	base, host := s.cfg.BaseURL, "cairn.localhost"
	if s.notify != nil {
		base, host = s.notify.cfg.BaseURL, s.notify.host
	}
	link := fmt.Sprintf("/pairings/%d", p.ID)
	for _, to := range []struct {
		id         int64
		subjectKey string
		other      string
	}{
		{p.MentorID, "inapp.paired.mentor", p.Mentee.Name},
		{p.MenteeID, "inapp.paired.mentee", p.Mentor.Name},
	} {
		person, err := tx.People.PersonByID(ctx, to.id)
		if err != nil {
			return err
		}
		w := s.wordsFor(person)
		subject := w.T(to.subjectKey, "Name", to.other)
		said := w.T("inapp.paired.body", "By", a.Person.Name, "Name", to.other, "Programme", prog.Name)
		if person.Active {
			msg := OutboxMessage{Kind: OutboxPairing, RecipientID: &person.ID, To: person.Email, ToName: person.Name,
				Subject: subject, Text: w.letter(person.Name, said+"\n"+base+link),
				MessageID: fmt.Sprintf("pairing-%d.%d@%s", p.ID, person.ID, host),
				State:     OutboxQueued, NextAttemptAt: now, CreatedAt: now}
			if err := tx.Outbox.EnqueueMail(ctx, &msg); err != nil {
				return err
			}
		}
		if to.id == a.Person.ID {
			continue // nobody is notified in the app of their own action
		}
		n := Notification{RecipientID: to.id, Kind: "pairing", Subject: subject, Body: said, Link: link, CreatedAt: now}
		if err := tx.Notifications.InsertNotification(ctx, &n); err != nil {
			return err
		}
	}
	return nil
}

// namePair puts the pair a confirmation failed on in front of the
// error's message, which is what the person reads: for a validation
// error, its first field's reason, by key where it was given so.
func namePair(who Text, err error) error {
	var de *Error
	if errors.As(err, &de) {
		var why any = de.Msg
		if t, ok := refusalText(err); ok {
			why = t
		}
		t := Text{Key: "error.about_pair", Args: []any{"Pair", who, "Why", why}}
		return &Error{Kind: de.Kind, Msg: t.String(), Text: &t, Fields: de.Fields, FieldTexts: de.FieldTexts}
	}
	return fmt.Errorf("%s: %w", who, err)
}

// ReviewPairs scores pairs HR chose or changed (swapped two mentors, say)
// as a proposal shows them, in the programme (admins only: members who
// take part get 403, anyone else 404). Each person must exist; the rules
// of a pairing are checked when the pairs are confirmed, so a pair that
// breaks one is scored as it is (a mentor who is not more senior earns no
// seniority points) and refused at ConfirmPairs. Nothing is written.
func (s *Service) ReviewPairs(ctx context.Context, a Actor, programmeID int64, pairs []PairChoice) (CohortProposal, error) {
	prog, err := s.loadProgramme(ctx, s.store, a, programmeID)
	if err != nil {
		return CohortProposal{}, fmt.Errorf("review pairs in %d: %w", programmeID, err)
	}
	if err := s.requireAdmin(a); err != nil {
		return CohortProposal{}, fmt.Errorf("review pairs in %d: %w", programmeID, err)
	}
	if len(pairs) > maxConfirmedPairs {
		return CohortProposal{}, InvalidText("pairs", "error.cohort.too_many", "Max", maxConfirmedPairs)
	}
	open, err := s.allOpenPairings(ctx)
	if err != nil {
		return CohortProposal{}, fmt.Errorf("review pairs in %d: %w", programmeID, err)
	}
	load := map[int64]int{}
	for _, p := range open {
		load[p.MentorID]++
	}
	m, err := s.matcherFor(ctx, s.store, programmeID)
	if err != nil {
		return CohortProposal{}, fmt.Errorf("review pairs in %d: %w", programmeID, err)
	}
	people := map[int64]Person{}
	for _, ch := range pairs {
		for _, id := range []int64{ch.MentorID, ch.MenteeID} {
			if _, ok := people[id]; ok {
				continue
			}
			p, err := s.store.People.PersonByID(ctx, id)
			if errors.Is(err, ErrNotFound) {
				return CohortProposal{}, InvalidText("pairs", "error.cohort.unknown_person")
			}
			if err != nil {
				return CohortProposal{}, fmt.Errorf("review pairs in %d: %w", programmeID, err)
			}
			people[id] = p
		}
	}
	ids := slices.Collect(maps.Keys(people))
	profiles, err := s.store.Profiles.ProfilesOf(ctx, ids)
	if err != nil {
		return CohortProposal{}, fmt.Errorf("review pairs in %d: %w", programmeID, err)
	}
	out := CohortProposal{Programme: prog, Pairs: []ProposedPair{}, Unmatched: []PersonRef{}}
	for _, ch := range pairs {
		mentor, mentee := people[ch.MentorID], people[ch.MenteeID]
		sc := m.Score(MentorCandidate{Person: mentor, OpenMentees: load[mentor.ID], Profile: profiles[mentor.ID]}, mentee, profiles[mentee.ID])
		out.Pairs = append(out.Pairs, ProposedPair{Mentor: PersonRef{ID: mentor.ID, Name: mentor.Name},
			Mentee: PersonRef{ID: mentee.ID, Name: mentee.Name}, Score: sc.Total, Why: sc.Reasons()})
		out.Total += sc.Total
	}
	return out, nil
}

// SwapMentors exchanges the mentors of the pairs of two mentees; the other
// pairs stay as they are. Each mentee must have a pair.
func SwapMentors(pairs []PairChoice, menteeA, menteeB int64) ([]PairChoice, error) {
	i := slices.IndexFunc(pairs, func(p PairChoice) bool { return p.MenteeID == menteeA })
	j := slices.IndexFunc(pairs, func(p PairChoice) bool { return p.MenteeID == menteeB })
	if i < 0 || j < 0 || i == j {
		return nil, InvalidText("swap", "error.cohort.swap")
	}
	out := slices.Clone(pairs)
	out[i].MentorID, out[j].MentorID = pairs[j].MentorID, pairs[i].MentorID
	return out, nil
}
