package domain

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// Every from/to pair of statuses, for both kinds, against the transitions
// written out by hand: scheduled may end in completed or cancelled (and,
// for sessions only, no_show); nothing leaves an ended state; staying is
// always allowed for a status the kind knows.
func TestMeetingPolicyTransitions(t *testing.T) {
	all := []MeetingStatus{StatusScheduled, StatusCompleted, StatusCancelled, StatusNoShow, "finished", ""}
	allowed := map[MeetingKind]map[[2]MeetingStatus]bool{
		MeetingCheckin: {
			{StatusScheduled, StatusScheduled}: true, {StatusCompleted, StatusCompleted}: true, {StatusCancelled, StatusCancelled}: true,
			{StatusScheduled, StatusCompleted}: true, {StatusScheduled, StatusCancelled}: true,
		},
		MeetingSession: {
			{StatusScheduled, StatusScheduled}: true, {StatusCompleted, StatusCompleted}: true, {StatusCancelled, StatusCancelled}: true,
			{StatusNoShow, StatusNoShow}:       true,
			{StatusScheduled, StatusCompleted}: true, {StatusScheduled, StatusCancelled}: true, {StatusScheduled, StatusNoShow}: true,
		},
		"call": {},
	}
	for kind, want := range allowed {
		pol := PolicyOf(kind)
		for _, from := range all {
			for _, to := range all {
				t.Run(string(kind)+"/"+string(from)+"->"+string(to), func(t *testing.T) {
					if got := pol.Allows(from, to); got != want[[2]MeetingStatus{from, to}] {
						t.Errorf("Allows(%q, %q) = %v, want %v", from, to, got, !got)
					}
				})
			}
		}
	}
	// The refusal of an unknown status names every status of the kind.
	for _, kind := range []MeetingKind{MeetingCheckin, MeetingSession} {
		pol := PolicyOf(kind)
		choices := englishText(Text{Key: pol.kindKey("error.a1.checkin_status_choices", "error.a1.session_status_choices")})
		for _, st := range pol.Statuses() {
			if !strings.Contains(choices, string(st)) {
				t.Errorf("%s: %q does not name %s", kind, choices, st)
			}
		}
	}
	if c, s := PolicyOf(MeetingCheckin), PolicyOf(MeetingSession); !c.HasAgenda || s.HasAgenda || c.HasProgress || !s.HasProgress ||
		c.NotesOnlyWhenClosed || !s.NotesOnlyWhenClosed {
		t.Errorf("fields per kind: check-in %+v, session %+v", c, s)
	}
}

// policyWorld is one check-in and one session, each with its relationship,
// at a fixed time.
type policyWorld struct {
	now                            time.Time
	leader, learner                Actor
	admin, outsider                Actor
	checkin, session               Meeting // both two days ahead
	startedCheckin, startedSession Meeting // both an hour ago
	checkinRel                     func(PairingStatus) meetingRelation
	sessionRel                     func(EngagementStatus) meetingRelation
}

func newPolicyWorld() policyWorld {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	w := policyWorld{now: now,
		leader:   Actor{Person: Person{ID: 1}},
		learner:  Actor{Person: Person{ID: 2}},
		admin:    Actor{Person: Person{ID: 3, Role: RoleAdmin, Active: true}},
		outsider: Actor{Person: Person{ID: 4}},
	}
	pid, eid := int64(10), int64(20)
	w.checkin = Meeting{ID: 100, Kind: MeetingCheckin, PairingID: &pid, LeaderID: 1, LearnerID: 2, Status: StatusScheduled,
		ScheduledAt: now.Add(48 * time.Hour), DurationMinutes: 30}
	w.session = Meeting{ID: 200, Kind: MeetingSession, EngagementID: &eid, LeaderID: 1, LearnerID: 2, Status: StatusScheduled,
		ScheduledAt: now.Add(48 * time.Hour), DurationMinutes: 60}
	w.startedCheckin, w.startedSession = w.checkin, w.session
	w.startedCheckin.ScheduledAt, w.startedSession.ScheduledAt = now.Add(-time.Hour), now.Add(-time.Hour)
	from, to := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	w.checkinRel = func(st PairingStatus) meetingRelation {
		return pairingRelation(Pairing{ID: pid, MentorID: 1, MenteeID: 2, Status: st})
	}
	w.sessionRel = func(st EngagementStatus) meetingRelation {
		e := Engagement{ID: eid, CoachID: 1, CoacheeID: 2, Status: st, ProgressPercent: 30}
		return meetingRelation{status: engagementStatusWords(st), open: e.IsOpen(), active: e.IsOpen(),
			inside:  func(t time.Time) bool { return !t.Before(from) && t.Before(to) },
			outside: Text{Key: "error.a1.inside_engagement"}, engagement: &e}
	}
	return w
}

func errKind(err error) string {
	var e *Error
	if err == nil {
		return "ok"
	}
	if errors.As(err, &e) {
		if s, ok := map[error]string{ErrConflict: "409", ErrForbidden: "403", ErrNotFound: "404", ErrInvalid: "422"}[e.Kind]; ok {
			return s
		}
	}
	return err.Error()
}

func ptr[T any](v T) *T { return &v }

// The kind-specific rules of an update, judged on what changes only.
func TestMeetingPolicyCheck(t *testing.T) {
	w := newPolicyWorld()
	later := w.now.Add(72 * time.Hour)
	past := w.now.Add(-72 * time.Hour)
	outside := time.Date(2026, 8, 1, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		m    Meeting
		rel  meetingRelation
		a    Actor
		in   MeetingPatch
		want string
	}{
		{"check-in: complete after it started", w.startedCheckin, w.checkinRel(PairingActive), w.learner, MeetingPatch{Status: ptr(StatusCompleted)}, "ok"},
		{"check-in: complete before it starts", w.checkin, w.checkinRel(PairingActive), w.learner, MeetingPatch{Status: ptr(StatusCompleted)}, "422"},
		{"check-in: move ahead", w.checkin, w.checkinRel(PairingActive), w.leader, MeetingPatch{ScheduledAt: &later}, "ok"},
		{"check-in: move into the past", w.checkin, w.checkinRel(PairingActive), w.leader, MeetingPatch{ScheduledAt: &past}, "422"},
		{"check-in: move while paused", w.checkin, w.checkinRel(PairingPaused), w.leader, MeetingPatch{ScheduledAt: &later}, "409"},
		{"check-in: same time while paused", w.checkin, w.checkinRel(PairingPaused), w.leader, MeetingPatch{ScheduledAt: ptr(w.checkin.ScheduledAt), Notes: ptr("n")}, "ok"},
		{"check-in: cancel while paused", w.checkin, w.checkinRel(PairingPaused), w.leader, MeetingPatch{Status: ptr(StatusCancelled)}, "ok"},
		{"check-in: agenda", w.checkin, w.checkinRel(PairingActive), w.leader, MeetingPatch{Agenda: ptr("Goals")}, "ok"},
		{"check-in: progress", w.checkin, w.checkinRel(PairingActive), w.leader, MeetingPatch{ProgressPercent: ptr(40)}, "422"},
		{"session: agenda", w.session, w.sessionRel(EngagementActive), w.leader, MeetingPatch{Agenda: ptr("Goals")}, "422"},
		{"session: move outside the dates", w.session, w.sessionRel(EngagementActive), w.leader, MeetingPatch{ScheduledAt: &outside}, "422"},
		{"session: move inside the dates", w.session, w.sessionRel(EngagementActive), w.learner, MeetingPatch{ScheduledAt: &later}, "ok"},
		{"session: complete before it starts", w.session, w.sessionRel(EngagementActive), w.leader, MeetingPatch{Status: ptr(StatusCompleted)}, "422"},
		{"session: complete with progress, coach", w.startedSession, w.sessionRel(EngagementActive), w.leader,
			MeetingPatch{Status: ptr(StatusCompleted), ProgressPercent: ptr(50)}, "ok"},
		{"session: progress by the coachee", w.startedSession, w.sessionRel(EngagementActive), w.learner, MeetingPatch{ProgressPercent: ptr(50)}, "403"},
		{"session: progress 101", w.startedSession, w.sessionRel(EngagementActive), w.leader, MeetingPatch{ProgressPercent: ptr(101)}, "422"},
		{"closed engagement: notes", w.session, w.sessionRel(EngagementCompleted), w.leader, MeetingPatch{Notes: ptr("after"), PrivateNotes: ptr("mine")}, "ok"},
		{"closed engagement: the whole form, unchanged", w.session, w.sessionRel(EngagementCompleted), w.leader,
			MeetingPatch{ScheduledAt: ptr(w.session.ScheduledAt), DurationMinutes: ptr(60), Location: ptr(""), Notes: ptr("after"), ProgressPercent: ptr(30)}, "ok"},
		{"closed engagement: new place", w.session, w.sessionRel(EngagementCompleted), w.leader, MeetingPatch{Location: ptr("Room 9")}, "409"},
		{"closed engagement: cancel", w.session, w.sessionRel(EngagementCancelled), w.leader, MeetingPatch{Status: ptr(StatusCancelled)}, "409"},
		{"closed engagement: new progress", w.session, w.sessionRel(EngagementCompleted), w.leader, MeetingPatch{ProgressPercent: ptr(90)}, "409"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := PolicyOf(c.m.Kind).check(c.rel, c.a, c.m, applyPatch(c.m, c.in), c.in, w.now)
			if got := errKind(err); got != c.want {
				t.Errorf("check = %s (%v), want %s", got, err, c.want)
			}
		})
	}
}

// What each actor may do, per kind and state: the same rules as check,
// asked ahead.
func TestMeetingAbilities(t *testing.T) {
	w := newPolicyWorld()
	type can = MeetingAbilities
	none := can{}
	cases := []struct {
		name string
		a    Actor
		m    Meeting
		rel  meetingRelation
		want can
	}{
		{"check-in ahead, mentor", w.leader, w.checkin, w.checkinRel(PairingActive),
			can{Edit: true, Cancel: true, SeeNotes: true, SeePrivateNotes: true, Details: true, Reschedule: true}},
		{"check-in started, mentee", w.learner, w.startedCheckin, w.checkinRel(PairingActive),
			can{Edit: true, Complete: true, Cancel: true, SeeNotes: true, SeePrivateNotes: true, Details: true, Reschedule: true}},
		{"check-in, paused pairing", w.learner, w.startedCheckin, w.checkinRel(PairingPaused),
			can{Edit: true, Complete: true, Cancel: true, SeeNotes: true, SeePrivateNotes: true, Details: true}},
		{"check-in, admin", w.admin, w.startedCheckin, w.checkinRel(PairingActive), none},
		{"check-in, outsider", w.outsider, w.startedCheckin, w.checkinRel(PairingActive), none},
		{"session started, coach", w.leader, w.startedSession, w.sessionRel(EngagementActive),
			can{Edit: true, Complete: true, Cancel: true, NoShow: true, SeeNotes: true, SeePrivateNotes: true, Details: true, Reschedule: true, Progress: true}},
		{"session started, coachee", w.learner, w.startedSession, w.sessionRel(EngagementActive),
			can{Edit: true, Complete: true, Cancel: true, NoShow: true, SeeNotes: true, SeePrivateNotes: true, Details: true, Reschedule: true}},
		{"session, closed engagement, coach", w.leader, w.startedSession, w.sessionRel(EngagementCompleted),
			can{Edit: true, SeeNotes: true, SeePrivateNotes: true}},
		{"session, admin", w.admin, w.startedSession, w.sessionRel(EngagementActive), none},
	}
	completed := w.startedSession
	completed.Status = StatusCompleted
	cases = append(cases, struct {
		name string
		a    Actor
		m    Meeting
		rel  meetingRelation
		want can
	}{"completed session, coach", w.leader, completed, w.sessionRel(EngagementActive),
		can{Edit: true, SeeNotes: true, SeePrivateNotes: true, Details: true, Progress: true}})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := meetingAbilities(c.a, c.m, c.rel, w.now)
			c.want.kind = c.m.Kind
			if got != c.want {
				t.Errorf("abilities\n got %+v\nwant %+v", got, c.want)
			}
		})
	}
	j, err := meetingAbilities(w.leader, w.checkin, w.checkinRel(PairingActive), w.now).MarshalJSON()
	if err != nil || string(j) != `{"cancel":true,"complete":false,"edit":true,"see_notes":true,"see_private_notes":true}` {
		t.Errorf("check-in can: %s %v", j, err)
	}
	j, _ = meetingAbilities(w.learner, w.startedSession, w.sessionRel(EngagementActive), w.now).MarshalJSON()
	if string(j) != `{"cancel":true,"complete":true,"edit":true,"no_show":true,"see_notes":true,"see_private_notes":true}` {
		t.Errorf("session can: %s", j)
	}
}
