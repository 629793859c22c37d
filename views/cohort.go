package views

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

// Cohort matching: HR proposes pairs for a programme's unpaired mentees,
// reviews them (dropping the ones it does not want) and confirms; the
// page and the API call the same two use cases.

type proposalAnswer struct {
	Items     []domain.ProposedPair `json:"items"`
	Unmatched []domain.PersonRef    `json:"unmatched"`
	Total     int                   `json:"total"`
}

// proposalAnswerOf is a proposal as the API gives it, the reasons in the
// API's words.
func proposalAnswerOf(p domain.CohortProposal) proposalAnswer {
	for i, pr := range p.Pairs {
		p.Pairs[i].Reasons = textsWords(apiWords, pr.Why)
	}
	return proposalAnswer{Items: p.Pairs, Unmatched: p.Unmatched, Total: p.Total}
}

// apiProposePairs answers POST /api/v1/programmes/{id}/match-proposals.
func (s *Server) apiProposePairs(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	p, err := s.svc.ProposePairs(c.UserContext(), *actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(proposalAnswerOf(p))
}

type confirmRequest struct {
	Pairs []domain.PairChoice `json:"pairs"`
}

// pairsBody reads the programme id and the pairs of a confirm or review.
func pairsBody(c *fiber.Ctx) (int64, confirmRequest, error) {
	var req confirmRequest
	id, err := paramID(c, "id")
	if err != nil {
		return 0, req, err
	}
	return id, req, decodeJSON(c, &req)
}

// apiConfirmPairs answers POST /api/v1/programmes/{id}/match-proposals/confirm:
// 201 with the pairings created.
func (s *Server) apiConfirmPairs(c *fiber.Ctx) error {
	id, req, err := pairsBody(c)
	if err != nil {
		return err
	}
	made, err := s.svc.ConfirmPairs(c.UserContext(), *actor(c), id, req.Pairs)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(items(made))
}

// apiReviewPairs answers POST /api/v1/programmes/{id}/match-proposals/review:
// the pairs sent (HR's changes to a proposal, such as two mentors swapped)
// scored and explained as a proposal.
func (s *Server) apiReviewPairs(c *fiber.Ctx) error {
	id, req, err := pairsBody(c)
	if err != nil {
		return err
	}
	p, err := s.svc.ReviewPairs(c.UserContext(), *actor(c), id, req.Pairs)
	if err != nil {
		return err
	}
	return c.JSON(proposalAnswerOf(p))
}

// Pages.

type proposalPage struct {
	Page
	Proposal domain.CohortProposal
	// Swapped says the list is HR's own, after swapping mentors.
	Swapped bool
	Errors  map[string]string
}

// proposalsPage shows the proposed pairs of a programme, each checked, to
// confirm or drop.
func (s *Server) proposalsPage(c *fiber.Ctx) error {
	return pageByID(s, c, "proposals", func(id int64) (*proposalPage, error) {
		p, err := s.svc.ProposePairs(c.UserContext(), *actor(c), id)
		if err != nil {
			return nil, err
		}
		return &proposalPage{Page: s.page(c, s.words(c).T("title.propose_pairs", "Programme", p.Programme.Name)), Proposal: p}, nil
	})
}

// formPairs reads a form's pairs (each a value "MENTOR-MENTEE") of one name.
func (s *Server) formPairs(c *fiber.Ctx, name string) ([]domain.PairChoice, error) {
	var pairs []domain.PairChoice
	for _, v := range c.Request().PostArgs().PeekMulti(name) {
		mentor, mentee, ok := strings.Cut(string(v), "-")
		mID, err1 := strconv.ParseInt(mentor, 10, 64)
		eID, err2 := strconv.ParseInt(mentee, 10, 64)
		if !ok || err1 != nil || err2 != nil {
			return nil, badRequest(s.words(c).T("error.coaching.pair_form"))
		}
		pairs = append(pairs, domain.PairChoice{MentorID: mID, MenteeID: eID})
	}
	return pairs, nil
}

// proposalsSwap exchanges the mentors of the two pairs ticked to swap
// (their mentees' ids in "swap[]") among the listed pairs ("all[]") and
// shows the list again, scored afresh; nothing is written.
func (s *Server) proposalsSwap(c *fiber.Ctx, id int64) error {
	all, err := s.formPairs(c, "all[]")
	if err != nil {
		return err
	}
	var picked []int64
	for _, v := range c.Request().PostArgs().PeekMulti("swap[]") {
		n, err := strconv.ParseInt(string(v), 10, 64)
		if err != nil {
			return badRequest(s.words(c).T("error.coaching.swap_form"))
		}
		picked = append(picked, n)
	}
	swapped := all
	if len(picked) != 2 {
		err = domain.InvalidText("swap", "error.coaching.swap_two")
	} else {
		swapped, err = domain.SwapMentors(all, picked[0], picked[1])
	}
	load := func(pairs []domain.PairChoice) (*proposalPage, error) {
		p, err := s.svc.ReviewPairs(c.UserContext(), *actor(c), id, pairs)
		if err != nil {
			return nil, err
		}
		return &proposalPage{Page: s.page(c, s.words(c).T("title.propose_pairs", "Programme", p.Programme.Name)), Proposal: p, Swapped: true}, nil
	}
	if err != nil {
		return refill(s, c, err, "proposals", func() (*proposalPage, error) { return load(all) },
			func(p *proposalPage, fields map[string]string) { p.Errors = fields })
	}
	page, err := load(swapped)
	if err != nil {
		return err
	}
	return s.render(c, "proposals", page)
}

// proposalsSubmit creates the checked pairs (each a "pair[]" value
// "MENTOR-MENTEE") in one go, or swaps two pairs' mentors (proposalsSwap).
func (s *Server) proposalsSubmit(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if c.FormValue("action") == "swap" {
		return s.proposalsSwap(c, id)
	}
	back := "/programmes/" + strconv.FormatInt(id, 10)
	pairs, err := s.formPairs(c, "pair[]")
	if err != nil {
		return err
	}
	made, err := s.svc.ConfirmPairs(c.UserContext(), *actor(c), id, pairs)
	if err != nil {
		if _, msg, _, ok := formErrorFields(s.words(c), err); ok {
			return s.redirectWithFlash(c, back+"/proposals", s.words(c).T("flash.nothing_created", "Why", msg))
		}
		return err
	}
	msg := s.words(c).N("flash.pairs_created", len(made))
	return s.redirectWithFlash(c, back, msg)
}
