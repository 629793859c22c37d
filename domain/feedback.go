package domain

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Feedback after each meeting: once a check-in or a session is completed,
// its learner (the mentee or the coachee) is asked, once, how useful it
// was (1-5), with an optional comment they may share with the programme's
// admins. One answer per meeting. The leader (mentor or coach) reads the
// answers of their relationship; admins see averages only over at least
// FeedbackMinLearners distinct learners, and the shared comments without
// names, so no single answer can be traced to its author.

// Limits and windows of meeting feedback.
const (
	MinRating          = 1
	MaxRating          = 5
	MaxFeedbackComment = 2000
	// FeedbackMinLearners is the fewest distinct learners whose answers an
	// admin sees averaged; below it the average is withheld.
	FeedbackMinLearners = 3
	// feedbackAskDays: a meeting completed longer ago than this is not
	// asked about any more (its claim is taken without a message).
	feedbackAskDays = 14
	// feedbackPromptDays: how long an unanswered meeting stays on the
	// learner's home page.
	feedbackPromptDays = 30
	feedbackAskBatch   = 100
)

// MeetingFeedback is a learner's answer about one completed meeting.
type MeetingFeedback struct {
	ID        int64       `json:"id"`
	MeetingID int64       `json:"meeting_id"`
	Kind      MeetingKind `json:"kind"`
	LearnerID int64       `json:"learner_id"`
	Rating    int         `json:"rating"`
	Comment   string      `json:"comment"`
	// ShareWithProgramme: the programme's admins may read the comment,
	// without the learner's name.
	ShareWithProgramme bool      `json:"share_with_programme"`
	CreatedAt          time.Time `json:"created_at"`
}

// FeedbackInput is a learner's answer.
type FeedbackInput struct {
	Rating             int
	Comment            string
	ShareWithProgramme bool
}

// FeedbackView is a meeting's feedback as one of its participants sees
// it: the answer (nil before there is one), and whether the caller may
// give it now.
type FeedbackView struct {
	Feedback *MeetingFeedback `json:"feedback"`
	CanGive  bool             `json:"can_give"`
}

// FeedbackPrompt is a completed meeting its learner has not rated yet.
type FeedbackPrompt struct {
	Kind        MeetingKind
	MeetingID   int64
	ScheduledAt time.Time
	// With is the leader (the mentor or the coach).
	With PersonRef
}

// Path is the meeting's page.
func (p FeedbackPrompt) Path() string { return MeetingPath(p.Kind, p.MeetingID) }

// FeedbackAsk is a completed meeting whose learner was not asked yet.
type FeedbackAsk struct {
	Meeting Meeting
	// Answered: the learner rated it already (then nobody is asked).
	Answered bool
}

// FeedbackStamp is one answer as the reports read it: its relationship,
// programme, leader and learner, the meeting's time, the rating and the
// comment only when shared.
type FeedbackStamp struct {
	SubjectType    string
	RelationshipID int64
	ProgrammeID    int64
	Leader         PersonRef
	LearnerID      int64
	Rating         int
	SharedComment  string
	At             time.Time
}

// CoacheeReview is the coachee's own view of a closed engagement: a
// rating of the whole engagement and whether its goal was met.
type CoacheeReview struct {
	Rating      int       `json:"rating"`
	GoalOutcome Outcome   `json:"goal_outcome"`
	At          time.Time `json:"reviewed_at"`
}

// ReviewInput is the coachee's closing view.
type ReviewInput struct {
	Rating      int
	GoalOutcome Outcome
}

// FeedbackStore keeps meeting feedback and the coachee's closing view.
type FeedbackStore interface {
	// CreateFeedback inserts f and sets its id; ErrConflict when the
	// meeting has an answer from that learner already.
	CreateFeedback(ctx context.Context, f *MeetingFeedback) error
	// FeedbackOfMeeting reads the learner's answer; ErrNotFound if none.
	FeedbackOfMeeting(ctx context.Context, meetingID int64) (MeetingFeedback, error)
	// FeedbackDue lists up to limit of the learner's completed meetings
	// from since on that they have not rated, newest first, each with its
	// leader.
	FeedbackDue(ctx context.Context, learnerID int64, since time.Time, limit int) ([]FeedbackPrompt, error)
	// FeedbackToAsk lists up to limit completed meetings whose learner was
	// not asked yet, by id.
	FeedbackToAsk(ctx context.Context, limit int) ([]FeedbackAsk, error)
	// ClaimFeedbackAsk sets the meeting's feedback_asked_at if it is still
	// unset; it reports whether this call did (a conditional write).
	ClaimFeedbackAsk(ctx context.Context, meetingID int64, at time.Time) (bool, error)
	// FeedbackStamps lists every answer about a meeting held in [from, to).
	FeedbackStamps(ctx context.Context, from, to time.Time) ([]FeedbackStamp, error)
	// SetCoacheeReview records the coachee's view of an engagement if it
	// has none; it reports whether this call did.
	SetCoacheeReview(ctx context.Context, engagementID int64, r CoacheeReview) (bool, error)
}

// feedbackMeeting reads a meeting of kind for feedback: its participants
// know it, an admin knows it but may not read or give feedback (403),
// anyone else gets 404.
func feedbackMeeting(ctx context.Context, st Ports, a Actor, kind MeetingKind, id int64) (Meeting, error) {
	m, err := st.Meetings.MeetingByID(ctx, id)
	if errors.Is(err, ErrNotFound) || (err == nil && m.Kind != kind) {
		return Meeting{}, noFeedbackMeeting(kind)
	}
	if err != nil {
		return Meeting{}, err
	}
	if !m.HasParticipant(a.Person.ID) {
		if a.IsAdmin() {
			return Meeting{}, ForbiddenText("error.feedback.participants_only")
		}
		return Meeting{}, noFeedbackMeeting(kind)
	}
	return m, nil
}

// noFeedbackMeeting is the 404 of a meeting of kind asked for feedback.
func noFeedbackMeeting(kind MeetingKind) error {
	if kind == MeetingSession {
		return NotFoundText("error.feedback.no_session")
	}
	return NotFoundText("error.feedback.no_checkin")
}

// GiveFeedback records the learner's answer about a completed meeting,
// once: a second answer is a conflict.
func (s *Service) GiveFeedback(ctx context.Context, a Actor, kind MeetingKind, id int64, in FeedbackInput) (MeetingFeedback, error) {
	var out MeetingFeedback
	err := s.inTx(ctx, func(tx Ports) error {
		m, err := feedbackMeeting(ctx, tx, a, kind, id)
		if err != nil {
			return err
		}
		if a.Person.ID != m.LearnerID {
			if kind == MeetingSession {
				return ForbiddenText("error.feedback.coachee_rates")
			}
			return ForbiddenText("error.feedback.mentee_rates")
		}
		if m.Status != StatusCompleted {
			if kind == MeetingSession {
				return ConflictText("error.feedback.session_not_held")
			}
			return ConflictText("error.feedback.checkin_not_held")
		}
		comment := strings.TrimSpace(in.Comment)
		var v ValidationError
		if in.Rating < MinRating || in.Rating > MaxRating {
			v.AddText("rating", "error.feedback.rating", "Min", MinRating, "Max", MaxRating)
		}
		v.Text("comment", comment)
		v.maxLen("comment", comment, MaxFeedbackComment)
		if err := v.Err(); err != nil {
			return err
		}
		now := s.clock.Now()
		out = MeetingFeedback{MeetingID: id, Kind: kind, LearnerID: a.Person.ID, Rating: in.Rating, Comment: comment,
			ShareWithProgramme: in.ShareWithProgramme && comment != "", CreatedAt: now}
		if err := tx.Feedback.CreateFeedback(ctx, &out); err != nil {
			if errors.Is(err, ErrConflict) {
				if kind == MeetingSession {
					return ConflictText("error.feedback.session_answered")
				}
				return ConflictText("error.feedback.checkin_answered")
			}
			return err
		}
		// answered: nobody asks any more
		if _, err := tx.Feedback.ClaimFeedbackAsk(ctx, id, now); err != nil {
			return err
		}
		// the rating and the words stay out of the log, which admins read
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "create", ObjectType: "meeting_feedback",
			ObjectID: out.ID, Changes: diff(nil, map[string]any{"meeting_id": id}), At: now})
	})
	if err != nil {
		return MeetingFeedback{}, fmt.Errorf("feedback on %s %d: %w", kind, id, err)
	}
	return out, nil
}

// MeetingFeedbackOf reads a meeting's feedback for one of its
// participants: the leader reads the learner's answer, the learner their
// own; admins get 403, anyone else 404.
func (s *Service) MeetingFeedbackOf(ctx context.Context, a Actor, kind MeetingKind, id int64) (FeedbackView, error) {
	m, err := feedbackMeeting(ctx, s.store, a, kind, id)
	if err != nil {
		return FeedbackView{}, fmt.Errorf("feedback on %s %d: %w", kind, id, err)
	}
	return s.feedbackViewOf(ctx, a, m)
}

// feedbackViewOf reads the feedback of m, a meeting a takes part in.
func (s *Service) feedbackViewOf(ctx context.Context, a Actor, m Meeting) (FeedbackView, error) {
	f, err := s.store.Feedback.FeedbackOfMeeting(ctx, m.ID)
	switch {
	case errors.Is(err, ErrNotFound):
		return FeedbackView{CanGive: a.Person.ID == m.LearnerID && m.Status == StatusCompleted}, nil
	case err != nil:
		return FeedbackView{}, fmt.Errorf("feedback on %s %d: %w", m.Kind, m.ID, err)
	}
	f.Kind = m.Kind
	return FeedbackView{Feedback: &f}, nil
}

// FeedbackDue lists the caller's completed meetings of the last
// feedbackPromptDays they have not rated, newest first, for their home.
func (s *Service) FeedbackDue(ctx context.Context, a Actor) ([]FeedbackPrompt, error) {
	if a.Person.ID == 0 {
		return []FeedbackPrompt{}, nil
	}
	ps, err := s.store.Feedback.FeedbackDue(ctx, a.Person.ID, s.clock.Now().AddDate(0, 0, -feedbackPromptDays), 20)
	if err != nil {
		return nil, fmt.Errorf("feedback due: %w", err)
	}
	return ps, nil
}

// queueFeedbackAsks asks each completed meeting's learner, once, how
// useful it was: one email through the outbox and one in-app notification.
// The meeting's feedback_asked_at is claimed by a conditional write in the
// same transaction as the two messages, so of two instances (or two
// overlapping runs) only one asks; a meeting answered already, or
// completed more than feedbackAskDays ago, is claimed without a message.
func (s *Service) queueFeedbackAsks(ctx context.Context, now time.Time) (int, error) {
	queued := 0
	for ctx.Err() == nil {
		var seen int
		err := s.inTx(ctx, func(tx Ports) error {
			asks, err := tx.Feedback.FeedbackToAsk(ctx, feedbackAskBatch)
			if err != nil {
				return err
			}
			seen = len(asks)
			for _, ask := range asks {
				m := ask.Meeting
				won, err := tx.Feedback.ClaimFeedbackAsk(ctx, m.ID, now)
				if err != nil {
					return err
				}
				if !won || ask.Answered || m.EndsAt().Before(now.AddDate(0, 0, -feedbackAskDays)) {
					continue
				}
				learner, err := tx.People.PersonByID(ctx, m.LearnerID)
				if err != nil {
					return err
				}
				leader, err := tx.People.PersonByID(ctx, m.LeaderID)
				if err != nil {
					return err
				}
				if !learner.Active {
					continue
				}
				msg, note := s.composeFeedbackAsk(m, learner, leader, now)
				if err := tx.Outbox.EnqueueMail(ctx, &msg); err != nil {
					return fmt.Errorf("meeting %d: %w", m.ID, err)
				}
				if err := tx.Notifications.InsertNotification(ctx, &note); err != nil {
					return err
				}
				queued++
			}
			return nil
		})
		if err != nil {
			return queued, fmt.Errorf("feedback requests: %w", err)
		}
		if seen < feedbackAskBatch {
			break
		}
	}
	return queued, ctx.Err()
}

// composeFeedbackAsk is the learner's email and in-app notification, in
// their language.
func (s *Service) composeFeedbackAsk(m Meeting, learner, leader Person, now time.Time) (OutboxMessage, Notification) {
	w := s.wordsFor(learner)
	session := m.Kind == MeetingSession
	subject := w.T("mail.feedback.subject", "Session", session, "Name", leader.Name)
	text := w.letter(learner.Name,
		w.T("mail.feedback.intro", "Session", session, "Name", leader.Name, "When", w.When(m.ScheduledAt, learner.Location())),
		w.T("mail.feedback.link", "Link", s.meetingLink(m)), w.T("mail.feedback.privacy", "Name", leader.Name))
	until := now.AddDate(0, 0, feedbackAskDays)
	msg := OutboxMessage{Kind: OutboxReminder, RecipientID: &learner.ID, To: learner.Email, ToName: learner.Name,
		Subject: subject, Text: text, MessageID: fmt.Sprintf("feedback-%d@%s", m.ID, s.notify.host),
		NotAfter: &until, State: OutboxQueued, NextAttemptAt: now, CreatedAt: now}
	note := Notification{RecipientID: learner.ID, Kind: "feedback", Subject: subject,
		Body: w.T("inapp.feedback.body"), Link: MeetingPath(m.Kind, m.ID), CreatedAt: now}
	return msg, note
}

// ReviewEngagement records the coachee's own view of their closed
// engagement, once: a rating of the whole engagement and whether the goal
// was met. Only the coachee gives it; others who know the engagement get
// 403, anyone else 404.
func (s *Service) ReviewEngagement(ctx context.Context, a Actor, id int64, in ReviewInput) (Engagement, error) {
	var out Engagement
	err := s.inTx(ctx, func(tx Ports) error {
		e, err := s.loadEngagement(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if a.Person.ID != e.CoacheeID {
			return ForbiddenText("error.feedback.coachee_reviews")
		}
		if e.Status != EngagementCompleted {
			return ConflictText("error.feedback.not_closed")
		}
		if e.CoacheeReview != nil {
			return ConflictText("error.feedback.reviewed")
		}
		var v ValidationError
		if in.Rating < MinRating || in.Rating > MaxRating {
			v.AddText("rating", "error.feedback.rating", "Min", MinRating, "Max", MaxRating)
		}
		if !validOutcome(in.GoalOutcome) {
			v.AddText("goal_outcome", "error.feedback.goal_outcome")
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := s.clock.Now()
		won, err := tx.Feedback.SetCoacheeReview(ctx, id, CoacheeReview{Rating: in.Rating, GoalOutcome: in.GoalOutcome, At: now})
		if err != nil {
			return err
		}
		if !won {
			return ConflictText("error.feedback.reviewed")
		}
		if err := tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "review", ObjectType: "engagement", ObjectID: id,
			Changes: map[string]Change{"coachee_review": {After: AuditGiven}}, At: now}); err != nil {
			return err
		}
		if e, err = tx.Engagements.EngagementByID(ctx, id); err != nil {
			return err
		}
		out = s.engagementFor(a, e)
		return nil
	})
	if err != nil {
		return Engagement{}, fmt.Errorf("review engagement %d: %w", id, err)
	}
	return out, nil
}

// askClosingReview tells the coachee of a just closed engagement that
// their own view is asked for: in the app, and by email when mail is on.
func (s *Service) askClosingReview(ctx context.Context, tx Ports, e Engagement, now time.Time) error {
	coachee, err := tx.People.PersonByID(ctx, e.CoacheeID)
	if err != nil || !coachee.Active {
		return err
	}
	path := fmt.Sprintf("/engagements/%d#review", e.ID)
	w := s.wordsFor(coachee)
	subject := w.T("mail.review.subject", "Name", e.Coach.Name)
	if s.notify != nil {
		text := w.letter(coachee.Name, w.T("mail.review.intro", "Name", e.Coach.Name, "Goal", e.Goal.Title),
			w.T("mail.review.link", "Link", strings.TrimRight(s.notify.cfg.BaseURL, "/")+path))
		msg := OutboxMessage{Kind: OutboxReminder, RecipientID: &coachee.ID, To: coachee.Email, ToName: coachee.Name,
			Subject: subject, Text: text, MessageID: fmt.Sprintf("review-%d@%s", e.ID, s.notify.host),
			State: OutboxQueued, NextAttemptAt: now, CreatedAt: now}
		if err := tx.Outbox.EnqueueMail(ctx, &msg); err != nil {
			return err
		}
	}
	if actingPerson(ctx) == coachee.ID {
		return nil
	}
	note := Notification{RecipientID: coachee.ID, Kind: "feedback", Subject: subject,
		Body: w.T("inapp.review.body"), Link: path, CreatedAt: now}
	return tx.Notifications.InsertNotification(ctx, &note)
}
