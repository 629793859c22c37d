package domain

// Who may do what, in one place. Each use case authorises through these
// functions, and pages and JSON objects show the same answers as "can", so
// a button is offered exactly when the use case behind it would accept the
// actor. They are pure: the object and the actor decide, nothing else.

// OrgAbilities is what an actor may do that acts on no one object: the
// navigation, the "new ..." buttons and the admin pages.
type OrgAbilities struct {
	AddPeople         bool `json:"add_people"`
	EditPeople        bool `json:"edit_people"`
	SeeInactivePeople bool `json:"see_inactive_people"`
	CreateProgrammes  bool `json:"create_programmes"`
	SeeArchived       bool `json:"see_archived_programmes"`
	CreatePairings    bool `json:"create_pairings"`
	CreateEngagements bool `json:"create_engagements"`
	Import            bool `json:"import"`
	ReadAudit         bool `json:"read_audit"`
	SeeDashboard      bool `json:"see_dashboard"`
	SeeFlags          bool `json:"see_flags"`
	SeeOutbox         bool `json:"see_outbox"`
	// SeeReports shows the reports across programmes.
	SeeReports bool `json:"see_reports"`
	// SeeAllRelationships lists every pairing and engagement; without it
	// a person's lists hold their own.
	SeeAllRelationships bool `json:"see_all_relationships"`
}

// OrgAbilitiesOf computes an actor's organisation-wide abilities: every
// one of them belongs to admins today.
func OrgAbilitiesOf(a Actor) OrgAbilities {
	admin := a.IsAdmin()
	return OrgAbilities{AddPeople: admin, EditPeople: admin, SeeInactivePeople: admin, CreateProgrammes: admin,
		SeeArchived: admin, CreatePairings: admin, CreateEngagements: admin, Import: admin, ReadAudit: admin,
		SeeDashboard: admin, SeeFlags: admin, SeeOutbox: admin, SeeAllRelationships: admin,
		SeeReports: admin}
}

// OrgAction names an organisation-wide action for Authorize.
type OrgAction int

// The organisation-wide actions.
const (
	ActAddPerson OrgAction = iota + 1
	ActEditPerson
	ActCreateProgramme
	ActCreatePairing
	ActCreateEngagement
	ActImport
	ActReadAudit
)

// orgRules says, per action, which ability allows it and what a refusal
// says (by catalogue key).
var orgRules = map[OrgAction]struct {
	allowed func(OrgAbilities) bool
	refusal Text
}{
	ActAddPerson:        {func(o OrgAbilities) bool { return o.AddPeople }, Text{Key: "error.auth.admin_only_add_people"}},
	ActEditPerson:       {func(o OrgAbilities) bool { return o.EditPeople }, Text{Key: "error.auth.admin_only_change_people"}},
	ActCreateProgramme:  {func(o OrgAbilities) bool { return o.CreateProgrammes }, Text{Key: "error.auth.admin_only_create_programmes"}},
	ActCreatePairing:    {func(o OrgAbilities) bool { return o.CreatePairings }, Text{Key: "error.auth.admin_only_create_pairings"}},
	ActCreateEngagement: {func(o OrgAbilities) bool { return o.CreateEngagements }, Text{Key: "error.auth.admin_only_start_engagements"}},
	ActImport:           {func(o OrgAbilities) bool { return o.Import }, Text{Key: "error.auth.admin_only_import"}},
	ActReadAudit:        {func(o OrgAbilities) bool { return o.ReadAudit }, Text{Key: "error.auth.admin_only_read_audit"}},
}

// Authorize answers nil when the actor may take an organisation-wide
// action, else a 403 saying who may. Use cases call it first; a page that
// only shows a form calls it too, so the form is refused as its submission
// would be.
func (s *Service) Authorize(a Actor, act OrgAction) error { return authorize(a, act) }

func authorize(a Actor, act OrgAction) error {
	r, ok := orgRules[act]
	if !ok {
		return ForbiddenText("error.auth.no_one_may")
	}
	if !r.allowed(OrgAbilitiesOf(a)) {
		return ForbiddenText(r.refusal.Key, r.refusal.Args...)
	}
	return nil
}

// PersonAbilities is what an actor may do with one person's entry.
type PersonAbilities struct {
	Edit           bool `json:"edit"`
	Invite         bool `json:"invite"`
	SuggestMentors bool `json:"suggest_mentors"`
	Export         bool `json:"export"`
}

// PersonAbilitiesOf computes what a may do with person p. Mentors are
// suggested by admins, for active colleagues (an outside coach is not
// mentored); PersonOverview narrows it further to someone with a
// mentoring programme they have no mentor in.
func PersonAbilitiesOf(a Actor, p Person) PersonAbilities {
	admin := a.IsAdmin()
	return PersonAbilities{Edit: admin, Invite: admin && p.Active, SuggestMentors: admin && mayBeMentored(p),
		Export: admin || (a.Person.ID != 0 && a.Person.ID == p.ID)}
}

// ProgrammeAbilities is what an actor may do with one programme.
type ProgrammeAbilities struct {
	Edit             bool `json:"edit"`
	Archive          bool `json:"archive"`
	Restore          bool `json:"restore"`
	CreatePairing    bool `json:"create_pairing"`
	CreateEngagement bool `json:"create_engagement"`
	Import           bool `json:"import"`
	SeeReport        bool `json:"see_report"`
}

// ProgrammeAbilitiesOf computes what a may do with programme p. New
// relationships go only into a running programme of their kind.
func ProgrammeAbilitiesOf(a Actor, p Programme) ProgrammeAbilities {
	admin := mayManageProgrammes(a)
	adds := admin && !p.Archived
	return ProgrammeAbilities{Edit: admin, Archive: admin && !p.Archived, Restore: admin && p.Archived,
		CreatePairing: adds && p.Kind == KindMentoring, CreateEngagement: adds && p.Kind == KindCoaching,
		Import: adds, SeeReport: admin}
}

// mayManageProgrammes: editing and archiving programmes is for admins.
func mayManageProgrammes(a Actor) bool { return a.IsAdmin() }

// mayKnowProgramme: admins know every programme, others those they take
// part in or joined (inProgramme, read by the caller) and those where
// mentees ask for mentors.
func mayKnowProgramme(a Actor, inProgramme bool, p Programme) bool {
	return a.IsAdmin() || inProgramme || p.TakesRequests()
}

// PairingAbilities is what an actor may do with one pairing.
type PairingAbilities struct {
	// Edit changes the focus and the cadence.
	Edit   bool `json:"edit"`
	Pause  bool `json:"pause"`
	Resume bool `json:"resume"`
	// Close ends the pairing.
	Close bool `json:"close"`
	// AddCheckin logs or schedules a check-in.
	AddCheckin      bool `json:"add_checkin"`
	SeeNotes        bool `json:"see_notes"`
	SeePrivateNotes bool `json:"see_private_notes"`
	// Nudge emails both participants to meet (an admin's, while active).
	Nudge bool `json:"nudge"`
}

// PairingAbilitiesOf computes what a may do with pairing p: admins steer
// it, its mentor and mentee meet in it and read what they wrote.
func PairingAbilitiesOf(a Actor, p Pairing) PairingAbilities {
	admin, in := maySteerPairing(a), mayMeetInPairing(a, p)
	return PairingAbilities{Edit: admin && p.Status.IsOpen(), Pause: admin && p.Status == PairingActive,
		Resume: admin && p.Status == PairingPaused, Close: admin && p.Status.IsOpen(),
		AddCheckin: in && p.Status == PairingActive, SeeNotes: in, SeePrivateNotes: in, Nudge: admin && p.Status == PairingActive}
}

// maySteerPairing: pausing, resuming, ending and editing a pairing is for
// admins.
func maySteerPairing(a Actor) bool { return a.IsAdmin() }

// mayMeetInPairing: check-ins are the mentor's and the mentee's.
func mayMeetInPairing(a Actor, p Pairing) bool { return p.HasParticipant(a.Person.ID) }

// mayKnowPairing: admins and the two participants; for anyone else the
// pairing does not exist.
func mayKnowPairing(a Actor, p Pairing) bool { return a.IsAdmin() || p.HasParticipant(a.Person.ID) }

// EngagementAbilities is what an actor may do with one engagement.
type EngagementAbilities struct {
	// Edit changes the goal, the dates and the plan.
	Edit            bool `json:"edit"`
	UpdateProgress  bool `json:"update_progress"`
	Close           bool `json:"close"`
	Cancel          bool `json:"cancel"`
	ScheduleSession bool `json:"schedule_session"`
	SeeNotes        bool `json:"see_notes"`
	SeePrivateNotes bool `json:"see_private_notes"`
	// Nudge emails both participants to meet (an admin's, while open).
	Nudge bool `json:"nudge"`
	// Review gives the coachee's own view of the closed engagement (once).
	Review bool `json:"review"`
	// Extend proposes a later end date (the coach's, while open).
	Extend bool `json:"extend"`
}

// EngagementAbilitiesOf computes what a may do with engagement e: admins
// edit and cancel; the coach (or an admin) records progress and closes
// with an outcome; coach and coachee hold sessions and read their notes.
// A closed engagement takes no more changes.
func EngagementAbilitiesOf(a Actor, e Engagement) EngagementAbilities {
	open, in := e.IsOpen(), e.HasParticipant(a.Person.ID)
	return EngagementAbilities{Edit: mayEditEngagement(a) && open, UpdateProgress: mayRecordProgress(a, e) && open,
		Close: mayCloseEngagement(a, e) && open, Cancel: mayCancelEngagement(a) && open,
		ScheduleSession: in && open, SeeNotes: in, SeePrivateNotes: in, Nudge: a.IsAdmin() && open,
		Extend: isCoachOf(a, e) && open,
		Review: a.Person.ID != 0 && a.Person.ID == e.CoacheeID && e.Status == EngagementCompleted && e.CoacheeReview == nil}
}

// mayEditEngagement: the goal, the dates and the plan are an admin's.
func mayEditEngagement(a Actor) bool { return a.IsAdmin() }

// mayRecordProgress: the coach's, or an admin's.
func mayRecordProgress(a Actor, e Engagement) bool { return a.IsAdmin() || isCoachOf(a, e) }

// mayCloseEngagement: the coach closes with an outcome, or an admin does.
func mayCloseEngagement(a Actor, e Engagement) bool { return a.IsAdmin() || isCoachOf(a, e) }

// mayCancelEngagement: stopping without an outcome is an admin's.
func mayCancelEngagement(a Actor) bool { return a.IsAdmin() }

func isCoachOf(a Actor, e Engagement) bool { return a.Person.ID != 0 && a.Person.ID == e.CoachID }

// mayKnowEngagement: admins and the two participants; for anyone else the
// engagement does not exist.
func mayKnowEngagement(a Actor, e Engagement) bool {
	return a.IsAdmin() || e.HasParticipant(a.Person.ID)
}
