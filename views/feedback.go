package views

import (
	"cairn/domain/lang"
	"context"
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
		return domain.FeedbackInput{}, domain.InvalidText("rating", "error.coaching.is_required")
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
			v.AddText("rating", "error.coaching.is_required")
		}
		if req.GoalOutcome == nil {
			v.AddText("goal_outcome", "error.coaching.is_required")
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
// (Key names the answer's words in the catalogue.)
var ratingChoices = []struct {
	Value int
	Key   string
}{{Value: 1, Key: "part.feedback.rating_1"}, {Value: 2, Key: "part.feedback.rating_2"}, {Value: 3, Key: "part.feedback.rating_3"},
	{Value: 4, Key: "part.feedback.rating_4"}, {Value: 5, Key: "part.feedback.rating_5"}}

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
			err = domain.InvalidText("rating", "error.coaching.choose_rating")
		} else {
			_, err = s.svc.GiveFeedback(c.UserContext(), *actor(c), kind, id,
				domain.FeedbackInput{Rating: rating, Comment: f.Comment, ShareWithProgramme: f.Share})
		}
		if err == nil {
			return s.redirectWithFlash(c, domain.MeetingPath(kind, id), s.words(c).T("flash.feedback_saved"))
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
			return "", domain.InvalidText("rating", "error.coaching.choose_rating")
		}
		_, err = s.svc.ReviewEngagement(ctx, a, id, domain.ReviewInput{Rating: rating, GoalOutcome: domain.Outcome(f.GoalOutcome)})
		return s.words(c).T("flash.review_saved"), err
	}, func(p *engagementPage, fields map[string]string) { p.ReviewForm, p.ReviewErrors = f, fields })
}

// averageWords shows an average, or why it is withheld.
func averageWords(w *lang.Words, avg *float64) string {
	if avg == nil {
		return w.T("report.feedback.too_few")
	}
	return w.T("report.feedback.of_five", "Average", w.Number(*avg, 1))
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
func feedbackFigures(w *lang.Words, r domain.OrgReport, programmeName func(int64) string) []reportFigure {
	f := r.Feedback
	counts := make([]int, len(f.ByMonth))
	answers, answered, average := w.T("report.feedback.answers"), w.T("report.feedback.people_who_answered"), w.T("report.feedback.average")
	none := w.T("report.feedback.nobody_rated")
	months := reportTable{Head: []string{w.T("report.feedback.month"), answers, answered, average}}
	for i, m := range f.ByMonth {
		counts[i] = m.Answers
		months.Rows = append(months.Rows, []string{monthWords(w, m.Month), w.Int(m.Answers), w.Int(m.Learners), averageWords(w, m.Average)})
	}
	byMonth := monthFigure(w, "feedback", w.T("report.feedback.per_month"),
		w.N("report.feedback.per_month_desc", f.Overall.Learners, "Average", averageWords(w, f.Overall.Average), "Min", f.MinLearners),
		answers, r.Months, counts, none)
	byMonth.Table = months
	group := func(id, title, desc, who string, gs []domain.FeedbackGroup, name func(domain.FeedbackGroup) string) reportFigure {
		t := reportTable{Head: []string{who, answers, answered, average}}
		var labels []string
		var values []int
		for _, g := range gs {
			t.Rows = append(t.Rows, []string{name(g), w.Int(g.Answers), w.Int(g.Learners), averageWords(w, g.Average)})
			labels, values = append(labels, name(g)), append(values, g.Answers)
		}
		fig := barFigure(w, id, title, desc, []string{who, answers}, labels, values, none)
		fig.Table = t
		return fig
	}
	byProg := group("feedback-programme", w.T("report.feedback.per_programme"), w.T("report.feedback.per_programme_desc"),
		w.T("report.feedback.programme"), f.ByProgramme, func(g domain.FeedbackGroup) string { return programmeName(g.ID) })
	byLeader := group("feedback-leader", w.T("report.feedback.per_leader"), w.T("report.feedback.per_leader_desc"),
		w.T("report.feedback.leader"), f.ByLeader, func(g domain.FeedbackGroup) string { return g.Name })

	cl := r.Closing
	desc := w.N("report.closing.desc", cl.Closed, "Answered", cl.Answered) + " "
	closing := reportTable{Head: []string{w.T("report.closing.coach_outcome"), w.T("report.closing.coachee_view"), w.T("report.engagements")}}
	var labels []string
	var values []int
	if cl.Agree != nil {
		desc += w.T("report.closing.rated", "Average", averageWords(w, cl.AverageRating))
		labels = []string{w.T("report.closing.agree"), w.T("report.closing.coachee_more"), w.T("report.closing.coachee_less")}
		values = []int{*cl.Agree, *cl.CoacheeHigher, *cl.Differ - *cl.CoacheeHigher}
		for _, p := range cl.ByOutcome {
			closing.Rows = append(closing.Rows, []string{wordOf(w, "Outcome", string(p.CoachOutcome)), wordOf(w, "Outcome", string(p.CoacheeOutcome)), w.Int(p.Count)})
		}
	} else {
		desc += w.T("report.closing.too_few")
	}
	closingFig := barFigure(w, "closing", w.T("report.closing.title"), desc, []string{w.T("report.closing.views"), w.T("report.engagements")}, labels, values,
		w.T("report.closing.none"))
	closingFig.Table = closing
	return []reportFigure{byMonth, byProg, byLeader, closingFig}
}
