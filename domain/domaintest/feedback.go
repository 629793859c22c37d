package domaintest

import (
	"cmp"
	"context"
	"slices"
	"time"

	"cairn/domain"
)

type feedback struct{ conn }

// feedbackOf is the learner's answer about a meeting, if any.
func feedbackOf(st *state, meetingID int64) (domain.MeetingFeedback, bool) {
	m := st.meetings[meetingID]
	for _, f := range st.feedback {
		if f.MeetingID == meetingID && f.LearnerID == m.LearnerID {
			f.Kind = m.Kind
			return f, true
		}
	}
	return domain.MeetingFeedback{}, false
}

func (x feedback) CreateFeedback(_ context.Context, f *domain.MeetingFeedback) error {
	st, unlock := x.lock()
	defer unlock()
	if _, ok := st.meetings[f.MeetingID]; !ok {
		return errConflict("meeting %d does not exist", f.MeetingID)
	}
	for _, o := range st.feedback {
		if o.MeetingID == f.MeetingID && o.LearnerID == f.LearnerID {
			return errConflict("meeting %d has feedback from %d", f.MeetingID, f.LearnerID)
		}
	}
	f.ID = st.id()
	st.feedback[f.ID] = *f
	return nil
}

func (x feedback) FeedbackOfMeeting(_ context.Context, meetingID int64) (domain.MeetingFeedback, error) {
	st, unlock := x.lock()
	defer unlock()
	if f, ok := feedbackOf(st, meetingID); ok {
		return f, nil
	}
	return domain.MeetingFeedback{}, errNotFound("feedback on meeting %d", meetingID)
}

func (x feedback) FeedbackDue(_ context.Context, learnerID int64, since time.Time, n int) ([]domain.FeedbackPrompt, error) {
	st, unlock := x.lock()
	defer unlock()
	var out []domain.FeedbackPrompt
	for _, m := range st.meetings {
		if m.LearnerID != learnerID || m.Status != domain.StatusCompleted || m.ScheduledAt.Before(since) {
			continue
		}
		if _, ok := feedbackOf(st, m.ID); ok {
			continue
		}
		out = append(out, domain.FeedbackPrompt{Kind: m.Kind, MeetingID: m.ID, ScheduledAt: m.ScheduledAt,
			With: domain.PersonRef{ID: m.LeaderID, Name: st.people[m.LeaderID].Name}})
	}
	slices.SortFunc(out, func(a, b domain.FeedbackPrompt) int {
		return cmp.Or(b.ScheduledAt.Compare(a.ScheduledAt), cmp.Compare(b.MeetingID, a.MeetingID))
	})
	return limit(out, n), nil
}

func (x feedback) FeedbackToAsk(_ context.Context, n int) ([]domain.FeedbackAsk, error) {
	st, unlock := x.lock()
	defer unlock()
	var out []domain.FeedbackAsk
	for _, m := range sortedValues(st.meetings) {
		if _, asked := st.feedbackAsked[m.ID]; asked || m.Status != domain.StatusCompleted {
			continue
		}
		_, answered := feedbackOf(st, m.ID)
		out = append(out, domain.FeedbackAsk{Meeting: m, Answered: answered})
	}
	return limit(out, n), nil
}

func (x feedback) ClaimFeedbackAsk(_ context.Context, meetingID int64, at time.Time) (bool, error) {
	st, unlock := x.lock()
	defer unlock()
	if _, ok := st.feedbackAsked[meetingID]; ok {
		return false, nil
	}
	if _, ok := st.meetings[meetingID]; !ok {
		return false, errNotFound("meeting %d", meetingID)
	}
	st.feedbackAsked[meetingID] = at
	return true, nil
}

func (x feedback) FeedbackStamps(_ context.Context, from, to time.Time) ([]domain.FeedbackStamp, error) {
	st, unlock := x.lock()
	defer unlock()
	var out []domain.FeedbackStamp
	for _, f := range sortedValues(st.feedback) {
		m := st.meetings[f.MeetingID]
		if m.ScheduledAt.Before(from) || !m.ScheduledAt.Before(to) {
			continue
		}
		s := domain.FeedbackStamp{LearnerID: f.LearnerID, Rating: f.Rating, At: m.ScheduledAt,
			Leader: domain.PersonRef{ID: m.LeaderID, Name: st.people[m.LeaderID].Name}}
		if f.ShareWithProgramme {
			s.SharedComment = f.Comment
		}
		if m.EngagementID != nil {
			s.SubjectType, s.RelationshipID, s.ProgrammeID = domain.SubjectEngagement, *m.EngagementID, st.engagements[*m.EngagementID].ProgrammeID
		} else {
			s.SubjectType, s.RelationshipID, s.ProgrammeID = domain.SubjectPairing, *m.PairingID, st.pairings[*m.PairingID].ProgrammeID
		}
		out = append(out, s)
	}
	return out, nil
}

func (x feedback) SetCoacheeReview(_ context.Context, engagementID int64, r domain.CoacheeReview) (bool, error) {
	st, unlock := x.lock()
	defer unlock()
	e, ok := st.engagements[engagementID]
	if !ok {
		return false, errNotFound("engagement %d", engagementID)
	}
	if e.CoacheeReview != nil {
		return false, nil
	}
	e.CoacheeReview = &r
	st.engagements[engagementID] = e
	return true, nil
}
