package domain_test

import (
	"strings"
	"testing"
	"time"

	"cairn/domain"
)

// Feedback's rows of the access matrix: the learner answers, the leader
// reads, admins know the meeting but see answers only in the reports
// (403), outsiders do not know it.
func init() {
	accessMatrix = append(accessMatrix,
		accessRow{"GiveFeedback", false, func(w *world, a domain.Actor) error {
			m := w.heldMeeting(false)
			return errOnly(w.svc.GiveFeedback(w.ctx, a, m.Kind, m.ID, domain.FeedbackInput{Rating: 4}))
		}, [4]error{F, ok, N, N}},
		accessRow{"GiveFeedback", true, func(w *world, a domain.Actor) error {
			m := w.heldMeeting(true)
			return errOnly(w.svc.GiveFeedback(w.ctx, a, m.Kind, m.ID, domain.FeedbackInput{Rating: 4}))
		}, [4]error{F, ok, N, F}},
		accessRow{"MeetingFeedbackOf", false, func(w *world, a domain.Actor) error {
			m := w.heldMeeting(false)
			return errOnly(w.svc.MeetingFeedbackOf(w.ctx, a, m.Kind, m.ID))
		}, [4]error{F, ok, N, N}},
		accessRow{"MeetingFeedbackOf", true, func(w *world, a domain.Actor) error {
			m := w.heldMeeting(true)
			return errOnly(w.svc.MeetingFeedbackOf(w.ctx, a, m.Kind, m.ID))
		}, [4]error{F, ok, N, ok}},
		accessRow{"FeedbackDue", false, func(w *world, a domain.Actor) error { return errOnly(w.svc.FeedbackDue(w.ctx, a)) }, [4]error{ok, ok, ok, ok}},
		accessRow{"ReviewEngagement", true, func(w *world, a domain.Actor) error {
			w.closeEngagement()
			return errOnly(w.svc.ReviewEngagement(w.ctx, a, w.engagement.ID, domain.ReviewInput{Rating: 4, GoalOutcome: domain.OutcomeAchieved}))
		}, [4]error{F, ok, N, F}},
	)
}

// heldMeeting is the world's session, completed by the coach once it took
// place, or an informal check-in the mentor logged (completed at once).
func (w *world) heldMeeting(coaching bool) domain.Meeting {
	w.t.Helper()
	if coaching {
		w.clock.Set(w.session.EndsAt().Add(time.Hour))
		done := domain.StatusCompleted
		m, err := w.svc.UpdateSession(w.ctx, w.coach, w.session.ID, domain.MeetingPatch{Status: &done})
		w.must(err)
		return m
	}
	w.clock.Set(start.Add(time.Hour))
	m, err := w.svc.CreateCheckin(w.ctx, w.mentor, w.pairing.ID, domain.CheckinInput{Format: domain.FormatInformal,
		ScheduledAt: start.Add(-2 * time.Hour)})
	w.must(err)
	return m
}

func (w *world) closeEngagement() {
	w.t.Helper()
	_, err := w.svc.CloseEngagement(w.ctx, w.coach, w.engagement.ID, domain.CloseInput{Outcome: domain.OutcomePartiallyAchieved, Summary: "Most of it"})
	w.must(err)
}

func TestFeedbackOncePerMeeting(t *testing.T) {
	w := newWorld(t)
	// not before the session took place
	_, err := w.svc.GiveFeedback(w.ctx, w.coachee, domain.MeetingSession, w.session.ID, domain.FeedbackInput{Rating: 5})
	wantKind(t, err, domain.ErrConflict)
	m := w.heldMeeting(true)
	due, err := w.svc.FeedbackDue(w.ctx, w.coachee)
	w.must(err)
	if len(due) != 1 || due[0].MeetingID != m.ID || due[0].With.Name != "Cora Coach" {
		t.Fatalf("due = %+v, want the session with Cora", due)
	}
	// a check-in id is no session
	_, err = w.svc.GiveFeedback(w.ctx, w.coachee, domain.MeetingCheckin, m.ID, domain.FeedbackInput{Rating: 5})
	wantKind(t, err, domain.ErrNotFound)
	for _, bad := range []int{0, 6} {
		_, err = w.svc.GiveFeedback(w.ctx, w.coachee, m.Kind, m.ID, domain.FeedbackInput{Rating: bad})
		wantKind(t, err, domain.ErrInvalid)
	}
	f, err := w.svc.GiveFeedback(w.ctx, w.coachee, m.Kind, m.ID, domain.FeedbackInput{Rating: 4, Comment: " Clear next steps ", ShareWithProgramme: true})
	w.must(err)
	if f.Rating != 4 || f.Comment != "Clear next steps" || !f.ShareWithProgramme {
		t.Errorf("feedback = %+v", f)
	}
	_, err = w.svc.GiveFeedback(w.ctx, w.coachee, m.Kind, m.ID, domain.FeedbackInput{Rating: 2})
	wantKind(t, err, domain.ErrConflict)
	// the coach reads it on the engagement's page and by itself
	view, err := w.svc.MeetingFeedbackOf(w.ctx, w.coach, m.Kind, m.ID)
	w.must(err)
	if view.Feedback == nil || view.Feedback.Rating != 4 || view.CanGive {
		t.Errorf("coach's view = %+v", view)
	}
	ov, err := w.svc.EngagementOverview(w.ctx, w.coach, w.engagement.ID)
	w.must(err)
	if len(ov.Sessions) != 1 || ov.Sessions[0].Feedback == nil || ov.Sessions[0].Feedback.Comment != "Clear next steps" {
		t.Errorf("coach's page sessions = %+v", ov.Sessions)
	}
	ov, err = w.svc.EngagementOverview(w.ctx, w.admin, w.engagement.ID)
	w.must(err)
	if ov.Sessions[0].Feedback != nil {
		t.Errorf("the admin's page shows the answer: %+v", ov.Sessions[0].Feedback)
	}
	if due, _ = w.svc.FeedbackDue(w.ctx, w.coachee); len(due) != 0 {
		t.Errorf("still due after the answer: %+v", due)
	}
}

// feedbackAsks counts the learner's feedback mails and notifications.
func (w *world) feedbackAsks(to domain.Actor) (mails, notes int) {
	w.t.Helper()
	ms, err := w.mem.Ports().Outbox.ListOutbox(w.ctx, domain.OutboxFilter{Limit: 500})
	w.must(err)
	for _, m := range ms {
		if strings.HasPrefix(m.Subject, "How useful was your") && m.To == to.Person.Email {
			mails++
		}
	}
	ns, err := w.svc.ListNotifications(w.ctx, to, 50, 0)
	w.must(err)
	for _, n := range ns {
		if n.Kind == "feedback" {
			notes++
		}
	}
	return mails, notes
}

func TestFeedbackAskedExactlyOnce(t *testing.T) {
	w := newWorld(t)
	sweep := func() {
		t.Helper()
		_, err := w.svc.QueueDueReminders(w.ctx)
		w.must(err)
	}
	sweep()
	if m, n := w.feedbackAsks(w.coachee); m+n != 0 {
		t.Fatalf("asked before the session took place: %d mails, %d notifications", m, n)
	}
	m := w.heldMeeting(true)
	sweep()
	sweep()
	if m, n := w.feedbackAsks(w.coachee); m != 1 || n != 1 {
		t.Errorf("after the session: %d mails and %d notifications, want one of each", m, n)
	}
	w.clock.Set(m.EndsAt().Add(50 * time.Hour))
	sweep()
	if m, n := w.feedbackAsks(w.coachee); m != 1 || n != 1 {
		t.Errorf("two days on: %d mails and %d notifications, want still one of each", m, n)
	}
	if m, n := w.feedbackAsks(w.coach); m+n != 0 {
		t.Errorf("the coach was asked: %d mails, %d notifications", m, n)
	}
	// answered before any sweep: nobody is asked
	c := w.heldMeeting(false)
	_, err := w.svc.GiveFeedback(w.ctx, w.mentee, c.Kind, c.ID, domain.FeedbackInput{Rating: 3})
	w.must(err)
	sweep()
	if m, n := w.feedbackAsks(w.mentee); m+n != 0 {
		t.Errorf("asked after answering: %d mails, %d notifications", m, n)
	}
}

// TestFeedbackAverageNeedsThreeLearners: an admin sees a leader's (and a
// programme's) average only once three distinct learners answered; two
// answers from one learner count once.
func TestFeedbackAverageNeedsThreeLearners(t *testing.T) {
	w := newWorld(t)
	w.clock.Set(start.Add(24 * time.Hour))
	mentees := []domain.Actor{w.mentee, w.person("Mia Mentee", "mia@example.org", 2, false), w.person("Max Mentee", "max@example.org", 2, false)}
	pairings := []int64{w.pairing.ID}
	for _, m := range mentees[1:] {
		p, err := w.svc.CreatePairing(w.ctx, w.admin, domain.PairingInput{ProgrammeID: w.mentoring.ID, MentorID: w.mentor.Person.ID, MenteeID: m.Person.ID})
		w.must(err)
		pairings = append(pairings, p.ID)
	}
	hour := 0
	rate := func(i, rating int) {
		t.Helper()
		hour++
		c, err := w.svc.CreateCheckin(w.ctx, w.mentor, pairings[i], domain.CheckinInput{Format: domain.FormatInformal,
			ScheduledAt: start.Add(time.Duration(hour) * time.Hour)})
		w.must(err)
		_, err = w.svc.GiveFeedback(w.ctx, mentees[i], c.Kind, c.ID, domain.FeedbackInput{Rating: rating, Comment: "words", ShareWithProgramme: i == 0})
		w.must(err)
	}
	leader := func() domain.FeedbackGroup {
		t.Helper()
		r, err := w.svc.OrgReport(w.ctx, w.admin, domain.ReportQuery{})
		w.must(err)
		if len(r.Feedback.ByLeader) != 1 || len(r.Feedback.ByProgramme) != 1 {
			t.Fatalf("groups = %+v", r.Feedback)
		}
		if r.Feedback.ByLeader[0].Average != nil && r.Feedback.ByProgramme[0].Average == nil {
			t.Errorf("programme hidden while its only leader shows: %+v", r.Feedback)
		}
		for _, c := range r.Feedback.SharedComments {
			if c.Comment != "words" {
				t.Errorf("shared comment = %+v", c)
			}
		}
		if len(r.Feedback.SharedComments) == 0 {
			t.Error("the shared comment is missing")
		}
		return r.Feedback.ByLeader[0]
	}
	rate(0, 5)
	rate(0, 4)
	rate(1, 2)
	if g := leader(); g.Average != nil || g.Answers != 3 || g.Learners != 2 || g.Name != "Mona Mentor" {
		t.Errorf("two learners, three answers: %+v (average %v), want it hidden", g, g.Average)
	}
	rate(2, 4)
	g := leader()
	if g.Average == nil || *g.Average != 3.8 || g.Learners != 3 {
		t.Errorf("three learners: %+v, want the average 3.8", g)
	}
}

func TestClosingReview(t *testing.T) {
	w := newWorld(t)
	// not while it runs
	_, err := w.svc.ReviewEngagement(w.ctx, w.coachee, w.engagement.ID, domain.ReviewInput{Rating: 5, GoalOutcome: domain.OutcomeAchieved})
	wantKind(t, err, domain.ErrConflict)
	w.closeEngagement()
	e, err := w.svc.GetEngagement(w.ctx, w.coachee, w.engagement.ID)
	w.must(err)
	if !e.Can.Review {
		t.Error("the coachee may not give their view")
	}
	var asked bool
	for _, n := range w.notices(w.coachee) {
		asked = asked || (n.Kind == "feedback" && strings.Contains(n.Link, "#review"))
	}
	if !asked {
		t.Error("the coachee was not asked in the app")
	}
	_, err = w.svc.ReviewEngagement(w.ctx, w.coachee, w.engagement.ID, domain.ReviewInput{Rating: 9, GoalOutcome: "mostly"})
	wantKind(t, err, domain.ErrInvalid)
	e, err = w.svc.ReviewEngagement(w.ctx, w.coachee, w.engagement.ID, domain.ReviewInput{Rating: 5, GoalOutcome: domain.OutcomeAchieved})
	w.must(err)
	if e.CoacheeReview == nil || e.CoacheeReview.GoalOutcome != domain.OutcomeAchieved || e.Can.Review {
		t.Fatalf("after the view: %+v %+v", e.CoacheeReview, e.Can)
	}
	_, err = w.svc.ReviewEngagement(w.ctx, w.coachee, w.engagement.ID, domain.ReviewInput{Rating: 1, GoalOutcome: domain.OutcomeNotAchieved})
	wantKind(t, err, domain.ErrConflict)
	if e, _ = w.svc.GetEngagement(w.ctx, w.coach, w.engagement.ID); e.CoacheeReview == nil || e.CoacheeReview.Rating != 5 {
		t.Errorf("the coach does not see the view: %+v", e.CoacheeReview)
	}
	if e, _ = w.svc.GetEngagement(w.ctx, w.admin, w.engagement.ID); e.CoacheeReview != nil {
		t.Errorf("the admin sees one coachee's view: %+v", e.CoacheeReview)
	}
	// one coachee: the report counts it, shows no view
	r, err := w.svc.OrgReport(w.ctx, w.admin, domain.ReportQuery{})
	w.must(err)
	if c := r.Closing; c.Closed != 1 || c.Answered != 1 || c.AverageRating != nil || c.Differ != nil || len(c.ByOutcome) != 0 {
		t.Errorf("closing figure with one coachee = %+v", c)
	}
}

func TestClosingFigureShowsWhereViewsDiffer(t *testing.T) {
	w := newWorld(t)
	coachees := []domain.Actor{w.coachee, w.person("Cleo Coachee", "cleo@example.org", 3, false), w.person("Cato Coachee", "cato@example.org", 3, false)}
	ids := []int64{w.engagement.ID}
	for _, c := range coachees[1:] {
		e, err := w.svc.CreateEngagement(w.ctx, w.admin, domain.EngagementInput{ProgrammeID: w.coaching.ID,
			CoachID: w.coach.Person.ID, CoacheeID: c.Person.ID, Goal: domain.Goal{Title: "Speak up", Area: domain.AreaWork},
			StartsOn: domain.NewDate(2026, 3, 1), EndsOn: domain.NewDate(2026, 6, 30), PlannedSessions: 4})
		w.must(err)
		ids = append(ids, e.ID)
	}
	views := []domain.Outcome{domain.OutcomePartiallyAchieved, domain.OutcomeAchieved, domain.OutcomeNotAchieved}
	for i, id := range ids {
		_, err := w.svc.CloseEngagement(w.ctx, w.coach, id, domain.CloseInput{Outcome: domain.OutcomePartiallyAchieved, Summary: "Some"})
		w.must(err)
		_, err = w.svc.ReviewEngagement(w.ctx, coachees[i], id, domain.ReviewInput{Rating: 3 + i, GoalOutcome: views[i]})
		w.must(err)
	}
	r, err := w.svc.OrgReport(w.ctx, w.admin, domain.ReportQuery{})
	w.must(err)
	c := r.Closing
	if c.AverageRating == nil || *c.AverageRating != 4 || *c.Agree != 1 || *c.Differ != 2 || *c.CoacheeHigher != 1 || len(c.ByOutcome) != 3 {
		t.Errorf("closing figure = %+v", c)
	}
}

// A report is computed once for a burst of admins asking for it, and again
// as soon as this instance writes or the day changes; another query is
// another report.
func TestReportsAreSharedUntilAWrite(t *testing.T) {
	w := newWorld(t)
	w.clock.Set(start.Add(24 * time.Hour))
	report := func(q domain.ReportQuery) domain.OrgReport {
		t.Helper()
		r, err := w.svc.OrgReport(w.ctx, w.admin, q)
		w.must(err)
		return r
	}
	first := report(domain.ReportQuery{})
	w.clock.Set(start.Add(24*time.Hour + time.Minute))
	if again := report(domain.ReportQuery{}); !again.GeneratedAt.Equal(first.GeneratedAt) {
		t.Errorf("the same report a minute later, with nothing written, was computed again")
	}
	if other := report(domain.ReportQuery{ProgrammeID: w.mentoring.ID}); other.ProgrammeID != w.mentoring.ID || other.GeneratedAt.Equal(first.GeneratedAt) {
		t.Errorf("a report of one programme was served from the report of all: %+v", other.ProgrammeID)
	}
	_, err := w.svc.CreateCheckin(w.ctx, w.mentor, w.pairing.ID, domain.CheckinInput{Format: domain.FormatInformal, ScheduledAt: start.Add(2 * time.Hour)})
	w.must(err)
	if after := report(domain.ReportQuery{}); after.GeneratedAt.Equal(first.GeneratedAt) {
		t.Errorf("a write did not refresh the report")
	}
	w.clock.Set(start.Add(48 * time.Hour))
	day := report(domain.ReportQuery{})
	if !day.GeneratedAt.Equal(start.Add(48 * time.Hour)) {
		t.Errorf("the next day's report was generated at %v", day.GeneratedAt)
	}
}
