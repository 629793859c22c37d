package domain_test

import (
	"testing"

	"cairn/domain"
)

func TestCreatePairingRules(t *testing.T) {
	cases := []struct {
		name  string
		setup func(w *world)
		in    func(w *world) domain.PairingInput
		want  error
		field string // the field the error names, if any
	}{
		{"more senior mentor", nil, func(w *world) domain.PairingInput { return w.pairingIn(w.mentor, w.coachee) }, ok, ""},
		{"equal seniority without a reason", nil, func(w *world) domain.PairingInput { return w.pairingIn(w.outsider, w.coach) }, domain.ErrInvalid, "seniority_override_reason"},
		{"junior mentor without a reason", nil, func(w *world) domain.PairingInput { return w.pairingIn(w.mentee, w.outsider) }, domain.ErrInvalid, "mentor_id"},
		{"junior mentor with an override reason", nil, func(w *world) domain.PairingInput {
			return domain.PairingInput{ProgrammeID: w.mentoring.ID, MentorID: w.mentee.Person.ID, MenteeID: w.outsider.Person.ID,
				SeniorityOverrideReason: "domain expert"}
		}, ok, ""},
		{"blank override reason counts as none", nil, func(w *world) domain.PairingInput {
			return domain.PairingInput{ProgrammeID: w.mentoring.ID, MentorID: w.mentee.Person.ID, MenteeID: w.outsider.Person.ID,
				SeniorityOverrideReason: "   "}
		}, domain.ErrInvalid, "seniority_override_reason"},
		{"mentor is the mentee", nil, func(w *world) domain.PairingInput { return w.pairingIn(w.mentor, w.mentor) }, domain.ErrInvalid, "mentee_id"},
		{"second open pairing of the same two", nil, func(w *world) domain.PairingInput { return w.pairingIn(w.mentor, w.mentee) }, domain.ErrConflict, "mentee_id"},
		{"the same two the other way round", nil, func(w *world) domain.PairingInput {
			return domain.PairingInput{ProgrammeID: w.mentoring.ID, MentorID: w.mentee.Person.ID, MenteeID: w.mentor.Person.ID,
				SeniorityOverrideReason: "reverse mentoring"}
		}, domain.ErrConflict, "mentee_id"},
		{"paused pairing is still open", func(w *world) {
			_, err := w.svc.UpdatePairing(w.ctx, w.admin, w.pairing.ID, domain.PairingPatch{Status: ptr(domain.PairingPaused)})
			w.must(err)
		}, func(w *world) domain.PairingInput { return w.pairingIn(w.mentor, w.mentee) }, domain.ErrConflict, "mentee_id"},
		{"again after the first ended", func(w *world) {
			_, err := w.svc.UpdatePairing(w.ctx, w.admin, w.pairing.ID, domain.PairingPatch{Status: ptr(domain.PairingEnded), EndReason: ptr("done")})
			w.must(err)
		}, func(w *world) domain.PairingInput { return w.pairingIn(w.mentor, w.mentee) }, ok, ""},
		{"mentor at capacity", func(w *world) { w.setMaxMentees(w.mentor, 1) }, func(w *world) domain.PairingInput { return w.pairingIn(w.mentor, w.coachee) }, domain.ErrConflict, "mentor_id"},
		{"mentor at capacity with an override reason", func(w *world) { w.setMaxMentees(w.mentor, 1) }, func(w *world) domain.PairingInput {
			return domain.PairingInput{ProgrammeID: w.mentoring.ID, MentorID: w.mentor.Person.ID, MenteeID: w.coachee.Person.ID,
				CapacityOverrideReason: "one more this quarter"}
		}, ok, ""},
		{"mentor below capacity", func(w *world) { w.setMaxMentees(w.mentor, 2) }, func(w *world) domain.PairingInput { return w.pairingIn(w.mentor, w.coachee) }, ok, ""},
		{"an ended pairing frees its place", func(w *world) {
			w.setMaxMentees(w.mentor, 1)
			_, err := w.svc.UpdatePairing(w.ctx, w.admin, w.pairing.ID, domain.PairingPatch{Status: ptr(domain.PairingEnded), EndReason: ptr("done")})
			w.must(err)
		}, func(w *world) domain.PairingInput { return w.pairingIn(w.mentor, w.coachee) }, ok, ""},
		{"coaching programme", nil, func(w *world) domain.PairingInput {
			return domain.PairingInput{ProgrammeID: w.coaching.ID, MentorID: w.mentor.Person.ID, MenteeID: w.coachee.Person.ID}
		}, domain.ErrInvalid, "programme_id"},
		{"archived programme", func(w *world) {
			_, err := w.svc.UpdateProgramme(w.ctx, w.admin, w.mentoring.ID, domain.ProgrammePatch{Archived: ptr(true)})
			w.must(err)
		}, func(w *world) domain.PairingInput { return w.pairingIn(w.mentor, w.coachee) }, domain.ErrInvalid, "programme_id"},
		{"no such programme", nil, func(w *world) domain.PairingInput {
			return domain.PairingInput{ProgrammeID: 9999, MentorID: w.mentor.Person.ID, MenteeID: w.coachee.Person.ID}
		}, domain.ErrInvalid, "programme_id"},
		{"deactivated mentee", func(w *world) {
			_, err := w.svc.UpdatePerson(w.ctx, w.admin, w.coachee.Person.ID, domain.PersonPatch{Active: ptr(false)})
			w.must(err)
		}, func(w *world) domain.PairingInput { return w.pairingIn(w.mentor, w.coachee) }, domain.ErrInvalid, "mentee_id"},
		{"cadence out of range", nil, func(w *world) domain.PairingInput {
			return domain.PairingInput{ProgrammeID: w.mentoring.ID, MentorID: w.mentor.Person.ID, MenteeID: w.coachee.Person.ID,
				CheckinCadenceDays: ptr(0)}
		}, domain.ErrInvalid, "checkin_cadence_days"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorldWith(t, tc.setup)
			in := tc.in(w)
			p, err := w.svc.CreatePairing(w.ctx, w.admin, in)
			wantKind(t, err, tc.want)
			if tc.field != "" {
				if _, ok := domain.FieldErrors(err)[tc.field]; !ok {
					t.Errorf("error names fields %v, want %s", domain.FieldErrors(err), tc.field)
				}
			}
			stored, _ := w.mem.Ports().Pairings.ListPairings(w.ctx, domain.PairingFilter{MentorID: in.MentorID, MenteeID: in.MenteeID,
				Statuses: []domain.PairingStatus{domain.PairingActive}, Limit: 10})
			if tc.want == nil {
				if p.Status != domain.PairingActive || p.SeniorityOverrideReason != trim(in.SeniorityOverrideReason) ||
					p.CapacityOverrideReason != trim(in.CapacityOverrideReason) {
					t.Errorf("created %+v from %+v", p, in)
				}
				if len(stored) != 1 || stored[0].ID != p.ID {
					t.Errorf("stored %+v, want the new pairing %d", stored, p.ID)
				}
			} else if len(stored) > 0 && stored[len(stored)-1].ID > w.pairing.ID {
				t.Errorf("a refused pairing was stored: %+v", stored)
			}
		})
	}
}

// pairingIn is a pairing of mentor and mentee in the mentoring programme.
func (w *world) pairingIn(mentor, mentee domain.Actor) domain.PairingInput {
	return domain.PairingInput{ProgrammeID: w.mentoring.ID, MentorID: mentor.Person.ID, MenteeID: mentee.Person.ID}
}

func (w *world) setMaxMentees(a domain.Actor, n int) {
	w.t.Helper()
	w.patchPerson(a, domain.PersonPatch{MaxMentees: ptr(&n)})
}

// patchPerson applies p to a, as the admin.
func (w *world) patchPerson(a domain.Actor, p domain.PersonPatch) {
	w.t.Helper()
	_, err := w.svc.UpdatePerson(w.ctx, w.admin, a.Person.ID, p)
	w.must(err)
}

// TestPairingTransitions walks every status change of a pairing.
func TestPairingTransitions(t *testing.T) {
	statuses := []domain.PairingStatus{domain.PairingActive, domain.PairingPaused, domain.PairingEnded}
	allowed := map[[2]domain.PairingStatus]bool{
		{domain.PairingActive, domain.PairingActive}: true, {domain.PairingActive, domain.PairingPaused}: true,
		{domain.PairingActive, domain.PairingEnded}: true, {domain.PairingPaused, domain.PairingPaused}: true,
		{domain.PairingPaused, domain.PairingActive}: true, {domain.PairingPaused, domain.PairingEnded}: true,
	}
	for _, from := range statuses {
		for _, to := range statuses {
			t.Run(string(from)+" to "+string(to), func(t *testing.T) {
				w := newWorld(t)
				w.movePairing(from)
				patch := domain.PairingPatch{Status: ptr(to)}
				if to == domain.PairingEnded {
					patch.EndReason = ptr("moved teams")
				}
				p, err := w.svc.UpdatePairing(w.ctx, w.admin, w.pairing.ID, patch)
				if allowed[[2]domain.PairingStatus{from, to}] {
					wantKind(t, err, ok)
					if p.Status != to {
						t.Errorf("status %s, want %s", p.Status, to)
					}
				} else {
					wantKind(t, err, domain.ErrConflict)
					if cur, _ := w.svc.GetPairing(w.ctx, w.admin, w.pairing.ID); cur.Status != from {
						t.Errorf("refused change left status %s, want %s", cur.Status, from)
					}
				}
			})
		}
	}
}

func (w *world) movePairing(to domain.PairingStatus) {
	w.t.Helper()
	switch to {
	case domain.PairingPaused:
		_, err := w.svc.UpdatePairing(w.ctx, w.admin, w.pairing.ID, domain.PairingPatch{Status: ptr(domain.PairingPaused)})
		w.must(err)
	case domain.PairingEnded:
		_, err := w.svc.UpdatePairing(w.ctx, w.admin, w.pairing.ID, domain.PairingPatch{Status: ptr(domain.PairingEnded), EndReason: ptr("done")})
		w.must(err)
	}
}

func TestEndPairing(t *testing.T) {
	cases := []struct {
		name  string
		patch domain.PairingPatch
		want  error
		field string
	}{
		{"with a reason", domain.PairingPatch{Status: ptr(domain.PairingEnded), EndReason: ptr("goals met")}, ok, ""},
		{"without a reason", domain.PairingPatch{Status: ptr(domain.PairingEnded)}, domain.ErrInvalid, "end_reason"},
		{"before it started", domain.PairingPatch{Status: ptr(domain.PairingEnded), EndReason: ptr("x"),
			EndedOn: ptr(domain.NewDate(2026, 1, 1))}, domain.ErrInvalid, "ended_on"},
		{"in the future", domain.PairingPatch{Status: ptr(domain.PairingEnded), EndReason: ptr("x"),
			EndedOn: ptr(domain.NewDate(2026, 4, 1))}, domain.ErrInvalid, "ended_on"},
		{"an end reason without ending", domain.PairingPatch{EndReason: ptr("x")}, domain.ErrInvalid, "end_reason"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			_, err := w.svc.UpdatePairing(w.ctx, w.admin, w.pairing.ID, tc.patch)
			wantKind(t, err, tc.want)
			if tc.field != "" {
				if _, ok := domain.FieldErrors(err)[tc.field]; !ok {
					t.Errorf("error names fields %v, want %s", domain.FieldErrors(err), tc.field)
				}
			}
			c, err := w.svc.GetCheckin(w.ctx, w.mentee, w.checkin.ID)
			w.must(err)
			wantCheckin := domain.StatusScheduled
			if tc.want == nil {
				wantCheckin = domain.StatusCancelled // ending cancels the scheduled check-ins
			}
			if c.Status != wantCheckin {
				t.Errorf("scheduled check-in is %s, want %s", c.Status, wantCheckin)
			}
		})
	}
}
