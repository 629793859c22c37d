package domain

import (
	"context"
	"math"
	"slices"
	"strings"
	"time"
)

// FeedbackGroup is the feedback about one programme's or one leader's
// meetings: how many answers from how many learners, and their average
// only when at least FeedbackMinLearners learners answered.
type FeedbackGroup struct {
	ID       int64    `json:"id,omitempty"`
	Name     string   `json:"name,omitempty"`
	Answers  int      `json:"answers"`
	Learners int      `json:"learners"`
	Average  *float64 `json:"average"`
}

// FeedbackMonth is the feedback about the meetings of one month.
type FeedbackMonth struct {
	Month    string   `json:"month"`
	Answers  int      `json:"answers"`
	Learners int      `json:"learners"`
	Average  *float64 `json:"average"`
}

// SharedComment is a comment its learner shared with the programme's
// admins, without a name.
type SharedComment struct {
	ProgrammeID int64  `json:"programme_id"`
	Month       string `json:"month"`
	Rating      int    `json:"rating"`
	Comment     string `json:"comment"`
}

// FeedbackFigure is the meeting feedback of the period for admins:
// averages only over groups of at least MinLearners learners.
type FeedbackFigure struct {
	MinLearners    int             `json:"min_learners"`
	Overall        FeedbackGroup   `json:"overall"`
	ByMonth        []FeedbackMonth `json:"by_month"`
	ByProgramme    []FeedbackGroup `json:"by_programme"`
	ByLeader       []FeedbackGroup `json:"by_leader"`
	SharedComments []SharedComment `json:"shared_comments"`
}

// ClosingPair counts the engagements the coach closed with one outcome
// and the coachee saw with another (or the same).
type ClosingPair struct {
	CoachOutcome   Outcome `json:"coach_outcome"`
	CoacheeOutcome Outcome `json:"coachee_outcome"`
	Count          int     `json:"count"`
}

// ClosingFigure sets the coach's outcome beside the coachee's own view
// over the engagements closed in the period. The views are shown only
// when at least FeedbackMinLearners coachees gave theirs.
type ClosingFigure struct {
	Closed   int `json:"closed"`
	Answered int `json:"answered"`
	// AverageRating is the coachees' rating of the whole engagement.
	AverageRating *float64 `json:"average_rating"`
	// Agree and Differ count the engagements where the two views match or not.
	Agree  *int `json:"agree"`
	Differ *int `json:"differ"`
	// CoacheeHigher counts those the coachee saw as more achieved.
	CoacheeHigher *int          `json:"coachee_higher"`
	ByOutcome     []ClosingPair `json:"by_outcome"`
}

// maxSharedComments bounds the comments a report lists.
const maxSharedComments = 100

// ratingSum gathers ratings and their distinct learners.
type ratingSum struct {
	answers, sum int
	learners     map[int64]bool
}

func (r *ratingSum) add(learner int64, rating int) {
	if r.learners == nil {
		r.learners = map[int64]bool{}
	}
	r.answers++
	r.sum += rating
	r.learners[learner] = true
}

// average is the mean to one decimal, nil below FeedbackMinLearners
// distinct learners.
func (r ratingSum) average() *float64 {
	if len(r.learners) < FeedbackMinLearners || r.answers == 0 {
		return nil
	}
	v := math.Round(float64(r.sum)*10/float64(r.answers)) / 10
	return &v
}

func (r ratingSum) group(id int64, name string) FeedbackGroup {
	return FeedbackGroup{ID: id, Name: name, Answers: r.answers, Learners: len(r.learners), Average: r.average()}
}

// outcomeRank orders outcomes from not achieved (0) to achieved (2).
func outcomeRank(o Outcome) int { return 2 - slices.Index(Outcomes, o) }

// feedbackFigure reads the answers about meetings held in the report's
// months and groups them; inScope keeps the programme and department asked.
func (s *Service) feedbackFigure(ctx context.Context, q ReportQuery, months []string, inScope func(programmeID, learnerID int64) bool) (FeedbackFigure, error) {
	loc := s.cfg.OrgLocation
	f := FeedbackFigure{MinLearners: FeedbackMinLearners, ByMonth: make([]FeedbackMonth, len(months)),
		ByProgramme: []FeedbackGroup{}, ByLeader: []FeedbackGroup{}, SharedComments: []SharedComment{}}
	stamps, err := s.store.Feedback.FeedbackStamps(ctx, q.From.Start(loc), q.To.AddDays(1).Start(loc))
	if err != nil {
		return f, err
	}
	var all ratingSum
	byMonth := make([]ratingSum, len(months))
	byProg, byLeader := map[int64]*ratingSum{}, map[int64]*ratingSum{}
	names := map[int64]string{}
	for _, st := range stamps {
		if !inScope(st.ProgrammeID, st.LearnerID) {
			continue
		}
		month := st.At.In(loc).Format("2006-01")
		all.add(st.LearnerID, st.Rating)
		if i := slices.Index(months, month); i >= 0 {
			byMonth[i].add(st.LearnerID, st.Rating)
		}
		for _, g := range []struct {
			m  map[int64]*ratingSum
			id int64
		}{{byProg, st.ProgrammeID}, {byLeader, st.Leader.ID}} {
			if g.m[g.id] == nil {
				g.m[g.id] = &ratingSum{}
			}
			g.m[g.id].add(st.LearnerID, st.Rating)
		}
		names[st.Leader.ID] = st.Leader.Name
		if st.SharedComment != "" && len(f.SharedComments) < maxSharedComments {
			f.SharedComments = append(f.SharedComments, SharedComment{ProgrammeID: st.ProgrammeID, Month: month, Rating: st.Rating, Comment: st.SharedComment})
		}
	}
	f.Overall = all.group(0, "")
	for i, m := range months {
		g := byMonth[i].group(0, "")
		f.ByMonth[i] = FeedbackMonth{Month: m, Answers: g.Answers, Learners: g.Learners, Average: g.Average}
	}
	for _, id := range sortedIDs(byProg) {
		f.ByProgramme = append(f.ByProgramme, byProg[id].group(id, ""))
	}
	for _, id := range sortedIDs(byLeader) {
		f.ByLeader = append(f.ByLeader, byLeader[id].group(id, names[id]))
	}
	slices.SortStableFunc(f.ByLeader, func(a, b FeedbackGroup) int { return strings.Compare(a.Name, b.Name) })
	return f, nil
}

func sortedIDs[V any](m map[int64]V) []int64 {
	ids := make([]int64, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// closingFigure sets the coach's outcome beside the coachee's view over
// the engagements closed in [from, to] (in scope), hiding the views below
// FeedbackMinLearners coachees.
func closingFigure(es []Engagement, closedIn func(time.Time) bool, inScope func(programmeID, learnerID int64) bool) ClosingFigure {
	var c ClosingFigure
	var ratings ratingSum
	agree, differ, higher := 0, 0, 0
	pairs := map[[2]Outcome]int{}
	for _, e := range es {
		if e.Status != EngagementCompleted || e.ClosedAt == nil || !closedIn(*e.ClosedAt) || !inScope(e.ProgrammeID, e.CoacheeID) {
			continue
		}
		c.Closed++
		r := e.CoacheeReview
		if r == nil {
			continue
		}
		c.Answered++
		ratings.add(e.CoacheeID, r.Rating)
		pairs[[2]Outcome{e.Outcome, r.GoalOutcome}]++
		switch {
		case r.GoalOutcome == e.Outcome:
			agree++
		case outcomeRank(r.GoalOutcome) > outcomeRank(e.Outcome):
			differ++
			higher++
		default:
			differ++
		}
	}
	c.ByOutcome = []ClosingPair{}
	if c.AverageRating = ratings.average(); c.AverageRating == nil {
		return c
	}
	c.Agree, c.Differ, c.CoacheeHigher = &agree, &differ, &higher
	for _, co := range Outcomes {
		for _, ce := range Outcomes {
			if n := pairs[[2]Outcome{co, ce}]; n > 0 {
				c.ByOutcome = append(c.ByOutcome, ClosingPair{CoachOutcome: co, CoacheeOutcome: ce, Count: n})
			}
		}
	}
	return c
}
