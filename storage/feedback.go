package storage

import (
	"context"
	"fmt"
	"time"

	"cairn/domain"
)

type feedbackRow struct {
	ID        int64     `db:"id"`
	MeetingID int64     `db:"meeting_id"`
	LearnerID int64     `db:"learner_id"`
	Rating    int       `db:"rating"`
	Comment   string    `db:"comment"`
	Share     bool      `db:"share_comment"`
	CreatedAt time.Time `db:"created_at"`
}

func (r feedbackRow) toDomain() domain.MeetingFeedback {
	return domain.MeetingFeedback{ID: r.ID, MeetingID: r.MeetingID, LearnerID: r.LearnerID, Rating: r.Rating,
		Comment: r.Comment, ShareWithProgramme: r.Share, CreatedAt: r.CreatedAt.UTC()}
}

// CreateFeedback inserts f and sets its id; a second answer from the same
// learner is a conflict (the unique key).
func (s *Store) CreateFeedback(ctx context.Context, f *domain.MeetingFeedback) error {
	id, err := s.insert(ctx, `INSERT INTO meeting_feedback (meeting_id, learner_id, rating, comment, share_comment, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, f.MeetingID, f.LearnerID, f.Rating, f.Comment, f.ShareWithProgramme, utc(f.CreatedAt))
	if err != nil {
		return fmt.Errorf("storage: insert feedback on meeting %d: %w", f.MeetingID, err)
	}
	f.ID = id
	return nil
}

// FeedbackOfMeeting reads the meeting's learner's answer.
func (s *Store) FeedbackOfMeeting(ctx context.Context, meetingID int64) (domain.MeetingFeedback, error) {
	var r feedbackRow
	err := s.get(ctx, &r, `SELECT f.id, f.meeting_id, f.learner_id, f.rating, f.comment, f.share_comment, f.created_at
		FROM meeting_feedback f JOIN meetings m ON m.id = f.meeting_id AND m.learner_id = f.learner_id WHERE f.meeting_id = ?`, meetingID)
	if err != nil {
		return domain.MeetingFeedback{}, fmt.Errorf("storage: feedback on meeting %d: %w", meetingID, err)
	}
	return r.toDomain(), nil
}

const completed = `'` + string(domain.StatusCompleted) + `'`

// FeedbackDue lists the learner's completed, unrated meetings from since
// on, newest first.
func (s *Store) FeedbackDue(ctx context.Context, learnerID int64, since time.Time, limit int) ([]domain.FeedbackPrompt, error) {
	var rows []struct {
		ID          int64     `db:"id"`
		Kind        string    `db:"kind"`
		ScheduledAt time.Time `db:"scheduled_at"`
		LeaderID    int64     `db:"leader_id"`
		LeaderName  string    `db:"leader_name"`
	}
	err := s.sel(ctx, &rows, `SELECT m.id, m.kind, m.scheduled_at, m.leader_id, l.name AS leader_name
		FROM meetings m JOIN people l ON l.id = m.leader_id
		WHERE m.learner_id = ? AND m.status = `+completed+` AND m.scheduled_at >= ?
		AND NOT EXISTS (SELECT 1 FROM meeting_feedback f WHERE f.meeting_id = m.id AND f.learner_id = m.learner_id)
		ORDER BY m.scheduled_at DESC, m.id DESC LIMIT ?`, learnerID, utc(since), limit)
	if err != nil {
		return nil, fmt.Errorf("storage: feedback due of %d: %w", learnerID, err)
	}
	out := make([]domain.FeedbackPrompt, len(rows))
	for i, r := range rows {
		out[i] = domain.FeedbackPrompt{Kind: domain.MeetingKind(r.Kind), MeetingID: r.ID, ScheduledAt: r.ScheduledAt.UTC(),
			With: domain.PersonRef{ID: r.LeaderID, Name: r.LeaderName}}
	}
	return out, nil
}

// FeedbackToAsk lists completed meetings whose learner was not asked yet,
// by id, each saying whether it was answered already.
func (s *Store) FeedbackToAsk(ctx context.Context, limit int) ([]domain.FeedbackAsk, error) {
	var rows []struct {
		meetingRow
		Answered bool `db:"answered"`
	}
	err := s.sel(ctx, &rows, `SELECT `+meetingColumns+`, EXISTS (SELECT 1 FROM meeting_feedback f
		WHERE f.meeting_id = meetings.id AND f.learner_id = meetings.learner_id) AS answered
		FROM meetings`+s.indexedBy("meetings_feedback_to_ask")+`
		WHERE status = `+completed+` AND feedback_asked_at IS NULL ORDER BY id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("storage: meetings to ask feedback on: %w", err)
	}
	out := make([]domain.FeedbackAsk, len(rows))
	for i, r := range rows {
		out[i] = domain.FeedbackAsk{Meeting: r.meetingRow.toDomain(), Answered: r.Answered}
	}
	return out, nil
}

// ClaimFeedbackAsk sets feedback_asked_at if it is unset and says whether
// this call did.
func (s *Store) ClaimFeedbackAsk(ctx context.Context, meetingID int64, at time.Time) (bool, error) {
	res, err := s.exec(ctx, `UPDATE meetings SET feedback_asked_at = ? WHERE id = ? AND feedback_asked_at IS NULL`, utc(at), meetingID)
	if err != nil {
		return false, fmt.Errorf("storage: claim feedback request of meeting %d: %w", meetingID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("storage: claim feedback request of meeting %d: %w", meetingID, err)
	}
	return n == 1, nil
}

// FeedbackStamps lists the answers about meetings held in [from, to), by
// the meetings' time.
func (s *Store) FeedbackStamps(ctx context.Context, from, to time.Time) ([]domain.FeedbackStamp, error) {
	var rows []struct {
		PairingID    *int64    `db:"pairing_id"`
		EngagementID *int64    `db:"engagement_id"`
		ProgrammeID  int64     `db:"programme_id"`
		LeaderID     int64     `db:"leader_id"`
		LeaderName   string    `db:"leader_name"`
		LearnerID    int64     `db:"learner_id"`
		Rating       int       `db:"rating"`
		Shared       string    `db:"shared_comment"`
		At           time.Time `db:"scheduled_at"`
	}
	err := s.sel(ctx, &rows, `SELECT m.pairing_id, m.engagement_id, COALESCE(p.programme_id, e.programme_id) AS programme_id,
		m.leader_id, l.name AS leader_name, f.learner_id, f.rating,
		CASE WHEN f.share_comment THEN f.comment ELSE '' END AS shared_comment, m.scheduled_at
		FROM meeting_feedback f JOIN meetings m ON m.id = f.meeting_id AND m.learner_id = f.learner_id
		JOIN people l ON l.id = m.leader_id
		LEFT JOIN pairings p ON p.id = m.pairing_id LEFT JOIN engagements e ON e.id = m.engagement_id
		WHERE m.scheduled_at >= ? AND m.scheduled_at < ? ORDER BY m.scheduled_at, f.id`, utc(from), utc(to))
	if err != nil {
		return nil, fmt.Errorf("storage: feedback stamps: %w", err)
	}
	out := make([]domain.FeedbackStamp, len(rows))
	for i, r := range rows {
		st := domain.FeedbackStamp{ProgrammeID: r.ProgrammeID, Leader: domain.PersonRef{ID: r.LeaderID, Name: r.LeaderName},
			LearnerID: r.LearnerID, Rating: r.Rating, SharedComment: r.Shared, At: r.At.UTC()}
		if r.EngagementID != nil {
			st.SubjectType, st.RelationshipID = domain.SubjectEngagement, *r.EngagementID
		} else if r.PairingID != nil {
			st.SubjectType, st.RelationshipID = domain.SubjectPairing, *r.PairingID
		}
		out[i] = st
	}
	return out, nil
}

// SetCoacheeReview records the coachee's view if the engagement has none.
func (s *Store) SetCoacheeReview(ctx context.Context, engagementID int64, r domain.CoacheeReview) (bool, error) {
	res, err := s.exec(ctx, `UPDATE engagements SET coachee_rating = ?, coachee_outcome = ?, coachee_reviewed_at = ?
		WHERE id = ? AND coachee_reviewed_at IS NULL`, r.Rating, string(r.GoalOutcome), utc(r.At), engagementID)
	if err != nil {
		return false, fmt.Errorf("storage: coachee review of engagement %d: %w", engagementID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("storage: coachee review of engagement %d: %w", engagementID, err)
	}
	return n == 1, nil
}

// coacheeReviewOf is the review held in an engagement row's columns.
func coacheeReviewOf(rating *int, outcome *string, at *time.Time) *domain.CoacheeReview {
	if rating == nil || outcome == nil || at == nil {
		return nil
	}
	return &domain.CoacheeReview{Rating: *rating, GoalOutcome: domain.Outcome(*outcome), At: at.UTC()}
}
