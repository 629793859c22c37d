package views

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

// Feedback after each meeting and the coachee's closing view: the API
// (a learner answers once, the leader reads), the forms on the meeting
// and engagement pages, and their words.

type feedbackRequest struct {
	Rating             *int    `json:"rating"`
	Comment            *string `json:"comment"`
	ShareWithProgramme *bool   `json:"share_with_programme"`
}

func (r feedbackRequest) input() (domain.FeedbackInput, error) {
	if r.Rating == nil {
		return domain.FeedbackInput{}, domain.Invalid("rating", "is required")
	}
	return domain.FeedbackInput{Rating: *r.Rating, Comment: orZero(r.Comment), ShareWithProgramme: orZero(r.ShareWithProgramme)}, nil
}

type reviewRequest struct {
	Rating      *int            `json:"rating"`
	GoalOutcome *domain.Outcome `json:"goal_outcome"`
}

func (s *Server) apiMeetingFeedback(kind domain.MeetingKind) fiber.Handler {
	return func(c *fiber.Ctx) error {
		return jsonByID(c, func(ctx context.Context, a domain.Actor, id int64) (domain.FeedbackView, error) {
			return s.svc.MeetingFeedbackOf(ctx, a, kind, id)
		})
	}
}

func (s *Server) apiGiveFeedback(kind domain.MeetingKind) fiber.Handler {
	return func(c *fiber.Ctx) error {
		return onBody(c, func(ctx context.Context, a domain.Actor, id int64, req feedbackRequest) (domain.MeetingFeedback, error) {
			in, err := req.input()
			if err != nil {
				return domain.MeetingFeedback{}, err
			}
			return s.svc.GiveFeedback(ctx, a, kind, id, in)
		}, func(f domain.MeetingFeedback) error {
			c.Location(apiPrefix + domain.MeetingPath(kind, f.MeetingID) + "/feedback")
			return c.Status(fiber.StatusCreated).JSON(f)
		})
	}
}

func (s *Server) apiReviewEngagement(c *fiber.Ctx) error {
	return patchJSON(c, func(ctx context.Context, a domain.Actor, id int64, req reviewRequest) (domain.Engagement, error) {
		var v domain.ValidationError
		if req.Rating == nil {
			v.Add("rating", "is required")
		}
		if req.GoalOutcome == nil {
			v.Add("goal_outcome", "is required")
		}
		if err := v.Err(); err != nil {
			return domain.Engagement{}, err
		}
		return s.svc.ReviewEngagement(ctx, a, id, domain.ReviewInput{Rating: *req.Rating, GoalOutcome: *req.GoalOutcome})
	})
}

// apiPrefix is where the JSON API lives.
const apiPrefix = "/api/v1"

// feedbackRoutes adds the API's feedback routes.
func (s *Server) feedbackRoutes(api fiber.Router) {
	api.Get("/checkins/:id/feedback", s.apiMeetingFeedback(domain.MeetingCheckin))
	api.Post("/checkins/:id/feedback", s.apiGiveFeedback(domain.MeetingCheckin))
	api.Get("/sessions/:id/feedback", s.apiMeetingFeedback(domain.MeetingSession))
	api.Post("/sessions/:id/feedback", s.apiGiveFeedback(domain.MeetingSession))
	api.Post("/engagements/:id/review", s.apiReviewEngagement)
}

// feedbackPageRoutes adds the pages' feedback forms.
func (s *Server) feedbackPageRoutes(app *fiber.App) {
	app.Post("/checkins/:id/feedback", s.pageAuth, s.feedbackSubmit(domain.MeetingCheckin))
	app.Post("/sessions/:id/feedback", s.pageAuth, s.feedbackSubmit(domain.MeetingSession))
	app.Post("/engagements/:id/review", s.pageAuth, s.engagementReviewSubmit)
}

// feedbackForm is the meeting page's feedback form as typed.
type feedbackForm struct {
	Rating, Comment string
	Share           bool
}

// ratingChoices are the form's five answers, worst first.
var ratingChoices = []struct {
	Value int
	Words string
}{{1, "1 · not useful"}, {2, "2"}, {3, "3 · somewhat"}, {4, "4"}, {5, "5 · very useful"}}

// feedbackSubmit records the learner's answer from the meeting's page.
func (s *Server) feedbackSubmit(kind domain.MeetingKind) fiber.Handler {
	return func(c *fiber.Ctx) error {
		f := feedbackForm{Rating: copyString(c.FormValue("rating")), Comment: copyString(c.FormValue("comment")),
			Share: c.FormValue("share_with_programme") != ""}
		id, err := paramID(c, "id")
		if err != nil {
			return err
		}
		rating, convErr := strconv.Atoi(f.Rating)
		if convErr != nil {
			err = domain.Invalid("rating", "choose how useful it was, from 1 to 5")
		} else {
			_, err = s.svc.GiveFeedback(c.UserContext(), *actor(c), kind, id,
				domain.FeedbackInput{Rating: rating, Comment: f.Comment, ShareWithProgramme: f.Share})
		}
		if err == nil {
			return s.redirectWithFlash(c, domain.MeetingPath(kind, id), "Thank you: your answer is saved.")
		}
		p, perr := s.meetingPageData(c, kind)
		if perr != nil {
			return perr
		}
		p.FeedbackForm = f
		return s.failForm(c, err, string(kind), "fb-", p, func(fields map[string]string) { p.FeedbackErrors = fields })
	}
}

// feedbackDue is the home page's list of meetings to rate.
type feedbackDue struct {
	Prompts []domain.FeedbackPrompt
	Loc     *time.Location
}

// reviewForm is the coachee's closing view as typed.
type reviewForm struct {
	Rating, GoalOutcome string
}

func (s *Server) engagementReviewSubmit(c *fiber.Ctx) error {
	f := reviewForm{Rating: copyString(c.FormValue("rating")), GoalOutcome: copyString(c.FormValue("goal_outcome"))}
	return s.engagementSubmit(c, "review-", func(ctx context.Context, a domain.Actor, id int64) (string, error) {
		rating, err := strconv.Atoi(f.Rating)
		if err != nil {
			return "", domain.Invalid("rating", "choose how useful it was, from 1 to 5")
		}
		_, err = s.svc.ReviewEngagement(ctx, a, id, domain.ReviewInput{Rating: rating, GoalOutcome: domain.Outcome(f.GoalOutcome)})
		return "Thank you: your view is saved beside the coach's.", err
	}, func(p *engagementPage, fields map[string]string) { p.ReviewForm, p.ReviewErrors = f, fields })
}

// The words of feedback, beside the others (words.go).
func init() {
	wordTable["object"]["meeting_feedback"] = "Feedback on a meeting"
	wordTable["action"]["review"] = "Gave the coachee's view"
	wordTable["notification"]["feedback"] = "Your view, please"
	for k, v := range map[string]string{"rating": "How useful", "comment": "Comment", "share_with_programme": "Share the comment",
		"goal_outcome": "Was the goal met, in your view", "coachee_review": "The coachee's view", "meeting_id": "Meeting"} {
		if _, ok := fieldLabels[k]; !ok {
			fieldLabels[k] = v
		}
	}
}

// averageWords shows an average, or why it is withheld.
func averageWords(avg *float64) string {
	if avg == nil {
		return "Too few people to show"
	}
	return strconv.FormatFloat(*avg, 'f', 1, 64) + " of 5"
}

// averageCSV is an average for the CSV: empty when withheld.
func averageCSV(avg *float64) string {
	if avg == nil {
		return ""
	}
	return strconv.FormatFloat(*avg, 'f', 1, 64)
}

// feedbackCSV adds the feedback and closing figures to the report's CSV
// rows: averages stay empty where fewer than three people answered.
func feedbackCSV(r domain.OrgReport, add func(fig, period, value string)) {
	all := r.From.String() + "/" + r.To.String()
	f := r.Feedback
	for _, m := range f.ByMonth {
		add("feedback_answers", m.Month, strconv.Itoa(m.Answers))
		add("feedback_average", m.Month, averageCSV(m.Average))
	}
	add("feedback_answers", all, strconv.Itoa(f.Overall.Answers))
	add("feedback_average", all, averageCSV(f.Overall.Average))
	for _, g := range f.ByProgramme {
		p := "programme_" + strconv.FormatInt(g.ID, 10) + "_"
		add(p+"feedback_answers", all, strconv.Itoa(g.Answers))
		add(p+"feedback_average", all, averageCSV(g.Average))
	}
	for _, g := range f.ByLeader {
		p := "leader_" + strconv.FormatInt(g.ID, 10) + "_"
		add(p+"feedback_answers", all, strconv.Itoa(g.Answers))
		add(p+"feedback_average", all, averageCSV(g.Average))
	}
	cl := r.Closing
	add("closed_with_coachee_view", all, strconv.Itoa(cl.Answered))
	add("coachee_view_average_rating", all, averageCSV(cl.AverageRating))
	if cl.Agree != nil {
		add("coachee_view_agrees", all, strconv.Itoa(*cl.Agree))
		add("coachee_view_differs", all, strconv.Itoa(*cl.Differ))
		add("coachee_view_higher", all, strconv.Itoa(*cl.CoacheeHigher))
	}
}

// feedbackFigures are the report page's feedback and closing figures.
func feedbackFigures(r domain.OrgReport, programmeName func(int64) string) []reportFigure {
	f := r.Feedback
	counts := make([]int, len(f.ByMonth))
	months := reportTable{Head: []string{"Month", "Answers", "People who answered", "Average"}}
	for i, m := range f.ByMonth {
		counts[i] = m.Answers
		months.Rows = append(months.Rows, []string{monthWords(m.Month), strconv.Itoa(m.Answers), strconv.Itoa(m.Learners), averageWords(m.Average)})
	}
	byMonth := monthFigure("feedback", "Feedback on meetings per month",
		fmt.Sprintf("How useful mentees and coachees found their meetings (1 to 5), by the month of the meeting; overall %s from %s. "+
			"An average shows only where at least %d people answered, so no answer can be traced.",
			averageWords(f.Overall.Average), countOf(f.Overall.Learners, "person", "people"), f.MinLearners),
		"Answers", r.Months, counts, "Nobody rated a meeting held in this period.")
	byMonth.Table = months
	group := func(id, title, desc, who string, gs []domain.FeedbackGroup, name func(domain.FeedbackGroup) string) reportFigure {
		t := reportTable{Head: []string{who, "Answers", "People who answered", "Average"}}
		var labels []string
		var values []int
		for _, g := range gs {
			t.Rows = append(t.Rows, []string{name(g), strconv.Itoa(g.Answers), strconv.Itoa(g.Learners), averageWords(g.Average)})
			labels, values = append(labels, name(g)), append(values, g.Answers)
		}
		fig := barFigure(id, title, desc, []string{who, "Answers"}, labels, values, "Nobody rated a meeting held in this period.")
		fig.Table = t
		return fig
	}
	byProg := group("feedback-programme", "Feedback per programme", "Answers per programme, with the average where at least three people answered.",
		"Programme", f.ByProgramme, func(g domain.FeedbackGroup) string { return programmeName(g.ID) })
	byLeader := group("feedback-leader", "Feedback per coach or mentor", "Answers about each coach's or mentor's meetings, with the average where at least three people answered.",
		"Coach or mentor", f.ByLeader, func(g domain.FeedbackGroup) string { return g.Name })

	cl := r.Closing
	desc := fmt.Sprintf("Of %s in the period, %d had the coachee's own view. ", countOf(cl.Closed, "engagement closed", "engagements closed"), cl.Answered)
	closing := reportTable{Head: []string{"Coach's outcome", "Coachee's view", "Engagements"}}
	var labels []string
	var values []int
	if cl.Agree != nil {
		desc += fmt.Sprintf("Coachees rated their engagements %s on average.", averageWords(cl.AverageRating))
		labels = []string{"The two views agree", "The coachee sees more achieved", "The coachee sees less achieved"}
		values = []int{*cl.Agree, *cl.CoacheeHigher, *cl.Differ - *cl.CoacheeHigher}
		for _, p := range cl.ByOutcome {
			closing.Rows = append(closing.Rows, []string{wordOf("Outcome", string(p.CoachOutcome)), wordOf("Outcome", string(p.CoacheeOutcome)), strconv.Itoa(p.Count)})
		}
	} else {
		desc += "The views show once at least three coachees gave theirs."
	}
	closingFig := barFigure("closing", "The coach's outcome beside the coachee's view", desc, []string{"Views", "Engagements"}, labels, values,
		"Fewer than three coachees gave their view in this period.")
	closingFig.Table = closing
	return []reportFigure{byMonth, byProg, byLeader, closingFig}
}
