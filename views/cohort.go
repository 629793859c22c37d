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
	return c.JSON(proposalAnswer{Items: p.Pairs, Unmatched: p.Unmatched, Total: p.Total})
}

type confirmRequest struct {
	Pairs []domain.PairChoice `json:"pairs"`
}

// apiConfirmPairs answers POST /api/v1/programmes/{id}/match-proposals/confirm:
// 201 with the pairings created.
func (s *Server) apiConfirmPairs(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	var req confirmRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	made, err := s.svc.ConfirmPairs(c.UserContext(), *actor(c), id, req.Pairs)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(items(made))
}

// Pages.

type proposalPage struct {
	Page
	Proposal domain.CohortProposal
}

// proposalsPage shows the proposed pairs of a programme, each checked, to
// confirm or drop.
func (s *Server) proposalsPage(c *fiber.Ctx) error {
	return pageByID(s, c, "proposals", func(id int64) (*proposalPage, error) {
		p, err := s.svc.ProposePairs(c.UserContext(), *actor(c), id)
		if err != nil {
			return nil, err
		}
		return &proposalPage{Page: s.page(c, "Propose pairs for "+p.Programme.Name), Proposal: p}, nil
	})
}

// proposalsSubmit creates the checked pairs (each a "pair[]" value
// "MENTOR-MENTEE") in one go.
func (s *Server) proposalsSubmit(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	back := "/programmes/" + strconv.FormatInt(id, 10)
	var pairs []domain.PairChoice
	for _, v := range c.Request().PostArgs().PeekMulti("pair[]") {
		mentor, mentee, ok := strings.Cut(string(v), "-")
		mID, err1 := strconv.ParseInt(mentor, 10, 64)
		eID, err2 := strconv.ParseInt(mentee, 10, 64)
		if !ok || err1 != nil || err2 != nil {
			return badRequest("each pair is a mentor and a mentee")
		}
		pairs = append(pairs, domain.PairChoice{MentorID: mID, MenteeID: eID})
	}
	made, err := s.svc.ConfirmPairs(c.UserContext(), *actor(c), id, pairs)
	if err != nil {
		if _, msg, _, ok := formErrorFields(err); ok {
			return s.redirectWithFlash(c, back+"/proposals", "Nothing was created: "+msg)
		}
		return err
	}
	msg := "1 pairing created; both people were told in Cairn."
	if len(made) != 1 {
		msg = strconv.Itoa(len(made)) + " pairings created; both people of each were told in Cairn."
	}
	return s.redirectWithFlash(c, back, msg)
}
