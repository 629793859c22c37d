package domain_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"cairn/domain"
)

// Who may do what: every use case that takes an actor, called by an admin,
// a participant of the object (the mentee for mentoring rows, the coachee
// for coaching rows), an outsider (a member in neither relationship) and
// the external coach (a participant of the engagement, a stranger to the
// pairing). 404 is for what the actor may not know exists, 403 for what
// they may see but not do.

var ok error // success, in the tables

const (
	asAdmin = iota
	asParticipant
	asOutsider
	asCoach
)

var roleNames = [4]string{"admin", "participant", "outsider", "external coach"}

type accessRow struct {
	method   string // the *domain.Service method the row calls
	coaching bool   // the participant is the coachee (else the mentee)
	call     func(w *world, a domain.Actor) error
	want     [4]error // admin, participant, outsider, external coach
}

var (
	F = domain.ErrForbidden
	N = domain.ErrNotFound
)

func errOnly[T any](_ T, err error) error { return err }

const peopleCSV = "name,email,job_title,department,seniority,timezone,external\nNew Person,new@example.org,,,3,UTC,false\n"

var accessMatrix = []accessRow{
	// Own things: everyone, each their own.
	{"Agenda", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.Agenda(w.ctx, a, start, start.Add(7*24*time.Hour)))
	}, [4]error{ok, ok, ok, ok}},
	{"EndSession", false, func(w *world, a domain.Actor) error {
		secret, _, err := w.svc.StartSession(w.ctx, a.Person)
		w.must(err)
		signed, err := w.svc.ActorFromSession(w.ctx, secret)
		w.must(err)
		return w.svc.EndSession(w.ctx, signed)
	}, [4]error{ok, ok, ok, ok}},
	{"EndSessionAtProvider", false, func(w *world, a domain.Actor) error {
		secret, _, err := w.svc.StartSession(w.ctx, a.Person)
		w.must(err)
		signed, err := w.svc.ActorFromSession(w.ctx, secret)
		w.must(err)
		return errOnly(w.svc.EndSessionAtProvider(w.ctx, signed))
	}, [4]error{ok, ok, ok, ok}},
	{"RevokeCurrentToken", false, func(w *world, a domain.Actor) error {
		secret, _, err := w.svc.IssueAPIToken(w.ctx, a.Person, "cli")
		w.must(err)
		signed, err := w.svc.ActorFromToken(w.ctx, secret)
		w.must(err)
		return w.svc.RevokeCurrentToken(w.ctx, signed)
	}, [4]error{ok, ok, ok, ok}},
	{"CalendarURL", false, func(w *world, a domain.Actor) error { return errOnly(w.svc.CalendarURL(w.ctx, a)) }, [4]error{ok, ok, ok, ok}},
	{"CalendarLink", false, func(w *world, a domain.Actor) error { return errOnly(w.svc.CalendarLink(w.ctx, a)) }, [4]error{ok, ok, ok, ok}},
	{"RotateCalendarURL", false, func(w *world, a domain.Actor) error { return errOnly(w.svc.RotateCalendarURL(w.ctx, a)) }, [4]error{ok, ok, ok, ok}},
	{"ListNotifications", false, func(w *world, a domain.Actor) error { return errOnly(w.svc.ListNotifications(w.ctx, a, 10, 0)) }, [4]error{ok, ok, ok, ok}},
	{"UnreadNotifications", false, func(w *world, a domain.Actor) error { return errOnly(w.svc.UnreadNotifications(w.ctx, a)) }, [4]error{ok, ok, ok, ok}},
	{"MarkAllNotificationsRead", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.MarkAllNotificationsRead(w.ctx, a))
	}, [4]error{ok, ok, ok, ok}},
	{"MarkNotificationRead", false, func(w *world, a domain.Actor) error {
		n := domain.Notification{RecipientID: w.mentee.Person.ID, Kind: "reminder", Subject: "hello", CreatedAt: start}
		w.must(w.mem.Ports().Notifications.InsertNotification(w.ctx, &n))
		return w.svc.MarkNotificationRead(w.ctx, a, n.ID)
	}, [4]error{N, ok, N, N}},
	{"UpdateOwnProfile", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.UpdateOwnProfile(w.ctx, a, domain.ProfileInput{Timezone: ptr("Europe/Berlin")}))
	}, [4]error{ok, ok, ok, ok}},
	{"ChangePassword", false, func(w *world, a domain.Actor) error {
		return w.svc.ChangePassword(w.ctx, a, "correct horse battery", "another long password")
	}, [4]error{ok, ok, ok, ok}},
	{"AccountAbilities", false, func(w *world, a domain.Actor) error {
		if !w.svc.AccountAbilities(a).ChangePassword {
			return domain.ErrForbidden
		}
		return nil
	}, [4]error{ok, ok, ok, ok}},
	{"OwnAPITokens", false, func(w *world, a domain.Actor) error { return errOnly(w.svc.OwnAPITokens(w.ctx, a)) }, [4]error{ok, ok, ok, ok}},
	{"ListOwnAPITokens", false, func(w *world, a domain.Actor) error { return errOnly(w.svc.ListOwnAPITokens(w.ctx, a, 0, 0)) }, [4]error{ok, ok, ok, ok}},
	{"RevokeOwnAPIToken", false, func(w *world, a domain.Actor) error {
		_, tok, err := w.svc.IssueAPIToken(w.ctx, w.mentee.Person, "mentee's")
		w.must(err)
		return w.svc.RevokeOwnAPIToken(w.ctx, a, tok.ID)
	}, [4]error{N, ok, N, N}},

	// The directory: members see active people; an external person only
	// their engagement circle.
	{"ListPeople", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.ListPeople(w.ctx, a, domain.PeopleFilter{}))
	}, [4]error{ok, ok, ok, ok}},
	{"GetPerson", false, func(w *world, a domain.Actor) error { return errOnly(w.svc.GetPerson(w.ctx, a, w.mentee.Person.ID)) }, [4]error{ok, ok, ok, N}},
	{"PersonOverview", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.PersonOverview(w.ctx, a, w.mentee.Person.ID))
	}, [4]error{ok, ok, ok, N}},
	{"ExportPerson", false, func(w *world, a domain.Actor) error { return errOnly(w.svc.ExportPerson(w.ctx, a, w.mentee.Person.ID)) }, [4]error{ok, ok, F, N}},
	{"Profile", false, func(w *world, a domain.Actor) error { return errOnly(w.svc.Profile(w.ctx, a, w.mentee.Person.ID)) }, [4]error{ok, ok, ok, N}},
	{"UpdateProfile", false, func(w *world, a domain.Actor) error {
		bio := "Learning the ropes."
		return errOnly(w.svc.UpdateProfile(w.ctx, a, w.mentee.Person.ID, domain.ProfilePatch{Bio: &bio}))
	}, [4]error{ok, ok, F, N}},
	{"Tags", false, func(w *world, a domain.Actor) error { return errOnly(w.svc.Tags(w.ctx, a)) }, [4]error{ok, ok, ok, ok}},
	{"CreateTag", false, func(w *world, a domain.Actor) error { return errOnly(w.svc.CreateTag(w.ctx, a, "Negotiation")) }, [4]error{ok, F, F, F}},
	{"DeleteTag", false, func(w *world, a domain.Actor) error {
		tag, err := w.svc.CreateTag(w.ctx, w.admin, "Negotiation")
		w.must(err)
		return w.svc.DeleteTag(w.ctx, a, tag.ID)
	}, [4]error{ok, F, F, F}},

	// Admin work.
	{"CreatePerson", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.CreatePerson(w.ctx, a, domain.PersonInput{Name: "New", Email: "new@example.org", Seniority: 2}))
	}, [4]error{ok, F, F, F}},
	{"UpdatePerson", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.UpdatePerson(w.ctx, a, w.mentee.Person.ID, domain.PersonPatch{JobTitle: ptr("Analyst")}))
	}, [4]error{ok, F, F, F}},
	{"InvitePerson", false, func(w *world, a domain.Actor) error {
		_, _, err := w.svc.InvitePerson(w.ctx, a, w.mentee.Person.ID)
		return err
	}, [4]error{ok, F, F, F}},
	{"CheckPeopleCSV", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.CheckPeopleCSV(w.ctx, a, strings.NewReader(peopleCSV)))
	}, [4]error{ok, F, F, F}},
	{"ImportPeople", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.ImportPeople(w.ctx, a, strings.NewReader(peopleCSV)))
	}, [4]error{ok, F, F, F}},
	{"HoldImport", false, func(w *world, a domain.Actor) error { return errOnly(w.svc.HoldImport(w.ctx, a, "people", peopleCSV)) }, [4]error{ok, F, F, F}},
	{"TakeImport", false, func(w *world, a domain.Actor) error {
		id, err := w.svc.HoldImport(w.ctx, w.admin, "people", peopleCSV)
		w.must(err)
		return errOnly(w.svc.TakeImport(w.ctx, a, "people", id))
	}, [4]error{ok, F, F, F}},
	{"CheckPairingsCSV", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.CheckPairingsCSV(w.ctx, a, strings.NewReader(w.pairingsCSV())))
	}, [4]error{ok, F, F, F}},
	{"ImportPairings", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.ImportPairings(w.ctx, a, strings.NewReader(w.pairingsCSV())))
	}, [4]error{ok, F, F, F}},
	{"CheckEngagementsCSV", true, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.CheckEngagementsCSV(w.ctx, a, strings.NewReader(w.engagementsCSV())))
	}, [4]error{ok, F, F, F}},
	{"ImportEngagements", true, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.ImportEngagements(w.ctx, a, strings.NewReader(w.engagementsCSV())))
	}, [4]error{ok, F, F, F}},
	{"AuditLog", false, func(w *world, a domain.Actor) error { return errOnly(w.svc.AuditLog(w.ctx, a, domain.AuditFilter{})) }, [4]error{ok, F, F, F}},
	{"ListFlags", false, func(w *world, a domain.Actor) error { return errOnly(w.svc.ListFlags(w.ctx, a)) }, [4]error{ok, F, F, F}},
	{"ListOpenFlags", false, func(w *world, a domain.Actor) error { return errOnly(w.svc.ListOpenFlags(w.ctx, a, 0, 0)) }, [4]error{ok, F, F, F}},
	{"ListOutbox", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.ListOutbox(w.ctx, a, domain.OutboxFilter{}))
	}, [4]error{ok, F, F, F}},
	{"RetryOutbox", false, func(w *world, a domain.Actor) error {
		m := domain.OutboxMessage{Kind: domain.OutboxDigest, To: "admin@example.org", MessageID: "dead@test", State: domain.OutboxQueued,
			NextAttemptAt: start, CreatedAt: start}
		ob := w.mem.Ports().Outbox
		w.must(ob.EnqueueMail(w.ctx, &m))
		claimed, err := ob.ClaimOutbox(w.ctx, start, start.Add(time.Minute), "t", 1)
		w.must(err)
		w.must(ob.FinishOutbox(w.ctx, claimed[0].ID, "t", domain.OutboxResult{State: domain.OutboxDead, NextAttemptAt: start, LastError: "550"}))
		return errOnly(w.svc.RetryOutbox(w.ctx, a, m.ID))
	}, [4]error{ok, F, F, F}},
	{"RunJob", false, func(w *world, a domain.Actor) error { return errOnly(w.svc.RunJob(w.ctx, a, domain.JobFlags)) }, [4]error{ok, F, F, F}},
	{"Dashboard", false, func(w *world, a domain.Actor) error { return errOnly(w.svc.Dashboard(w.ctx, a)) }, [4]error{ok, F, F, F}},
	{"OrgReport", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.OrgReport(w.ctx, a, domain.ReportQuery{ProgrammeID: w.mentoring.ID}))
	}, [4]error{ok, F, F, F}},
	{"ProgrammeReport", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.ProgrammeReport(w.ctx, a, w.mentoring.ID))
	}, [4]error{ok, F, F, F}},
	{"MentorSuggestions", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.MentorSuggestions(w.ctx, a, w.outsider.Person.ID, w.mentoring.ID))
	}, [4]error{ok, F, F, F}},
	// Cohort matching: admins; a member who takes part in the programme
	// may know it (403), anyone else may not (404).
	{"ProposePairs", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.ProposePairs(w.ctx, a, w.mentoring.ID))
	}, [4]error{ok, F, N, N}},
	// Mentor requests, in a programme of their own where mentees ask: its
	// mentors and its requests are for active colleagues; the external
	// coach is not mentored.
	{"BrowseMentors", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.BrowseMentors(w.ctx, a, w.requestProgramme().ID, domain.MentorFilter{}))
	}, [4]error{ok, ok, ok, domain.ErrConflict}},
	{"JoinProgramme", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.JoinProgramme(w.ctx, a, w.requestProgramme().ID, domain.RoleMentee, nil))
	}, [4]error{ok, ok, ok, domain.ErrInvalid}},
	{"LeaveProgramme", false, func(w *world, a domain.Actor) error {
		id := w.requestProgramme().ID
		_, _ = w.svc.JoinProgramme(w.ctx, a, id, domain.RoleMentee, nil)
		return w.svc.LeaveProgramme(w.ctx, a, id, domain.RoleMentee)
	}, [4]error{ok, ok, ok, N}},
	{"CreateRequest", false, func(w *world, a domain.Actor) error {
		id, senior := w.requestProgramme().ID, w.person("Vera Veteran", "veteran@example.org", 9, false)
		return errOnly(w.svc.CreateRequest(w.ctx, a, id, domain.RequestInput{MentorID: senior.Person.ID}))
	}, [4]error{domain.ErrInvalid, ok, ok, domain.ErrConflict}},
	{"AnswerRequest", false, func(w *world, a domain.Actor) error {
		id, senior := w.requestProgramme().ID, w.person("Vera Veteran", "veteran@example.org", 9, false)
		r, err := w.svc.CreateRequest(w.ctx, w.outsider, id, domain.RequestInput{MentorID: senior.Person.ID})
		w.must(err)
		return errOnly(w.svc.AnswerRequest(w.ctx, a, r.ID, domain.StepWithdraw, ""))
	}, [4]error{F, N, ok, N}},
	{"MyRequests", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.MyRequests(w.ctx, a, 0))
	}, [4]error{ok, ok, ok, ok}},
	{"RequestProgrammes", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.RequestProgrammes(w.ctx, a))
	}, [4]error{ok, ok, ok, ok}},
	{"RequestsAwaitingApproval", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.RequestsAwaitingApproval(w.ctx, a))
	}, [4]error{ok, F, F, F}},
	{"ConfirmPairs", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.ConfirmPairs(w.ctx, a, w.mentoring.ID,
			[]domain.PairChoice{{MentorID: w.outsider.Person.ID, MenteeID: w.coachee.Person.ID}}))
	}, [4]error{ok, F, N, N}},
	{"ReviewPairs", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.ReviewPairs(w.ctx, a, w.mentoring.ID,
			[]domain.PairChoice{{MentorID: w.outsider.Person.ID, MenteeID: w.coachee.Person.ID}}))
	}, [4]error{ok, F, N, N}},
	{"MentorChoices", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.MentorChoices(w.ctx, a, w.mentoring.ID, w.mentee.Person.ID))
	}, [4]error{ok, F, F, F}},

	// Programmes: admins any, others those they take part in.
	{"CreateProgramme", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.CreateProgramme(w.ctx, a, domain.Programme{Name: "New", Kind: domain.KindCoaching}))
	}, [4]error{ok, F, F, F}},
	// A programme is known to its members, who may not change it (403);
	// to anyone else it does not exist (404).
	{"UpdateProgramme", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.UpdateProgramme(w.ctx, a, w.mentoring.ID, domain.ProgrammePatch{Description: ptr("new")}))
	}, [4]error{ok, F, N, N}},
	{"ProgrammeToEdit", false, func(w *world, a domain.Actor) error { return errOnly(w.svc.ProgrammeToEdit(w.ctx, a, w.mentoring.ID)) }, [4]error{ok, F, N, N}},
	{"PersonToEdit", false, func(w *world, a domain.Actor) error { return errOnly(w.svc.PersonToEdit(w.ctx, a, w.mentee.Person.ID)) }, [4]error{ok, F, F, F}},
	{"Authorize", false, func(w *world, a domain.Actor) error { return w.svc.Authorize(a, domain.ActImport) }, [4]error{ok, F, F, F}},
	{"GetProgramme", false, func(w *world, a domain.Actor) error { return errOnly(w.svc.GetProgramme(w.ctx, a, w.mentoring.ID)) }, [4]error{ok, ok, N, N}},
	{"ListProgrammes", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.ListProgrammes(w.ctx, a, domain.ProgrammeFilter{}))
	}, [4]error{ok, ok, ok, ok}},

	// Pairings and their check-ins.
	{"CreatePairing", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.CreatePairing(w.ctx, a, domain.PairingInput{ProgrammeID: w.mentoring.ID, MentorID: w.mentor.Person.ID,
			MenteeID: w.coachee.Person.ID}))
	}, [4]error{ok, F, F, F}},
	{"UpdatePairing", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.UpdatePairing(w.ctx, a, w.pairing.ID, domain.PairingPatch{Focus: ptr("public speaking")}))
	}, [4]error{ok, F, N, N}},
	{"GetPairing", false, func(w *world, a domain.Actor) error { return errOnly(w.svc.GetPairing(w.ctx, a, w.pairing.ID)) }, [4]error{ok, ok, N, N}},
	{"PairingOverview", false, func(w *world, a domain.Actor) error { return errOnly(w.svc.PairingOverview(w.ctx, a, w.pairing.ID)) }, [4]error{ok, ok, N, N}},
	{"ListPairings", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.ListPairings(w.ctx, a, domain.PairingFilter{}))
	}, [4]error{ok, ok, ok, ok}},
	{"CreateCheckin", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.CreateCheckin(w.ctx, a, w.pairing.ID, domain.CheckinInput{Format: domain.FormatInformal}))
	}, [4]error{F, ok, N, N}},
	{"GetCheckin", false, func(w *world, a domain.Actor) error { return errOnly(w.svc.GetCheckin(w.ctx, a, w.checkin.ID)) }, [4]error{ok, ok, N, N}},
	{"ListCheckins", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.ListCheckins(w.ctx, a, w.pairing.ID, 10, 0))
	}, [4]error{ok, ok, N, N}},
	{"UpdateCheckin", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.UpdateCheckin(w.ctx, a, w.checkin.ID, domain.MeetingPatch{Location: ptr("Room 4")}))
	}, [4]error{F, ok, N, N}},

	// Engagements and their sessions.
	{"CreateEngagement", true, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.CreateEngagement(w.ctx, a, domain.EngagementInput{ProgrammeID: w.coaching.ID, CoachID: w.coach.Person.ID,
			CoacheeID: w.mentee.Person.ID, Goal: domain.Goal{Title: "Speak up", Area: domain.AreaWork},
			StartsOn: domain.NewDate(2026, 3, 1), EndsOn: domain.NewDate(2026, 5, 31), PlannedSessions: 4}))
	}, [4]error{ok, F, F, F}},
	{"GetEngagement", true, func(w *world, a domain.Actor) error { return errOnly(w.svc.GetEngagement(w.ctx, a, w.engagement.ID)) }, [4]error{ok, ok, N, ok}},
	{"EngagementOverview", true, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.EngagementOverview(w.ctx, a, w.engagement.ID))
	}, [4]error{ok, ok, N, ok}},
	{"ListEngagements", true, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.ListEngagements(w.ctx, a, domain.EngagementFilter{}))
	}, [4]error{ok, ok, ok, ok}},
	{"MyEngagements", true, func(w *world, a domain.Actor) error { return errOnly(w.svc.MyEngagements(w.ctx, a)) }, [4]error{ok, ok, ok, ok}},
	{"UpdateEngagement", true, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.UpdateEngagement(w.ctx, a, w.engagement.ID, domain.EngagementPatch{ProgressPercent: ptr(40)}))
	}, [4]error{ok, F, N, ok}},
	{"EngagementProgress", true, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.EngagementProgress(w.ctx, a, w.engagement.ID))
	}, [4]error{ok, ok, N, ok}},
	{"CloseEngagement", true, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.CloseEngagement(w.ctx, a, w.engagement.ID, domain.CloseInput{Outcome: domain.OutcomeAchieved, Summary: "done"}))
	}, [4]error{ok, F, N, ok}},
	{"CancelEngagement", true, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.CancelEngagement(w.ctx, a, w.engagement.ID, "moved on"))
	}, [4]error{ok, F, N, F}},
	{"ScheduleSession", true, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.ScheduleSession(w.ctx, a, w.engagement.ID, domain.SessionInput{ScheduledAt: start.Add(200 * time.Hour), DurationMinutes: 45}))
	}, [4]error{F, ok, N, ok}},
	{"GetSession", true, func(w *world, a domain.Actor) error { return errOnly(w.svc.GetSession(w.ctx, a, w.session.ID)) }, [4]error{ok, ok, N, ok}},
	{"ListSessions", true, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.ListSessions(w.ctx, a, w.engagement.ID, 10, 0))
	}, [4]error{ok, ok, N, ok}},
	{"UpdateSession", true, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.UpdateSession(w.ctx, a, w.session.ID, domain.MeetingPatch{Location: ptr("Zoom")}))
	}, [4]error{F, ok, N, ok}},

	// Health: nudges are HR's; a flag does not exist for anyone else.
	{"NudgePairing", false, func(w *world, a domain.Actor) error {
		return w.svc.NudgePairing(w.ctx, a, w.pairing.ID, "Please find a time")
	}, [4]error{ok, F, N, N}},
	{"NudgeEngagement", true, func(w *world, a domain.Actor) error {
		return w.svc.NudgeEngagement(w.ctx, a, w.engagement.ID, "")
	}, [4]error{ok, F, N, F}},
	{"ProgrammeNudgeSettings", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.ProgrammeNudgeSettings(w.ctx, a, w.mentoring.ID))
	}, [4]error{ok, F, F, F}},
	{"SetProgrammeNudgeSettings", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.SetProgrammeNudgeSettings(w.ctx, a, w.mentoring.ID, domain.NudgeSettingsPatch{GraceDays: ptr(10)}))
	}, [4]error{ok, F, F, F}},
	{"FlagViews", false, func(w *world, a domain.Actor) error {
		w.flag()
		return errOnly(w.svc.FlagViews(w.ctx, a, domain.FlagQuery{}))
	}, [4]error{ok, F, F, F}},
	{"NudgeFlag", false, func(w *world, a domain.Actor) error { return w.svc.NudgeFlag(w.ctx, a, w.flag(), "") }, [4]error{ok, N, N, N}},
	{"SnoozeFlag", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.SnoozeFlag(w.ctx, a, w.flag(), domain.NewDate(2026, 4, 1), "new cohort starts"))
	}, [4]error{ok, N, N, N}},
	{"ResolveFlag", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.ResolveFlag(w.ctx, a, w.flag(), "spoke to both"))
	}, [4]error{ok, N, N, N}},
	// Series (regular times): the participants and admins; outsiders 404.
	{"CreateSeries", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.CreateSeries(w.ctx, a, domain.SeriesOf{PairingID: w.pairing.ID}, w.seriesInput()))
	}, [4]error{ok, ok, N, N}},
	{"CreateSeries", true, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.CreateSeries(w.ctx, a, domain.SeriesOf{EngagementID: w.engagement.ID}, w.seriesInput()))
	}, [4]error{ok, ok, N, ok}},
	{"PreviewSeries", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.PreviewSeries(w.ctx, a, domain.SeriesOf{PairingID: w.pairing.ID}, w.seriesInput(), 5))
	}, [4]error{ok, ok, N, N}},
	{"ListSeries", true, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.ListSeries(w.ctx, a, domain.SeriesOf{EngagementID: w.engagement.ID}, 10, 0))
	}, [4]error{ok, ok, N, ok}},
	{"GetSeries", false, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.GetSeries(w.ctx, a, w.series(domain.SeriesOf{PairingID: w.pairing.ID}).ID))
	}, [4]error{ok, ok, N, N}},
	{"UpdateSeries", true, func(w *world, a domain.Actor) error {
		return errOnly(w.svc.UpdateSeries(w.ctx, a, w.series(domain.SeriesOf{EngagementID: w.engagement.ID}).ID, domain.SeriesPatch{Location: ptr("Room 9")}))
	}, [4]error{ok, ok, N, ok}},
	{"EndSeries", false, func(w *world, a domain.Actor) error {
		return w.svc.EndSeries(w.ctx, a, w.series(domain.SeriesOf{PairingID: w.pairing.ID}).ID)
	}, [4]error{ok, ok, N, N}},
}

// flag raises an open checkin_overdue flag on the world's pairing.
func (w *world) flag() int64 {
	w.t.Helper()
	f := domain.Flag{Kind: domain.FlagCheckinOverdue, SubjectType: domain.SubjectPairing, SubjectID: w.pairing.ID,
		ProgrammeID: w.mentoring.ID, RaisedAt: start, Detail: "quiet"}
	_, err := w.mem.Ports().Flags.RaiseFlag(w.ctx, &f)
	w.must(err)
	return f.ID
}

// noActorMethods are the exported methods that take no actor, so have no
// place in the matrix: sign-in and links (the secret is the credential),
// the scheduler's sweeps, the command line's admin bootstrap, wiring and
// plain accessors. A new method lands here only with a reason.
var noActorMethods = map[string]string{
	"Authenticate":           "signs in: email and password are the credential",
	"StartSession":           "after Authenticate, for the person it returned",
	"ActorFromSession":       "turns a session secret into an actor",
	"IssueAPIToken":          "for the signed-in person, by the settings page",
	"ActorFromToken":         "turns a token into an actor",
	"SignInWithProvider":     "signs in: the provider's verified ID token is the credential",
	"RecordSSORefusal":       "audits a refused organisation sign-in; nobody is signed in",
	"SSOEnabled":             "configuration accessor for the sign-in page",
	"PasswordLoginOn":        "configuration accessor for the sign-in page",
	"PasswordResetsOn":       "configuration accessor for the forgotten-password page",
	"CalendarFeedICS":        "the feed token is the credential",
	"RequestPasswordReset":   "anyone may ask; the link goes to the address on file",
	"CheckPasswordLink":      "the link is the credential",
	"UsePasswordLink":        "the link is the credential",
	"CheckActionLink":        "the link is the credential",
	"UseActionLink":          "the link is the credential",
	"SweepFlags":             "scheduler job",
	"SweepNudges":            "scheduler job (run by the flag sweep)",
	"OpsSnapshot":            "metrics: counts across the installation, no person or content",
	"MeetingUID":             "names a meeting's calendar event; grants nothing",
	"Seal":                   "signs a value for a round trip through the browser; grants nothing",
	"Unseal":                 "checks a value Seal signed; grants nothing",
	"DeliverOutbox":          "scheduler job",
	"QueueDueReminders":      "scheduler job",
	"ExpireRequests":         "scheduler job",
	"PlanRemindersForLoaded": "command line, inside the bulk load's transaction",
	"PlanReminders":          "meeting hook, inside the meeting's transaction",
	"EnsureFirstAdmin":       "start-up bootstrap",
	"CreateAdmin":            "command line",
	"EnableNotifications":    "wiring",
	"OnMeetingChange":        "wiring",
	"Now":                    "accessor",
	"Config":                 "accessor",
	"Ping":                   "health check",
	"ExtendSeries":           "scheduler job",
}

func (w *world) pairingsCSV() string {
	return strings.Join(domain.PairingsCSVHeader, ",") + "\n" +
		itoa(w.mentoring.ID) + ",mentor@example.org,coachee@example.org,,,,\n"
}

func (w *world) engagementsCSV() string {
	return strings.Join(domain.EngagementsCSVHeader, ",") + "\n" +
		itoa(w.coaching.ID) + ",coach@example.net,mentee@example.org,Speak up,,work,,2026-03-01,2026-05-31,4\n"
}

func (w *world) as(role int, coaching bool) domain.Actor {
	switch role {
	case asAdmin:
		return w.admin
	case asOutsider:
		return w.outsider
	case asCoach:
		return w.coach
	}
	if coaching {
		return w.coachee
	}
	return w.mentee
}

func TestAccessMatrix(t *testing.T) {
	for _, row := range accessMatrix {
		for role := range roleNames {
			t.Run(row.method+"/"+roleNames[role], func(t *testing.T) {
				w := newWorld(t)
				wantKind(t, row.call(w, w.as(role, row.coaching)), row.want[role])
			})
		}
	}
}

// TestAccessMatrixCoversService fails when an exported use case is in
// neither the matrix nor the list of methods without an actor, and when a
// method is filed on the wrong side.
func TestAccessMatrixCoversService(t *testing.T) {
	actorType := reflect.TypeOf(domain.Actor{})
	inMatrix := map[string]bool{}
	for _, row := range accessMatrix {
		inMatrix[row.method] = true
	}
	svc := reflect.TypeOf(&domain.Service{})
	var names []string
	for i := range svc.NumMethod() {
		m := svc.Method(i)
		names = append(names, m.Name)
		takesActor := false
		for j := 1; j < m.Type.NumIn(); j++ {
			takesActor = takesActor || m.Type.In(j) == actorType
		}
		_, exempt := noActorMethods[m.Name]
		switch {
		case inMatrix[m.Name] && exempt:
			t.Errorf("%s is both in the access matrix and listed as taking no actor", m.Name)
		case inMatrix[m.Name] && !takesActor:
			t.Errorf("%s is in the access matrix but takes no domain.Actor", m.Name)
		case exempt && takesActor:
			t.Errorf("%s takes a domain.Actor: give it rows in the access matrix instead of listing it in noActorMethods", m.Name)
		case !inMatrix[m.Name] && !exempt:
			t.Errorf("%s is a new use case: add it to the access matrix (or, if it takes no actor, to noActorMethods with a reason)", m.Name)
		}
	}
	for name := range inMatrix {
		if !slices.Contains(names, name) {
			t.Errorf("the access matrix names %s, which *domain.Service no longer has", name)
		}
	}
	for name := range noActorMethods {
		if !slices.Contains(names, name) {
			t.Errorf("noActorMethods names %s, which *domain.Service no longer has", name)
		}
	}
}

// requestProgramme is a new mentoring programme where mentees ask for
// mentors.
func (w *world) requestProgramme() domain.Programme {
	w.t.Helper()
	p, err := w.svc.CreateProgramme(w.ctx, w.admin, domain.Programme{Name: "Ask a mentor", Kind: domain.KindMentoring,
		Matching: domain.MatchingRequest})
	w.must(err)
	return p
}
