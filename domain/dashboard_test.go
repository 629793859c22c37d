package domain

import (
	"reflect"
	"testing"
)

func TestViewerRole(t *testing.T) {
	for _, c := range []struct {
		kind  MeetingKind
		leads bool
		want  string
	}{
		{MeetingCheckin, true, "mentor"},
		{MeetingCheckin, false, "mentee"},
		{MeetingSession, true, "coach"},
		{MeetingSession, false, "coachee"},
	} {
		if got := ViewerRole(c.kind, c.leads); got != c.want {
			t.Errorf("ViewerRole(%s, %v) = %q, want %q", c.kind, c.leads, got, c.want)
		}
	}
}

func TestOpenStatuses(t *testing.T) {
	for _, st := range []PairingStatus{PairingActive, PairingPaused, PairingEnded} {
		listed := false
		for _, o := range OpenPairingStatuses() {
			listed = listed || o == st
		}
		if listed != st.IsOpen() {
			t.Errorf("pairing status %s: listed open %v, IsOpen %v", st, listed, st.IsOpen())
		}
	}
	for _, st := range []EngagementStatus{EngagementActive, EngagementCompleted, EngagementCancelled} {
		listed := false
		for _, o := range OpenEngagementStatuses() {
			listed = listed || o == st
		}
		if listed != (Engagement{Status: st}).IsOpen() {
			t.Errorf("engagement status %s: listed open %v", st, listed)
		}
	}
}

func TestDashboardStats(t *testing.T) {
	c := ProgrammeCounts{
		Pairings: []PairingCount{{1, PairingActive, 4}, {1, PairingPaused, 2}, {1, PairingEnded, 3}},
		Engagements: []EngagementCount{
			{ProgrammeID: 2, Status: EngagementActive, N: 3, PlannedSessions: 18, EndingInWindow: 1},
			{ProgrammeID: 2, Status: EngagementCompleted, Outcome: OutcomeAchieved, N: 2, PlannedSessions: 12, EndingInWindow: 2},
			{ProgrammeID: 2, Status: EngagementCancelled, N: 1, PlannedSessions: 6, EndingInWindow: 1},
		},
		Meetings: []MeetingCount{
			{ProgrammeID: 1, Kind: MeetingCheckin, Status: StatusScheduled, InWindow: 2, SinceStart: 5},
			{ProgrammeID: 1, Kind: MeetingCheckin, Status: StatusCompleted, InWindow: 1, SinceStart: 7},
			{ProgrammeID: 1, Kind: MeetingCheckin, Status: StatusCancelled, InWindow: 4, SinceStart: 4},
			{ProgrammeID: 2, Kind: MeetingSession, Status: StatusCompleted, InWindow: 1, SinceStart: 3},
			{ProgrammeID: 2, Kind: MeetingSession, Status: StatusNoShow, InWindow: 2, SinceStart: 2},
		},
		Sessions: []MeetingCount{
			{ProgrammeID: 2, Kind: MeetingSession, Status: StatusCompleted, Ever: 9},
			{ProgrammeID: 2, Kind: MeetingSession, Status: StatusNoShow, Ever: 2},
		},
	}
	got := DashboardStats(c)
	want := map[int64]*ProgrammeStats{
		1: {ProgrammeID: 1, PairingsByStatus: map[string]int{"active": 4, "paused": 2, "ended": 3},
			EngagementsBy: map[string]int{}, Outcomes: map[string]int{},
			MeetingsThisWeek: 3, CheckinsLast30: 7, ActiveRelationship: 4},
		2: {ProgrammeID: 2, PairingsByStatus: map[string]int{}, EngagementsBy: map[string]int{"active": 3, "completed": 2, "cancelled": 1},
			Outcomes: map[string]int{"achieved": 2}, MeetingsThisWeek: 1, GoalsDueSoon: 1, SessionsPlanned: 30,
			SessionsCompleted: 9, ActiveRelationship: 3},
	}
	if !reflect.DeepEqual(got, want) {
		for id := range want {
			t.Errorf("programme %d:\n got %+v\nwant %+v", id, got[id], want[id])
		}
	}
}
