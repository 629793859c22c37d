package views

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

// Mentor requests: a mentee browses a programme's mentors and asks one;
// the mentor accepts or declines, the mentee may withdraw, HR approves
// where the programme needs it. The pages and the API call the same use
// cases (domain/requests.go).

type joinRequest struct {
	As       domain.MemberRole `json:"as"`
	Capacity *int              `json:"capacity"`
}

type leaveRequest struct {
	As domain.MemberRole `json:"as"`
}

type mentorRequestBody struct {
	MentorID int64  `json:"mentor_id"`
	Message  string `json:"message"`
}

type stepRequest struct {
	Reason string `json:"reason"`
}

// mentorFilterOf reads the browsing filter from the query.
func mentorFilterOf(c *fiber.Ctx) domain.MentorFilter {
	return domain.MentorFilter{Department: strings.TrimSpace(copyString(c.Query("department"))),
		Skill: strings.TrimSpace(copyString(c.Query("skill"))), Language: strings.TrimSpace(copyString(c.Query("language")))}
}

// apiMentors answers GET /api/v1/programmes/{id}/mentors?department=&skill=&language=.
func (s *Server) apiMentors(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	b, err := s.svc.BrowseMentors(c.UserContext(), *actor(c), id, mentorFilterOf(c))
	if err != nil {
		return err
	}
	for i, m := range b.Mentors {
		b.Mentors[i].Reasons = textsWords(apiWords, m.Why)
	}
	return c.JSON(items(b.Mentors))
}

// apiJoinProgramme answers POST /api/v1/programmes/{id}/join.
func (s *Server) apiJoinProgramme(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	var req joinRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	m, err := s.svc.JoinProgramme(c.UserContext(), *actor(c), id, req.As, req.Capacity)
	if err != nil {
		return err
	}
	return c.JSON(m)
}

// apiLeaveProgramme answers POST /api/v1/programmes/{id}/leave: 204.
func (s *Server) apiLeaveProgramme(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	var req leaveRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if err := s.svc.LeaveProgramme(c.UserContext(), *actor(c), id, req.As); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// apiCreateRequest answers POST /api/v1/programmes/{id}/requests: 201.
func (s *Server) apiCreateRequest(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	var req mentorRequestBody
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	r, err := s.svc.CreateRequest(c.UserContext(), *actor(c), id, domain.RequestInput{MentorID: req.MentorID, Message: req.Message})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(r)
}

// apiMyRequests answers GET /api/v1/me/requests.
func (s *Server) apiMyRequests(c *fiber.Ctx) error {
	limit, _, err := listParams(c)
	if err != nil {
		return err
	}
	rs, err := s.svc.MyRequests(c.UserContext(), *actor(c), limit)
	if err != nil {
		return err
	}
	return c.JSON(items(rs))
}

// apiRequestStep answers POST /api/v1/requests/{id}/STEP with an optional
// {"reason"}.
func (s *Server) apiRequestStep(step domain.RequestStep) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, req, err := optionalBody[stepRequest](c)
		if err != nil {
			return err
		}
		r, err := s.svc.AnswerRequest(c.UserContext(), *actor(c), id, step, req.Reason)
		if err != nil {
			return err
		}
		return c.JSON(r)
	}
}

// Pages.

type requestsPage struct {
	Page
	// Programmes where the viewer may ask for a mentor.
	Programmes []domain.Programme
	Sent       []domain.MentorRequest // as mentee
	Received   []domain.MentorRequest // as mentor
}

// requestsPage lists the viewer's requests, sent and received, and the
// programmes where they may ask.
func (s *Server) requestsPage(c *fiber.Ctx) error {
	ctx, a := c.UserContext(), *actor(c)
	ps, err := s.svc.RequestProgrammes(ctx, a)
	if err != nil {
		return err
	}
	rs, err := s.svc.MyRequests(ctx, a, 500)
	if err != nil {
		return err
	}
	p := requestsPage{Page: s.page(c, s.words(c).T("title.requests")), Programmes: ps}
	for _, r := range rs {
		if r.MenteeID == a.Person.ID {
			p.Sent = append(p.Sent, r)
		} else {
			p.Received = append(p.Received, r)
		}
	}
	return s.render(c, "requests", p)
}

type approvalsPage struct {
	Page
	Requests []domain.MentorRequest
}

// approvalsPage lists, for HR, the requests mentors accepted that wait for
// approval.
func (s *Server) approvalsPage(c *fiber.Ctx) error {
	rs, err := s.svc.RequestsAwaitingApproval(c.UserContext(), *actor(c))
	if err != nil {
		return err
	}
	return s.render(c, "approvals", approvalsPage{Page: s.page(c, s.words(c).T("title.approvals")), Requests: rs})
}

type mentorsPage struct {
	Page
	Browse domain.MentorBrowse
	Filter domain.MentorFilter
	// Join is the sign-up form as typed, JoinErrors its messages by field.
	Join       joinForm
	JoinErrors map[string]string
	// Ask is the request form that failed, as typed (MentorID 0: none);
	// AskErrors its messages by field ("" for the form as a whole).
	Ask       askForm
	AskErrors map[string]string
}

// AskErrorsOf are the messages of the request form of one mentor (none
// unless it is the one that failed).
func (p *mentorsPage) AskErrorsOf(mentorID int64) map[string]string {
	if p.Ask.MentorID != mentorID {
		return nil
	}
	return p.AskErrors
}

// joinForm is the sign-up form's values as typed.
type joinForm struct{ As, Capacity string }

// askForm is one mentor's request form as typed.
type askForm struct {
	MentorID int64
	Message  string
}

// mentorsPageData reads the browsing page of programme id, with the
// filter of the address.
func (s *Server) mentorsPageData(c *fiber.Ctx, id int64) (*mentorsPage, error) {
	f := mentorFilterOf(c)
	b, err := s.svc.BrowseMentors(c.UserContext(), *actor(c), id, f)
	if err != nil {
		return nil, err
	}
	return &mentorsPage{Page: s.page(c, s.words(c).T("title.mentors", "Programme", b.Programme.Name)), Browse: b, Filter: f,
		Join: joinForm{As: string(domain.RoleMentee)}}, nil
}

// mentorsPage shows the mentors a mentee may ask in a programme, best
// first, each with why they fit and a form to ask them.
func (s *Server) mentorsPage(c *fiber.Ctx) error {
	return pageByID(s, c, "mentors", func(id int64) (*mentorsPage, error) { return s.mentorsPageData(c, id) })
}

// mentorsPath is a programme's browsing page.
func mentorsPath(id int64) string { return "/programmes/" + strconv.FormatInt(id, 10) + "/mentors" }

// flashOrFail sends the browser back to where it came from: with the
// message of a refusal about the input, or with done.
func (s *Server) flashOrFail(c *fiber.Ctx, err error, back, done string) error {
	if err != nil {
		if _, msg, _, ok := formErrorFields(s.words(c), err); ok {
			return s.redirectWithFlash(c, back, s.words(c).T("flash.nothing_was_changed", "Message", msg))
		}
		return err
	}
	return s.redirectWithFlash(c, back, done)
}

// askPrefix is the id prefix of the request form of one mentor.
func askPrefix(mentorID int64) string { return "ask-" + strconv.FormatInt(mentorID, 10) + "-" }

// requestSubmit sends a request from the browsing page. A refused one
// comes back as the page with the message kept in that mentor's form and
// the errors beside it; about a mentor the page does not list, the errors
// are the page's own.
func (s *Server) requestSubmit(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	f := askForm{Message: copyString(c.FormValue("message"))}
	f.MentorID, _ = strconv.ParseInt(strings.TrimSpace(c.FormValue("mentor_id")), 10, 64)
	r, err := s.svc.CreateRequest(c.UserContext(), *actor(c), id, domain.RequestInput{MentorID: f.MentorID, Message: f.Message})
	if err != nil {
		return refillForm(s, c, err, "mentors", askPrefix(f.MentorID), func() (*mentorsPage, error) { return s.mentorsPageData(c, id) },
			func(p *mentorsPage, fields map[string]string) {
				listed := p.Browse.MayRequest && slices.ContainsFunc(p.Browse.Mentors, func(m domain.MentorCard) bool {
					return m.Person.ID == f.MentorID
				})
				if !listed {
					// No form of this mentor on the page: the errors are
					// the page's, shown in the summary without a link,
					// each named by its field.
					var msgs []string
					for _, k := range slices.Sorted(maps.Keys(fields)) {
						if k == "" {
							msgs = append(msgs, fields[k])
						} else {
							msgs = append(msgs, label(s.words(c), k)+": "+fields[k])
						}
						delete(fields, k)
					}
					fields[""] = strings.Join(msgs, "; ")
					return
				}
				p.Ask, p.AskErrors = f, fields
			})
	}
	return s.redirectWithFlash(c, domain.RequestsPath, s.words(c).T("flash.request_sent", "Mentor", r.Mentor.Name))
}

// joinPrefix is the id prefix of the sign-up form's fields.
const joinPrefix = "join-"

// joinSubmit and leaveSubmit sign the viewer up to a programme, or off. A
// refused sign-up comes back as the page with what was typed and the
// errors beside the fields.
func (s *Server) joinSubmit(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	f := joinForm{As: copyString(c.FormValue("as")), Capacity: copyString(c.FormValue("capacity"))}
	role := domain.MemberRole(f.As)
	var capacity *int
	if v := strings.TrimSpace(f.Capacity); v != "" {
		if n, cerr := strconv.Atoi(v); cerr != nil {
			err = domain.InvalidText("capacity", "error.views.capacity_number")
		} else {
			capacity = &n
		}
	}
	if err == nil {
		_, err = s.svc.JoinProgramme(c.UserContext(), *actor(c), id, role, capacity)
	}
	if err != nil {
		return refillForm(s, c, err, "mentors", joinPrefix, func() (*mentorsPage, error) { return s.mentorsPageData(c, id) },
			func(p *mentorsPage, fields map[string]string) { p.Join, p.JoinErrors = f, fields })
	}
	return s.redirectWithFlash(c, mentorsPath(id), s.words(c).T("flash.joined_as."+string(role)))
}

func (s *Server) leaveSubmit(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	role := domain.MemberRole(c.FormValue("as"))
	err = s.svc.LeaveProgramme(c.UserContext(), *actor(c), id, role)
	return s.flashOrFail(c, err, mentorsPath(id), s.words(c).T("flash.left_as."+string(role)))
}

// stepSubmit takes a step with a request from the requests or approvals
// page; declining, withdrawing and rejecting need the confirmation box.
func (s *Server) stepSubmit(step domain.RequestStep) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := paramID(c, "id")
		if err != nil {
			return err
		}
		back := domain.RequestsPath
		if step == domain.StepApprove || step == domain.StepReject {
			back = domain.ApprovalsPath
		}
		var v domain.ValidationError
		if step == domain.StepDecline || step == domain.StepWithdraw || step == domain.StepReject {
			confirmed(c, &v, "confirm.request_"+string(step))
		}
		if err := v.Err(); err != nil {
			return s.flashOrFail(c, err, back, "")
		}
		r, err := s.svc.AnswerRequest(c.UserContext(), *actor(c), id, step, copyString(c.FormValue("reason")))
		if err != nil {
			return s.flashOrFail(c, err, back, "")
		}
		return s.redirectWithFlash(c, back, s.words(c).T("flash.request_now", "State", s.words(c).Lower(wordOf(s.words(c), "RequestState", string(r.State)))))
	}
}
