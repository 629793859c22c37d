package domain

import "time"

// CountsQuery is the moments the dashboard's counts are taken against.
// Storage counts what falls in them; DashboardStats decides what counts.
type CountsQuery struct {
	WindowFrom, WindowTo time.Time // meetings in [WindowFrom, WindowTo): this week
	Since                time.Time // meetings from here on: the last 30 days
	EndingFrom, EndingTo Date      // engagements ending in [EndingFrom, EndingTo]
}

// PairingCount is how many pairings of a programme are in one status.
type PairingCount struct {
	ProgrammeID int64
	Status      PairingStatus
	N           int
}

// EngagementCount is how many engagements of a programme are in one status
// with one outcome, their planned sessions summed, and how many of them end
// in the query's window.
type EngagementCount struct {
	ProgrammeID     int64
	Status          EngagementStatus
	Outcome         Outcome
	N               int
	PlannedSessions int
	EndingInWindow  int
}

// MeetingCount is how many meetings of a programme are of one kind in one
// status: in the query's window, since its Since, and (SessionCounts only)
// ever.
type MeetingCount struct {
	ProgrammeID int64
	Kind        MeetingKind
	Status      MeetingStatus
	InWindow    int
	SinceStart  int
	Ever        int
}

// ProgrammeCounts is what storage counts per programme for the dashboard:
// facts grouped by status, no definitions.
type ProgrammeCounts struct {
	Pairings    []PairingCount
	Engagements []EngagementCount
	// Meetings covers meetings from the earlier of WindowFrom and Since on.
	Meetings []MeetingCount
	// Sessions covers every meeting of an engagement ever, by kind and
	// status; Ever is set.
	Sessions []MeetingCount
}

// DashboardStats turns the counts into the dashboard's figures: active
// pairings and engagements are the running relationships; a goal is due
// soon when its active engagement ends in the window; planned sessions
// leave out cancelled engagements; meetings this week are the scheduled and
// completed ones; check-ins and sessions count when completed.
func DashboardStats(c ProgrammeCounts) map[int64]*ProgrammeStats {
	out := map[int64]*ProgrammeStats{}
	get := func(id int64) *ProgrammeStats {
		st := out[id]
		if st == nil {
			st = &ProgrammeStats{ProgrammeID: id, PairingsByStatus: map[string]int{}, EngagementsBy: map[string]int{},
				Outcomes: map[string]int{}}
			out[id] = st
		}
		return st
	}
	for _, r := range c.Pairings {
		st := get(r.ProgrammeID)
		st.PairingsByStatus[string(r.Status)] += r.N
		if r.Status == PairingActive {
			st.ActiveRelationship += r.N
		}
	}
	for _, r := range c.Engagements {
		st := get(r.ProgrammeID)
		st.EngagementsBy[string(r.Status)] += r.N
		if r.Outcome != "" {
			st.Outcomes[string(r.Outcome)] += r.N
		}
		if r.Status != EngagementCancelled {
			st.SessionsPlanned += r.PlannedSessions
		}
		if r.Status == EngagementActive {
			st.ActiveRelationship += r.N
			st.GoalsDueSoon += r.EndingInWindow
		}
	}
	for _, r := range c.Meetings {
		st := get(r.ProgrammeID)
		if r.Status == StatusScheduled || r.Status == StatusCompleted {
			st.MeetingsThisWeek += r.InWindow
		}
		if r.Kind == MeetingCheckin && r.Status == StatusCompleted {
			st.CheckinsLast30 += r.SinceStart
		}
	}
	for _, r := range c.Sessions {
		if r.Kind == MeetingSession && r.Status == StatusCompleted {
			get(r.ProgrammeID).SessionsCompleted += r.Ever
		}
	}
	return out
}
