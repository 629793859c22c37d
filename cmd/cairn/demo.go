package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"cairn/domain"
)

// demoPerson is one of the demo organisation's people.
type demoPerson struct {
	name, email, title, dept, zone string
	seniority                      int
	admin, external                bool
}

var demoPeople = []demoPerson{
	{"Hana Ruiz", "hr@demo.example", "HR business partner", "People", "Europe/Berlin", 8, true, false},
	{"Margaret Okafor", "margaret@demo.example", "Engineering director", "Engineering", "Europe/London", 9, false, false},
	{"Tomás Lindqvist", "tomas@demo.example", "Principal designer", "Design", "Europe/Berlin", 8, false, false},
	{"Priya Raman", "priya@demo.example", "Finance lead", "Finance", "Asia/Singapore", 7, false, false},
	{"Leo Brandt", "leo@demo.example", "Graduate engineer", "Engineering", "Europe/Berlin", 2, false, false},
	{"Amara Mensah", "amara@demo.example", "Junior analyst", "Finance", "Europe/London", 3, false, false},
	{"Kenji Sato", "kenji@demo.example", "Product designer", "Design", "Asia/Tokyo", 4, false, false},
	{"Sofia Moreno", "sofia@demo.example", "Support specialist", "Support", "America/New_York", 3, false, false},
	{"Dana Whitfield", "dana@coaching.example", "Executive coach", "External", "Europe/London", 9, false, true},
	{"Omar Haddad", "omar@demo.example", "Head of sales", "Sales", "Europe/Paris", 8, false, false},
	{"Ines Garcia", "ines@demo.example", "Engineering manager", "Engineering", "Europe/Madrid", 6, false, false},
	{"Felix Adeyemi", "felix@demo.example", "Sales lead", "Sales", "America/Los_Angeles", 5, false, false},
}

// demoSession is a demo session and who adds it.
type demoSession struct {
	by         string
	engagement int64
	in         domain.SessionInput
}

// demoLearner is the email of a demo check-in's mentee: Leo's in p1,
// Amara's otherwise.
func demoLearner(p1 domain.Pairing, m domain.Meeting) string {
	if *m.PairingID == p1.ID {
		return "leo@demo.example"
	}
	return "amara@demo.example"
}

// demoTags are the organisation's curated skills and topics.
var demoTags = []string{"Budgeting", "Career growth", "Code review", "Data analysis", "Delegation", "Design systems",
	"Go", "Leadership", "Negotiation", "Public speaking", "Stakeholder management", "User research"}

// demoProfile is one demo person's profile: tags and languages separated
// by ";", hours as "HH:MM-HH:MM" in their zone.
type demoProfile struct{ bio, offers, wants, languages, hours string }

var demoProfiles = map[string]demoProfile{
	"margaret@demo.example": {"Twenty years building payment systems; I like helping new engineers find their way around a big codebase.",
		"Go;Code review;Leadership;Career growth", "Public speaking", "en;fr", "09:00-17:30"},
	"tomas@demo.example": {"Design lead for the mobile apps. Ask me about critique, systems and research.",
		"Design systems;User research;Public speaking", "Stakeholder management", "sv;en;de", "08:30-16:30"},
	"priya@demo.example": {"Finance lead for Asia-Pacific; happy to explain how the numbers fit together.",
		"Budgeting;Data analysis;Stakeholder management", "Leadership", "en;ta", "09:00-18:00"},
	"leo@demo.example":   {"Graduate engineer on the payments team.", "", "Code review;Go;Career growth", "de;en", "09:00-17:00"},
	"amara@demo.example": {"Junior analyst, first year in finance.", "Data analysis", "Public speaking;Budgeting", "en;fr", "08:00-16:00"},
	"kenji@demo.example": {"Moving from visual to product design.", "", "User research;Design systems", "ja;en", "10:00-19:00"},
	"sofia@demo.example": {"Support specialist who wants to grow into a team lead role.", "", "Leadership;Delegation;Public speaking",
		"es;en", "08:00-16:00"},
	"omar@demo.example": {"I run sales for Southern Europe and coach our account managers.", "Negotiation;Leadership;Public speaking",
		"Data analysis", "fr;ar;en", "09:00-18:00"},
	"ines@demo.example": {"Engineering manager of two platform teams.", "Go;Code review;Delegation", "Delegation;Leadership",
		"es;en", "09:00-17:00"},
	"felix@demo.example": {"", "Negotiation", "Stakeholder management", "en;es", "08:00-17:00"},
}

// demoFits reports whether the demo may fill the database: an empty one, or
// one holding nothing but the single admin a first `cairn serve` creates.
// n is how many people it holds.
func demoFits(ctx context.Context, st domain.Ports) (fits bool, n int, err error) {
	people, err := st.People.ListPeople(ctx, domain.PeopleFilter{Limit: 2})
	if err != nil {
		return false, 0, err
	}
	if len(people) > 1 || len(people) == 1 && !people[0].IsAdmin() {
		return false, len(people), nil
	}
	progs, err := st.Programmes.ListProgrammes(ctx, domain.ProgrammeFilter{IncludeArchived: true, Limit: 1})
	if err != nil {
		return false, len(people), err
	}
	return len(progs) == 0, len(people), nil
}

// demoSkipped is the one line said when the database holds more than the
// demo may fill.
const demoSkipped = "The demo was not added: this database already holds people and programmes. " +
	"To try the demo, start with an empty database, e.g. CAIRN_DATABASE_URL=sqlite://demo.db cairn serve --demo"

// demoRoles says, per email, who each demo person is to whom: "mentor of
// Leo Brandt", "coachee of Dana Whitfield".
type demoRoles map[string][]string

func (r demoRoles) add(leader, learner demoPerson, lead, learn string) {
	r[leader.email] = append(r[leader.email], lead+" of "+learner.name)
	r[learner.email] = append(r[learner.email], learn+" of "+leader.name)
}

func demoByEmail(email string) demoPerson {
	for _, p := range demoPeople {
		if p.email == email {
			return p
		}
	}
	panic("no demo person " + email)
}

// seedDemo builds a small realistic organisation through the ordinary use
// cases (so every rule, hook and audit entry applies): both kinds of
// programme, meetings this week, one goal due soon and one quiet pairing.
// Each person's password is printed once.
func seedDemo(ctx context.Context, svc *domain.Service, out io.Writer) error {
	sys := domain.SystemActor()
	now := svc.Now()
	today := domain.DateOf(now, svc.Config().OrgLocation)
	ids := map[string]domain.Person{}
	passwords := map[string]string{}
	for _, p := range demoPeople {
		pw := domain.NewSecret()[:16]
		role := domain.RoleMember
		if p.admin {
			role = domain.RoleAdmin
		}
		created, err := svc.CreatePerson(ctx, sys, domain.PersonInput{Name: p.name, Email: p.email, JobTitle: p.title,
			Department: p.dept, Seniority: p.seniority, Timezone: p.zone, External: p.external, Role: role, Password: pw})
		if err != nil {
			return fmt.Errorf("demo person %s: %w", p.email, err)
		}
		ids[p.email], passwords[p.email] = created, pw
	}
	actor := func(email string) domain.Actor { return domain.Actor{Person: ids[email]} }
	for _, t := range demoTags {
		if _, err := svc.CreateTag(ctx, sys, t); err != nil {
			return fmt.Errorf("demo tag %s: %w", t, err)
		}
	}
	for _, p := range demoPeople {
		dp, ok := demoProfiles[p.email]
		if !ok {
			continue
		}
		split := func(s string) []string { return strings.FieldsFunc(s, func(r rune) bool { return r == ';' }) }
		offers, wants, langs := split(dp.offers), split(dp.wants), split(dp.languages)
		start, end, _ := strings.Cut(dp.hours, "-")
		if _, err := svc.UpdateProfile(ctx, actor(p.email), ids[p.email].ID, domain.ProfilePatch{Bio: &dp.bio, Offers: &offers,
			Wants: &wants, Languages: &langs, WorkStart: &start, WorkEnd: &end}); err != nil {
			return fmt.Errorf("demo profile of %s: %w", p.email, err)
		}
	}
	cadence := 14
	mentoring, err := svc.CreateProgramme(ctx, sys, domain.Programme{Name: "Graduate mentoring 2026", Kind: domain.KindMentoring,
		Description: "Every graduate is paired with a senior colleague from another team for their first year.",
		StartsOn:    today.AddDays(-90), CheckinCadenceDays: &cadence})
	if err != nil {
		return fmt.Errorf("demo programme: %w", err)
	}
	coaching, err := svc.CreateProgramme(ctx, sys, domain.Programme{Name: "Leadership coaching", Kind: domain.KindCoaching,
		Description: "Six to ten sessions with a coach on one leadership goal."})
	if err != nil {
		return fmt.Errorf("demo programme: %w", err)
	}

	roles := demoRoles{}
	pair := func(mentor, mentee string, startedDaysAgo int, focus string) (domain.Pairing, error) {
		roles.add(demoByEmail(mentor), demoByEmail(mentee), "mentor", "mentee")
		return svc.CreatePairing(ctx, sys, domain.PairingInput{ProgrammeID: mentoring.ID, MentorID: ids[mentor].ID,
			MenteeID: ids[mentee].ID, StartedOn: today.AddDays(-startedDaysAgo), Focus: focus})
	}
	p1, err := pair("margaret@demo.example", "leo@demo.example", 80, "Finding his feet in a large codebase and team")
	if err != nil {
		return fmt.Errorf("demo pairing: %w", err)
	}
	p2, err := pair("priya@demo.example", "amara@demo.example", 60, "Building confidence presenting numbers")
	if err != nil {
		return fmt.Errorf("demo pairing: %w", err)
	}
	// The quiet one: started seven weeks ago, no check-in since.
	if _, err := pair("tomas@demo.example", "kenji@demo.example", 50, "Moving from visual to product design"); err != nil {
		return fmt.Errorf("demo pairing: %w", err)
	}
	at := func(daysFromNow, hourUTC int) time.Time {
		return today.AddDays(daysFromNow).Start(time.UTC).Add(time.Duration(hourUTC) * time.Hour)
	}
	checkins := []struct {
		by      string
		pairing int64
		in      domain.CheckinInput
	}{
		{"leo@demo.example", p1.ID, domain.CheckinInput{Format: domain.FormatInformal, ScheduledAt: at(-15, 12), DurationMinutes: 30,
			Location: "Coffee corner", Notes: "Talked about code review etiquette; Leo will ask for reviews earlier."}},
		{"margaret@demo.example", p1.ID, domain.CheckinInput{Format: domain.FormatInformal, ScheduledAt: at(-1, 15), DurationMinutes: 20,
			Notes: "Quick catch-up after the incident review.", PrivateNotes: "Leo seemed shaken; check in again soon."}},
		{"leo@demo.example", p1.ID, domain.CheckinInput{Format: domain.FormatFormal, ScheduledAt: at(2, 9), DurationMinutes: 45,
			Location: "Meeting room Birch", Agenda: "Plan for the first on-call rotation"}},
		{"amara@demo.example", p2.ID, domain.CheckinInput{Format: domain.FormatInformal, ScheduledAt: at(-9, 8), DurationMinutes: 30,
			Notes: "Dry run of the quarterly numbers presentation."}},
		{"priya@demo.example", p2.ID, domain.CheckinInput{Format: domain.FormatFormal, ScheduledAt: at(4, 8), DurationMinutes: 60,
			Location: "https://meet.example/priya-amara", Agenda: "Feedback on the board deck"}},
	}
	held := map[string][]domain.Meeting{} // each learner's completed meetings, in order
	for _, c := range checkins {
		m, err := svc.CreateCheckin(ctx, actor(c.by), c.pairing, c.in)
		if err != nil {
			return fmt.Errorf("demo check-in: %w", err)
		}
		if m.Status == domain.StatusCompleted {
			held[demoLearner(p1, m)] = append(held[demoLearner(p1, m)], m)
		}
	}

	engage := func(coach, coachee string, goal domain.Goal, startsDaysAgo, endsInDays, planned int) (domain.Engagement, error) {
		roles.add(demoByEmail(coach), demoByEmail(coachee), "coach", "coachee")
		return svc.CreateEngagement(ctx, sys, domain.EngagementInput{ProgrammeID: coaching.ID, CoachID: ids[coach].ID,
			CoacheeID: ids[coachee].ID, Goal: goal, StartsOn: today.AddDays(-startsDaysAgo), EndsOn: today.AddDays(endsInDays),
			PlannedSessions: planned})
	}
	// Due soon: ends in a week with sessions still to go.
	e1, err := engage("dana@coaching.example", "ines@demo.example", domain.Goal{Title: "Delegate rather than do it all myself",
		Area: domain.AreaWork, SuccessMeasure: "Two projects led by team members this quarter"}, 80, 7, 6)
	if err != nil {
		return fmt.Errorf("demo engagement: %w", err)
	}
	e2, err := engage("omar@demo.example", "felix@demo.example", domain.Goal{Title: "Negotiate multi-year contracts",
		Area: domain.AreaWork, SuccessMeasure: "Close one multi-year deal with a clear walk-away point"}, 20, 100, 8)
	if err != nil {
		return fmt.Errorf("demo engagement: %w", err)
	}
	sessions := []demoSession{
		{"dana@coaching.example", e1.ID, domain.SessionInput{ScheduledAt: at(-60, 10), DurationMinutes: 60, Location: "Video call",
			Status: domain.StatusCompleted, Notes: "Mapped what Ines holds on to and why.", PrivateNotes: "Perfectionism theme."}},
		{"dana@coaching.example", e1.ID, domain.SessionInput{ScheduledAt: at(-30, 10), DurationMinutes: 60, Location: "Video call",
			Status: domain.StatusCompleted, Notes: "Agreed to hand over the release process."}},
		{"ines@demo.example", e1.ID, domain.SessionInput{ScheduledAt: at(3, 10), DurationMinutes: 60, Location: "Video call"}},
		{"omar@demo.example", e2.ID, domain.SessionInput{ScheduledAt: at(-6, 14), DurationMinutes: 90, Location: "Paris office",
			Status: domain.StatusCompleted, Notes: "Role-played the renewal call."}},
		{"felix@demo.example", e2.ID, domain.SessionInput{ScheduledAt: at(1, 16), DurationMinutes: 60, Location: "Video call"}},
	}
	// Closed three weeks ago: the coach says partly achieved, the coachee
	// sees it achieved (the reports show where the two views differ).
	e3, err := engage("dana@coaching.example", "sofia@demo.example", domain.Goal{Title: "Lead the support rota",
		Area: domain.AreaWork, SuccessMeasure: "Runs the weekly rota without escalations"}, 140, -21, 4)
	if err != nil {
		return fmt.Errorf("demo engagement: %w", err)
	}
	sessions = append(sessions,
		demoSession{"dana@coaching.example", e3.ID, domain.SessionInput{ScheduledAt: at(-100, 15), DurationMinutes: 60, Location: "Video call",
			Status: domain.StatusCompleted, Notes: "What a calm rota looks like."}},
		demoSession{"dana@coaching.example", e3.ID, domain.SessionInput{ScheduledAt: at(-40, 15), DurationMinutes: 60, Location: "Video call",
			Status: domain.StatusCompleted, Notes: "Escalation rules agreed with the team."}})
	learners := map[int64]string{e1.ID: "ines@demo.example", e2.ID: "felix@demo.example", e3.ID: "sofia@demo.example"}
	for _, s := range sessions {
		m, err := svc.ScheduleSession(ctx, actor(s.by), s.engagement, s.in)
		if err != nil {
			return fmt.Errorf("demo session: %w", err)
		}
		if m.Status == domain.StatusCompleted {
			held[learners[s.engagement]] = append(held[learners[s.engagement]], m)
		}
	}
	if _, err := svc.CloseEngagement(ctx, actor("dana@coaching.example"), e3.ID, domain.CloseInput{Outcome: domain.OutcomePartiallyAchieved,
		Summary: "Sofia runs the rota; escalations are down but not gone."}); err != nil {
		return fmt.Errorf("demo close: %w", err)
	}
	if _, err := svc.ReviewEngagement(ctx, actor("sofia@demo.example"), e3.ID, domain.ReviewInput{Rating: 5, GoalOutcome: domain.OutcomeAchieved}); err != nil {
		return fmt.Errorf("demo closing view: %w", err)
	}
	// Feedback: most held meetings rated by their learner; Leo's latest
	// check-in waits for an answer (his home page asks). Three coachees
	// answered, so the coaching programme's average shows; Dana's (two) does not.
	rates := []struct {
		learner string
		nth     int
		rating  int
		comment string
		shareIt bool
	}{
		{"leo@demo.example", 0, 4, "Good tips on asking for reviews early.", true},
		{"amara@demo.example", 0, 5, "The dry run took the fear out of it.", true},
		{"ines@demo.example", 0, 3, "", false},
		{"ines@demo.example", 1, 4, "Handing over the release process felt concrete.", false},
		{"sofia@demo.example", 0, 4, "", false},
		{"sofia@demo.example", 1, 5, "Clear rules made the rota calmer.", true},
		{"felix@demo.example", 0, 4, "", false},
	}
	for _, r := range rates {
		m := held[r.learner][r.nth]
		if _, err := svc.GiveFeedback(ctx, actor(r.learner), m.Kind, m.ID, domain.FeedbackInput{Rating: r.rating, Comment: r.comment,
			ShareWithProgramme: r.shareIt}); err != nil {
			return fmt.Errorf("demo feedback: %w", err)
		}
	}
	progress, comment := 35, "Handed over one of four areas."
	if _, err := svc.UpdateEngagement(ctx, actor("dana@coaching.example"), e1.ID, domain.EngagementPatch{ProgressPercent: &progress, ProgressComment: &comment}); err != nil {
		return fmt.Errorf("demo progress: %w", err)
	}
	// Omar lets Felix's progress follow their milestones: one past its date.
	reached := func(days int) *domain.Date { d := today.AddDays(days); return &d }
	for _, m := range []domain.MilestoneInput{
		{Title: "Map the walk-away point for the top three accounts", TargetOn: today.AddDays(-10), DoneOn: reached(-12)},
		{Title: "Role-play the renewal call", TargetOn: today.AddDays(-5), DoneOn: reached(-6)},
		{Title: "Draft the first multi-year offer", TargetOn: today.AddDays(-2)},
		{Title: "Close one multi-year deal", TargetOn: today.AddDays(90)},
	} {
		if _, err := svc.CreateMilestone(ctx, actor("omar@demo.example"), e2.ID, m); err != nil {
			return fmt.Errorf("demo milestone: %w", err)
		}
	}
	byMilestones := domain.ProgressMilestones
	if _, err := svc.UpdateEngagement(ctx, actor("omar@demo.example"), e2.ID, domain.EngagementPatch{ProgressMode: &byMilestones}); err != nil {
		return fmt.Errorf("demo progress mode: %w", err)
	}
	// Dana asks Ines for five more weeks; Ines has not answered yet.
	if _, err := svc.ProposeExtension(ctx, actor("dana@coaching.example"), e1.ID, domain.ExtensionInput{EndsOn: today.AddDays(42),
		PlannedSessions: ptrTo(7), Reason: "Ines was away for three weeks; one more session lets us hand over the last two areas."}); err != nil {
		return fmt.Errorf("demo extension: %w", err)
	}

	if err := seedDemoRequests(ctx, svc, actor, roles); err != nil {
		return err
	}
	if _, err := svc.SweepFlags(ctx); err != nil {
		return fmt.Errorf("demo flags: %w", err)
	}
	fmt.Fprintln(out, "Demo organisation created. These passwords are shown only now:")
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "EMAIL\tPASSWORD\tWHO")
	for _, p := range demoPeople {
		who := []string{p.name + ", " + p.title}
		if p.admin {
			who = append(who, "admin: sees the dashboard and every programme")
		}
		who = append(who, roles[p.email]...)
		if len(who) == 1 {
			who = append(who, "in no pairing or engagement yet")
		}
		fmt.Fprintf(w, "%s\t%s\t%s\n", p.email, passwords[p.email], strings.Join(who, "; "))
	}
	return w.Flush()
}

// ptrTo points at a copy of v.
func ptrTo[T any](v T) *T { return &v }

// seedDemoRequests adds a programme where mentees ask for mentors and sign
// up first: two mentors joined with their capacity, a mentee joined and
// asked one of them, who has yet to answer.
func seedDemoRequests(ctx context.Context, svc *domain.Service, actor func(string) domain.Actor, roles demoRoles) error {
	prog, err := svc.CreateProgramme(ctx, domain.SystemActor(), domain.Programme{Name: "Mentor circle", Kind: domain.KindMentoring,
		Description: "Choose your own mentor: browse the colleagues who joined, ask one, and they accept or decline.",
		Matching:    domain.MatchingRequest, RequiresSignup: true, RequestExpiryDays: 14})
	if err != nil {
		return fmt.Errorf("demo programme: %w", err)
	}
	two, one := 2, 1
	for _, j := range []struct {
		email    string
		role     domain.MemberRole
		capacity *int
	}{
		{"omar@demo.example", domain.RoleMentor, &two}, {"ines@demo.example", domain.RoleMentor, &one},
		{"sofia@demo.example", domain.RoleMentee, nil}, {"felix@demo.example", domain.RoleMentee, nil},
	} {
		if _, err := svc.JoinProgramme(ctx, actor(j.email), prog.ID, j.role, j.capacity); err != nil {
			return fmt.Errorf("demo sign-up: %w", err)
		}
	}
	omar := actor("omar@demo.example").Person
	if _, err := svc.CreateRequest(ctx, actor("sofia@demo.example"), prog.ID, domain.RequestInput{MentorID: omar.ID,
		Message: "I would like to move from support into sales; could you show me how you prepare for a customer call?"}); err != nil {
		return fmt.Errorf("demo request: %w", err)
	}
	sofia, felix := demoByEmail("sofia@demo.example"), demoByEmail("felix@demo.example")
	roles[sofia.email] = append(roles[sofia.email], "asked "+omar.Name+" to mentor her in "+prog.Name)
	roles[omar.Email] = append(roles[omar.Email], "has a mentor request from "+sofia.name+" to answer")
	roles[felix.email] = append(roles[felix.email], "may ask for a mentor in "+prog.Name)
	return nil
}
