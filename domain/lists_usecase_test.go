package domain_test

import (
	"slices"
	"testing"
	"time"

	"cairn/domain"
)

func pairingIDs(ps []domain.Pairing) []int64 {
	out := make([]int64, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}

// A member's person filter narrows their own list to what they share with
// that person; it never widens it to someone else's.
func TestListPairingsPersonFilterStaysOwn(t *testing.T) {
	w := newWorld(t)
	other := w.person("Olga Other", "olga@example.org", 2, false)
	second, err := w.svc.CreatePairing(w.ctx, w.admin, domain.PairingInput{ProgrammeID: w.mentoring.ID,
		MentorID: w.mentor.Person.ID, MenteeID: other.Person.ID})
	w.must(err)
	for _, c := range []struct {
		name   string
		a      domain.Actor
		person int64
		want   []int64
	}{
		{"admin, by person", w.admin, other.Person.ID, []int64{second.ID}},
		{"admin, all", w.admin, 0, []int64{w.pairing.ID, second.ID}},
		{"mentor, own", w.mentor, 0, []int64{w.pairing.ID, second.ID}},
		{"mentor, with one mentee", w.mentor, other.Person.ID, []int64{second.ID}},
		{"mentee, with a stranger to them", w.mentee, other.Person.ID, []int64{}},
		{"mentee, themselves", w.mentee, w.mentee.Person.ID, []int64{w.pairing.ID}},
		{"outsider, with the mentor", w.outsider, w.mentor.Person.ID, []int64{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ps, err := w.svc.ListPairings(w.ctx, c.a, domain.PairingFilter{PersonID: c.person})
			w.must(err)
			if got := pairingIDs(ps); !slices.Equal(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
	es, err := w.svc.ListEngagements(w.ctx, w.coachee, domain.EngagementFilter{PersonID: w.outsider.Person.ID})
	w.must(err)
	if len(es) != 0 {
		t.Errorf("coachee filtering by an outsider sees %d engagements, want none", len(es))
	}
	es, err = w.svc.ListEngagements(w.ctx, w.coachee, domain.EngagementFilter{PersonID: w.coach.Person.ID})
	w.must(err)
	if len(es) != 1 {
		t.Errorf("coachee filtering by their coach sees %d engagements, want 1", len(es))
	}
}

// Keyset pages: After walks forward, Before walks back, both in id order.
func TestListPairingsPages(t *testing.T) {
	w := newWorld(t)
	ids := []int64{w.pairing.ID}
	for i := range 4 {
		p := w.person("Mentee "+string(rune('A'+i)), string(rune('a'+i))+"@example.org", 1, false)
		x, err := w.svc.CreatePairing(w.ctx, w.admin, domain.PairingInput{ProgrammeID: w.mentoring.ID,
			MentorID: w.mentor.Person.ID, MenteeID: p.Person.ID})
		w.must(err)
		ids = append(ids, x.ID)
	}
	page := func(f domain.PairingFilter) []int64 {
		f.Limit = 2
		ps, err := w.svc.ListPairings(w.ctx, w.admin, f)
		w.must(err)
		return pairingIDs(ps)
	}
	if got := page(domain.PairingFilter{}); !slices.Equal(got, ids[:2]) {
		t.Errorf("first page %v, want %v", got, ids[:2])
	}
	if got := page(domain.PairingFilter{After: ids[1]}); !slices.Equal(got, ids[2:4]) {
		t.Errorf("next page %v, want %v", got, ids[2:4])
	}
	if got := page(domain.PairingFilter{Before: ids[4]}); !slices.Equal(got, ids[2:4]) {
		t.Errorf("page before the last %v, want %v", got, ids[2:4])
	}
	if got := page(domain.PairingFilter{Before: ids[1]}); !slices.Equal(got, ids[:1]) {
		t.Errorf("page before the second %v, want %v", got, ids[:1])
	}
}

// The mentor picker and the suggestions offer only eligible people: no
// admin outside the programme, no external coach, nobody full, not the
// mentee nor their current mentor.
func TestMentorChoicesOnlyEligible(t *testing.T) {
	w := newWorld(t)
	full := w.person("Fiona Full", "fiona@example.org", 8, false)
	one := 1
	_, err := w.svc.UpdatePerson(w.ctx, w.admin, full.Person.ID, domain.PersonPatch{MaxMentees: ptr(&one)})
	w.must(err)
	_, err = w.svc.CreatePairing(w.ctx, w.admin, domain.PairingInput{ProgrammeID: w.mentoring.ID,
		MentorID: full.Person.ID, MenteeID: w.coachee.Person.ID})
	w.must(err)
	junior := w.person("Jay Junior", "jay@example.org", 2, false)
	w.person("Sam Senior", "sam@example.org", 9, false)
	names := func(cs []domain.MentorChoice) []string {
		out := []string{}
		for _, c := range cs {
			out = append(out, c.Person.Name)
		}
		return out
	}
	cs, err := w.svc.MentorChoices(w.ctx, w.admin, w.mentoring.ID, w.mentee.Person.ID)
	w.must(err)
	// Not Ada Admin (not in the programme), Cora Coach (external), Fiona
	// Full (at capacity), Milo Mentee (the mentee), Mona Mentor (his mentor).
	if got, want := names(cs), []string{"Cody Coachee", "Jay Junior", "Otto Outsider", "Sam Senior"}; !slices.Equal(got, want) {
		t.Errorf("choices %v, want %v", got, want)
	}
	for _, c := range cs {
		if want := c.Person.ID == junior.Person.ID; c.LessSenior != want {
			t.Errorf("%s: less senior %v, want %v", c.Person.Name, c.LessSenior, want)
		}
	}
	// An admin who mentors in the programme is offered there.
	_, err = w.svc.CreatePairing(w.ctx, w.admin, domain.PairingInput{ProgrammeID: w.mentoring.ID,
		MentorID: w.admin.Person.ID, MenteeID: w.outsider.Person.ID, SeniorityOverrideReason: "test"})
	w.must(err)
	cs, err = w.svc.MentorChoices(w.ctx, w.admin, w.mentoring.ID, w.mentee.Person.ID)
	w.must(err)
	if !slices.Contains(names(cs), "Ada Admin") {
		t.Errorf("choices %v leave out the admin who mentors in the programme", names(cs))
	}
	other := w.programme("Other mentoring", domain.KindMentoring)
	cs, err = w.svc.MentorChoices(w.ctx, w.admin, other.ID, w.mentee.Person.ID)
	w.must(err)
	if slices.Contains(names(cs), "Ada Admin") {
		t.Errorf("choices %v offer the admin in a programme she takes no part in", names(cs))
	}

	// Suggestions: more senior only, same exclusions; refused where the
	// mentee has a mentor already.
	sug, err := w.svc.MentorSuggestions(w.ctx, w.admin, w.mentee.Person.ID, other.ID)
	w.must(err)
	var got []string
	for _, s := range sug {
		got = append(got, s.Person.Name)
	}
	if want := []string{"Cody Coachee", "Otto Outsider", "Sam Senior"}; !slices.Equal(got, want) {
		t.Errorf("suggestions %v, want %v", got, want)
	}
	_, err = w.svc.MentorSuggestions(w.ctx, w.admin, w.mentee.Person.ID, w.mentoring.ID)
	wantKind(t, err, domain.ErrConflict)
	_, err = w.svc.MentorSuggestions(w.ctx, w.admin, w.coach.Person.ID, other.ID)
	wantKind(t, err, domain.ErrConflict)
	_, err = w.svc.MentorSuggestions(w.ctx, w.admin, w.mentee.Person.ID, w.coaching.ID)
	wantKind(t, err, domain.ErrInvalid)
}

// A person's page: the relationships the viewer may know of, the load for
// admins and the person, the meetings ahead the viewer may see, and where
// mentors may be suggested.
func TestPersonOverview(t *testing.T) {
	w := newWorld(t)
	other := w.programme("Other mentoring", domain.KindMentoring)
	o, err := w.svc.PersonOverview(w.ctx, w.admin, w.mentor.Person.ID)
	w.must(err)
	if len(o.Pairings) != 1 || o.Pairings[0].MenteeID != w.mentee.Person.ID {
		t.Errorf("admin sees pairings %+v, want the one with the mentee", o.Pairings)
	}
	if o.Mentees == nil || o.Mentees.Open != 1 {
		t.Errorf("admin sees mentor load %+v, want 1 open", o.Mentees)
	}
	if len(o.Upcoming) != 1 || o.Upcoming[0].ID != w.checkin.ID || o.Upcoming[0].Role != "mentor" {
		t.Errorf("admin sees upcoming %+v, want the check-in, as mentor", o.Upcoming)
	}
	// Mentors for the mentor: in both programmes (she has no mentor).
	if !o.Person.Can.SuggestMentors || len(o.SuggestIn) != 2 {
		t.Errorf("suggest in %d programmes (can %v), want 2", len(o.SuggestIn), o.Person.Can.SuggestMentors)
	}
	// The mentee has a mentor in one programme: only the other is offered.
	o, err = w.svc.PersonOverview(w.ctx, w.admin, w.mentee.Person.ID)
	w.must(err)
	if len(o.SuggestIn) != 1 || o.SuggestIn[0].ID != other.ID {
		t.Errorf("suggest in %+v, want only %s", o.SuggestIn, other.Name)
	}
	// An outsider sees the mentor but none of her relationships, load or meetings.
	o, err = w.svc.PersonOverview(w.ctx, w.outsider, w.mentor.Person.ID)
	w.must(err)
	if len(o.Pairings)+len(o.Engagements)+len(o.Upcoming) != 0 || o.Mentees != nil || o.Person.Can.SuggestMentors {
		t.Errorf("outsider sees %d pairings, %d engagements, %d meetings, load %v, suggest %v",
			len(o.Pairings), len(o.Engagements), len(o.Upcoming), o.Mentees, o.Person.Can.SuggestMentors)
	}
	// The mentee sees what they share with the mentor.
	o, err = w.svc.PersonOverview(w.ctx, w.mentee, w.mentor.Person.ID)
	w.must(err)
	if len(o.Pairings) != 1 || len(o.Upcoming) != 1 || o.Mentees != nil {
		t.Errorf("mentee sees %d pairings, %d meetings, load %v; want 1, 1, none", len(o.Pairings), len(o.Upcoming), o.Mentees)
	}
	// The coachee sees themselves with their load and their session.
	o, err = w.svc.PersonOverview(w.ctx, w.coachee, w.coachee.Person.ID)
	w.must(err)
	if len(o.Engagements) != 1 || o.Coachees == nil || len(o.Upcoming) != 1 || o.Upcoming[0].Role != "coachee" {
		t.Errorf("coachee sees %d engagements, load %v, upcoming %+v", len(o.Engagements), o.Coachees, o.Upcoming)
	}
	// A meeting beyond the window is not listed.
	w.clock.Set(start.Add(-(domain.PersonUpcomingDays + 1) * 24 * time.Hour))
	o, err = w.svc.PersonOverview(w.ctx, w.admin, w.mentor.Person.ID)
	w.must(err)
	if len(o.Upcoming) != 0 {
		t.Errorf("upcoming %+v, want none beyond %d days", o.Upcoming, domain.PersonUpcomingDays)
	}
}

// The audit log pages newest first both ways, filters by action and names
// each object by its people.
func TestAuditLogPagesAndNames(t *testing.T) {
	w := newWorld(t)
	all, err := w.svc.AuditLog(w.ctx, w.admin, domain.AuditFilter{Limit: 500})
	w.must(err)
	if len(all) < 6 {
		t.Fatalf("only %d entries", len(all))
	}
	page, err := w.svc.AuditLog(w.ctx, w.admin, domain.AuditFilter{Limit: 2, Before: all[3].ID})
	w.must(err)
	if len(page) != 2 || page[0].ID != all[4].ID || page[1].ID != all[5].ID {
		t.Errorf("older page %+v", page)
	}
	page, err = w.svc.AuditLog(w.ctx, w.admin, domain.AuditFilter{Limit: 2, After: all[3].ID})
	w.must(err)
	if len(page) != 2 || page[0].ID != all[1].ID || page[1].ID != all[2].ID {
		t.Errorf("newer page %+v", page)
	}
	created, err := w.svc.AuditLog(w.ctx, w.admin, domain.AuditFilter{Action: "create", ObjectType: "pairing", Limit: 10})
	w.must(err)
	if len(created) != 1 || created[0].Subject() != "Mona Mentor and Milo Mentee" {
		t.Errorf("pairing creations %+v", created)
	}
	sessions, err := w.svc.AuditLog(w.ctx, w.admin, domain.AuditFilter{ObjectType: "session", Limit: 10})
	w.must(err)
	if len(sessions) == 0 || sessions[0].Subject() != "Cora Coach and Cody Coachee" {
		t.Errorf("session entries %+v", sessions)
	}
}

// A health filter keeps the open relationships of that health and pages
// like the others, both ways.
func TestListPairingsByHealth(t *testing.T) {
	w := newWorld(t)
	for i := range 4 {
		p := w.person("Mentee "+string(rune('A'+i)), string(rune('a'+i))+"@example.org", 1, false)
		x, err := w.svc.CreatePairing(w.ctx, w.admin, domain.PairingInput{ProgrammeID: w.mentoring.ID,
			MentorID: w.mentor.Person.ID, MenteeID: p.Person.ID, StartedOn: domain.NewDate(2025, 10, 1)})
		w.must(err)
		if i%2 == 1 {
			ended := domain.PairingEnded
			_, err := w.svc.UpdatePairing(w.ctx, w.admin, x.ID, domain.PairingPatch{Status: &ended, EndReason: ptr("done")})
			w.must(err)
		}
	}
	all, err := w.svc.ListPairings(w.ctx, w.admin, domain.PairingFilter{})
	w.must(err)
	want := map[domain.Health][]int64{}
	for _, p := range all {
		if p.Status.IsOpen() != (p.Health != "") {
			t.Errorf("pairing %d (%s) has health %q", p.ID, p.Status, p.Health)
		}
		if p.Health != "" {
			want[p.Health] = append(want[p.Health], p.ID)
		}
	}
	for _, h := range domain.Healths {
		var got []int64
		var after int64
		for {
			ps, err := w.svc.ListPairings(w.ctx, w.admin, domain.PairingFilter{Health: h, Limit: 1, After: after})
			w.must(err)
			if len(ps) == 0 {
				break
			}
			if ps[0].Health != h {
				t.Errorf("%s filter gave a pairing of %s", h, ps[0].Health)
			}
			got, after = append(got, ps[0].ID), ps[0].ID
		}
		if !slices.Equal(got, want[h]) {
			t.Errorf("%s: paged %v, want %v", h, got, want[h])
		}
		if n := len(want[h]); n > 1 {
			back, err := w.svc.ListPairings(w.ctx, w.admin, domain.PairingFilter{Health: h, Limit: 1, Before: want[h][n-1]})
			w.must(err)
			if len(back) != 1 || back[0].ID != want[h][n-2] {
				t.Errorf("%s: page before the last %v, want %d", h, pairingIDs(back), want[h][n-2])
			}
		}
	}
	_, err = w.svc.ListPairings(w.ctx, w.admin, domain.PairingFilter{Health: "fine"})
	wantKind(t, err, domain.ErrInvalid)
	_, err = w.svc.ListEngagements(w.ctx, w.admin, domain.EngagementFilter{Health: "fine"})
	wantKind(t, err, domain.ErrInvalid)
	es, err := w.svc.ListEngagements(w.ctx, w.coachee, domain.EngagementFilter{Health: w.mustEngagementHealth()})
	w.must(err)
	if len(es) != 1 {
		t.Errorf("the coachee's engagement of its own health: %d", len(es))
	}
}

func (w *world) mustEngagementHealth() domain.Health {
	e, err := w.svc.GetEngagement(w.ctx, w.admin, w.engagement.ID)
	w.must(err)
	return e.Health
}
