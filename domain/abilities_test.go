package domain_test

import (
	"testing"
	"time"

	"cairn/domain"
)

// The five viewers every ability is decided for: an admin, the leader
// (mentor or coach) and the learner (mentee or coachee) of the object, a
// member with no part in it and an outside coach with no part in it.
var (
	abAdmin    = domain.Actor{Person: domain.Person{ID: 1, Role: domain.RoleAdmin, Active: true}}
	abLeader   = domain.Actor{Person: domain.Person{ID: 2, Role: domain.RoleMember, Active: true}}
	abLearner  = domain.Actor{Person: domain.Person{ID: 3, Role: domain.RoleMember, Active: true}}
	abOutsider = domain.Actor{Person: domain.Person{ID: 4, Role: domain.RoleMember, Active: true}}
	abExternal = domain.Actor{Person: domain.Person{ID: 5, Role: domain.RoleMember, Active: true, External: true}}
	// A deactivated admin is no admin.
	abFormerAdmin = domain.Actor{Person: domain.Person{ID: 6, Role: domain.RoleAdmin, Active: false}}
)

func TestEngagementAbilities(t *testing.T) {
	open := domain.Engagement{ID: 10, CoachID: abLeader.Person.ID, CoacheeID: abLearner.Person.ID, Status: domain.EngagementActive}
	closed := open
	closed.Status = domain.EngagementCompleted
	reviewed := closed
	reviewed.CoacheeReview = &domain.CoacheeReview{Rating: 4, GoalOutcome: domain.OutcomeAchieved}
	all := domain.EngagementAbilities{Edit: true, UpdateProgress: true, Close: true, Cancel: true, ScheduleSession: true,
		SeeNotes: true, SeePrivateNotes: true, Nudge: true, Extend: true}
	for _, c := range []struct {
		name string
		a    domain.Actor
		e    domain.Engagement
		want domain.EngagementAbilities
	}{
		{"admin, open", abAdmin, open, domain.EngagementAbilities{Edit: true, UpdateProgress: true, Close: true, Cancel: true, Nudge: true}},
		{"coach, open", abLeader, open, domain.EngagementAbilities{UpdateProgress: true, Close: true, ScheduleSession: true,
			SeeNotes: true, SeePrivateNotes: true, Extend: true}},
		{"coachee, open", abLearner, open, domain.EngagementAbilities{ScheduleSession: true, SeeNotes: true, SeePrivateNotes: true}},
		{"outsider, open", abOutsider, open, domain.EngagementAbilities{}},
		{"external coach of another, open", abExternal, open, domain.EngagementAbilities{}},
		{"deactivated admin, open", abFormerAdmin, open, domain.EngagementAbilities{}},
		{"admin, closed", abAdmin, closed, domain.EngagementAbilities{}},
		{"coach, closed", abLeader, closed, domain.EngagementAbilities{SeeNotes: true, SeePrivateNotes: true}},
		{"coachee, closed", abLearner, closed, domain.EngagementAbilities{SeeNotes: true, SeePrivateNotes: true, Review: true}},
		{"coachee, closed and reviewed", abLearner, reviewed, domain.EngagementAbilities{SeeNotes: true, SeePrivateNotes: true}},
		{"admin coaching, open", abAdmin, domain.Engagement{CoachID: abAdmin.Person.ID, CoacheeID: 3, Status: domain.EngagementActive}, all},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := domain.EngagementAbilitiesOf(c.a, c.e); got != c.want {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestPairingAbilities(t *testing.T) {
	p := func(st domain.PairingStatus) domain.Pairing {
		return domain.Pairing{ID: 20, MentorID: abLeader.Person.ID, MenteeID: abLearner.Person.ID, Status: st}
	}
	meet := domain.PairingAbilities{AddCheckin: true, SeeNotes: true, SeePrivateNotes: true}
	read := domain.PairingAbilities{SeeNotes: true, SeePrivateNotes: true}
	for _, c := range []struct {
		name string
		a    domain.Actor
		p    domain.Pairing
		want domain.PairingAbilities
	}{
		{"admin, active", abAdmin, p(domain.PairingActive), domain.PairingAbilities{Edit: true, Pause: true, Close: true, Nudge: true}},
		{"admin, paused", abAdmin, p(domain.PairingPaused), domain.PairingAbilities{Edit: true, Resume: true, Close: true}},
		{"admin, ended", abAdmin, p(domain.PairingEnded), domain.PairingAbilities{}},
		{"mentor, active", abLeader, p(domain.PairingActive), meet},
		{"mentee, active", abLearner, p(domain.PairingActive), meet},
		{"mentee, paused", abLearner, p(domain.PairingPaused), read},
		{"mentor, ended", abLeader, p(domain.PairingEnded), read},
		{"outsider, active", abOutsider, p(domain.PairingActive), domain.PairingAbilities{}},
		{"external coach, active", abExternal, p(domain.PairingActive), domain.PairingAbilities{}},
		{"deactivated admin, active", abFormerAdmin, p(domain.PairingActive), domain.PairingAbilities{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := domain.PairingAbilitiesOf(c.a, c.p); got != c.want {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestProgrammeAbilities(t *testing.T) {
	mentoring := domain.Programme{ID: 30, Kind: domain.KindMentoring}
	coaching := domain.Programme{ID: 31, Kind: domain.KindCoaching}
	archived := domain.Programme{ID: 32, Kind: domain.KindMentoring, Archived: true}
	for _, c := range []struct {
		name string
		a    domain.Actor
		p    domain.Programme
		want domain.ProgrammeAbilities
	}{
		{"admin, mentoring", abAdmin, mentoring, domain.ProgrammeAbilities{Edit: true, Archive: true, CreatePairing: true, Import: true, SeeReport: true}},
		{"admin, coaching", abAdmin, coaching, domain.ProgrammeAbilities{Edit: true, Archive: true, CreateEngagement: true, Import: true, SeeReport: true}},
		{"admin, archived", abAdmin, archived, domain.ProgrammeAbilities{Edit: true, Restore: true, SeeReport: true}},
		{"leader", abLeader, mentoring, domain.ProgrammeAbilities{}},
		{"learner", abLearner, coaching, domain.ProgrammeAbilities{}},
		{"outsider", abOutsider, mentoring, domain.ProgrammeAbilities{}},
		{"external coach", abExternal, coaching, domain.ProgrammeAbilities{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := domain.ProgrammeAbilitiesOf(c.a, c.p); got != c.want {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestPersonAbilities(t *testing.T) {
	learner := abLearner.Person
	inactive := domain.Person{ID: 7, Active: false}
	for _, c := range []struct {
		name string
		a    domain.Actor
		p    domain.Person
		want domain.PersonAbilities
	}{
		{"admin", abAdmin, learner, domain.PersonAbilities{Edit: true, Invite: true, SuggestMentors: true, Export: true}},
		{"admin, inactive person", abAdmin, inactive, domain.PersonAbilities{Edit: true, Export: true}},
		{"admin, external coach", abAdmin, abExternal.Person, domain.PersonAbilities{Edit: true, Invite: true, Export: true}},
		{"self", abLearner, learner, domain.PersonAbilities{Export: true}},
		{"leader", abLeader, learner, domain.PersonAbilities{}},
		{"outsider", abOutsider, learner, domain.PersonAbilities{}},
		{"external coach", abExternal, learner, domain.PersonAbilities{}},
		{"nobody", domain.Actor{}, domain.Person{}, domain.PersonAbilities{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := domain.PersonAbilitiesOf(c.a, c.p); got != c.want {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestOrgAbilitiesAndAuthorize(t *testing.T) {
	svc := domain.NewService(noDatabase{}, domain.NewFixedClock(domain.NewDate(2026, 1, 1).Start(time.UTC)), domain.Config{})
	actions := []domain.OrgAction{domain.ActAddPerson, domain.ActEditPerson, domain.ActCreateProgramme, domain.ActCreatePairing,
		domain.ActCreateEngagement, domain.ActImport, domain.ActReadAudit}
	for _, c := range []struct {
		name  string
		a     domain.Actor
		admin bool
	}{
		{"admin", abAdmin, true}, {"leader", abLeader, false}, {"learner", abLearner, false},
		{"outsider", abOutsider, false}, {"external coach", abExternal, false}, {"deactivated admin", abFormerAdmin, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			want := domain.OrgAbilities{}
			if c.admin {
				want = domain.OrgAbilities{AddPeople: true, EditPeople: true, SeeInactivePeople: true, CreateProgrammes: true,
					SeeArchived: true, CreatePairings: true, CreateEngagements: true, Import: true, ReadAudit: true,
					SeeDashboard: true, SeeFlags: true, SeeOutbox: true, SeeReports: true, SeeAllRelationships: true}
			}
			if got := domain.OrgAbilitiesOf(c.a); got != want {
				t.Errorf("abilities: got %+v, want %+v", got, want)
			}
			for _, act := range actions {
				err := svc.Authorize(c.a, act)
				switch {
				case c.admin && err != nil:
					t.Errorf("action %d: %v, want allowed", act, err)
				case !c.admin && !isKind(err, domain.ErrForbidden):
					t.Errorf("action %d: %v, want 403", act, err)
				}
			}
		})
	}
	if err := svc.Authorize(abAdmin, domain.OrgAction(999)); !isKind(err, domain.ErrForbidden) {
		t.Errorf("an unknown action: %v, want 403", err)
	}
}

// noDatabase is a Database with no ports: authorising touches none.
type noDatabase struct{ domain.Database }

func (noDatabase) Ports() domain.Ports { return domain.Ports{} }
