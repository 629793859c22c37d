package domain

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Mentor requests: in a programme whose matching mode allows it, a mentee
// browses the mentors they may ask (the eligibility rules of
// eligibility.go, ordered by the match score of matchscore.go), asks one
// with a message, and the mentor accepts or declines; where the programme
// needs it, HR approves after the mentor. Accepting (or approving) creates
// the pairing through the rules of HR's pairings, in the same transaction.
// A request the mentor leaves unanswered for the programme's expiry days
// expires: the sweep (ExpireRequests) or the mentee's next request moves
// it by a conditional write, so its notices go out once. Each step tells
// the other side by email and in the app, and is audited.

// MatchingMode is how a programme forms its pairs.
type MatchingMode string

// The matching modes.
const (
	MatchingAdmin           MatchingMode = "admin"
	MatchingRequest         MatchingMode = "mentee_request"
	MatchingRequestApproved MatchingMode = "mentee_request_approved"
)

// DefaultRequestExpiryDays and MaxRequestExpiryDays bound how long a
// request waits for the mentor's answer.
const (
	DefaultRequestExpiryDays = 14
	MaxRequestExpiryDays     = 90
)

// TakesRequests reports whether mentees may ask for mentors in it now.
func (p Programme) TakesRequests() bool {
	return p.Kind == KindMentoring && !p.Archived && (p.Matching == MatchingRequest || p.Matching == MatchingRequestApproved)
}

// MemberRole is the part a person signed up for in a programme.
type MemberRole string

// The roles of a sign-up.
const (
	RoleMentor MemberRole = "mentor"
	RoleMentee MemberRole = "mentee"
)

// MaxMemberCapacity bounds the mentees a mentor offers in one programme.
const MaxMemberCapacity = 50

// ProgrammeMember is one person's sign-up to a programme in one role; a
// mentor may give how many mentees they take in it.
type ProgrammeMember struct {
	ProgrammeID int64      `json:"programme_id"`
	PersonID    int64      `json:"person_id"`
	Role        MemberRole `json:"as"`
	Capacity    *int       `json:"capacity"`
	JoinedAt    time.Time  `json:"joined_at"`
}

// RequestState is where a mentor request stands.
type RequestState string

// Request states: open -> accepted (-> approved | rejected where HR
// approves), open -> declined | withdrawn | expired; an accepted request
// waiting for HR may still be withdrawn.
const (
	RequestOpen      RequestState = "open"
	RequestAccepted  RequestState = "accepted"
	RequestDeclined  RequestState = "declined"
	RequestWithdrawn RequestState = "withdrawn"
	RequestExpired   RequestState = "expired"
	RequestApproved  RequestState = "approved"
	RequestRejected  RequestState = "rejected"
)

// RequestStates lists every state, for words and checks.
func RequestStates() []RequestState {
	return []RequestState{RequestOpen, RequestAccepted, RequestDeclined, RequestWithdrawn, RequestExpired, RequestApproved, RequestRejected}
}

// MentorRequest is a mentee's request for a mentor in a programme.
type MentorRequest struct {
	ID          int64        `json:"id"`
	ProgrammeID int64        `json:"programme_id"`
	MenteeID    int64        `json:"mentee_id"`
	MentorID    int64        `json:"mentor_id"`
	Message     string       `json:"message"`
	State       RequestState `json:"state"`
	// Reason is the mentor's for declining or HR's for rejecting.
	Reason    string    `json:"reason"`
	PairingID *int64    `json:"pairing_id"`
	DecidedBy *int64    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Programme, Mentor and Mentee carry the names, read with it.
	Programme PersonRef `json:"programme"`
	Mentor    PersonRef `json:"mentor"`
	Mentee    PersonRef `json:"mentee"`
	// AwaitingApproval: the mentor accepted and HR has yet to approve.
	AwaitingApproval bool `json:"awaiting_approval"`
	// Can is what the caller may do with it, filled in by the use cases.
	Can RequestAbilities `json:"can"`
}

// waiting reports whether the mentor accepted and HR has yet to decide.
func (r MentorRequest) waiting() bool { return r.State == RequestAccepted && r.PairingID == nil }

// lapsed reports whether an open request has passed its expiry.
func (r MentorRequest) lapsed(now time.Time) bool {
	return r.State == RequestOpen && !now.Before(r.ExpiresAt)
}

// RequestFilter narrows a list of requests (newest first).
type RequestFilter struct {
	PersonID    int64 // the mentee or the mentor
	ProgrammeID int64
	MenteeID    int64
	States      []RequestState
	// AwaitingApproval keeps the accepted requests without a pairing.
	AwaitingApproval bool
	// LapsedBy keeps the open requests whose expiry is at or before it.
	LapsedBy time.Time
	Limit    int
}

// RequestAbilities is what an actor may do with one request.
type RequestAbilities struct {
	Accept   bool `json:"accept"`
	Decline  bool `json:"decline"`
	Withdraw bool `json:"withdraw"`
	Approve  bool `json:"approve"`
	Reject   bool `json:"reject"`
}

// RequestAbilitiesOf computes what a may do with request r at now: the
// mentor answers an open request, the mentee withdraws it (or while HR
// decides), an admin approves or rejects one the mentor accepted.
func RequestAbilitiesOf(a Actor, r MentorRequest, now time.Time) RequestAbilities {
	open := r.State == RequestOpen && !r.lapsed(now)
	mentor, mentee := a.Person.ID != 0 && a.Person.ID == r.MentorID, a.Person.ID != 0 && a.Person.ID == r.MenteeID
	return RequestAbilities{Accept: mentor && open, Decline: mentor && open, Withdraw: mentee && (open || r.waiting()),
		Approve: a.IsAdmin() && r.waiting(), Reject: a.IsAdmin() && r.waiting()}
}

// mayKnowRequest: its mentee and mentor, and admins (who read no message
// or reason that is not theirs: requestFor).
func mayKnowRequest(a Actor, r MentorRequest) bool {
	return a.IsAdmin() || (a.Person.ID != 0 && (a.Person.ID == r.MenteeID || a.Person.ID == r.MentorID))
}

// requestFor is r as the actor sees it: an open request past its expiry
// shows as expired (the sweep writes it), and an admin who is neither side
// sees the dates and states, not the words the two wrote each other.
func (s *Service) requestFor(a Actor, r MentorRequest) MentorRequest {
	now := s.clock.Now()
	r.Can = RequestAbilitiesOf(a, r, now)
	r.AwaitingApproval = r.waiting()
	if r.lapsed(now) {
		r.State = RequestExpired
	}
	if a.Person.ID != r.MenteeID && a.Person.ID != r.MentorID {
		r.Message, r.Reason = "", ""
	}
	return r
}

func requestAuditFields(r MentorRequest) map[string]any {
	return map[string]any{"programme_id": r.ProgrammeID, "mentee_id": r.MenteeID, "mentor_id": r.MentorID,
		"state": r.State, "expires_at": r.ExpiresAt, "pairing_id": r.PairingID}
}

// MentorCard is one mentor a mentee may ask, with why they fit.
type MentorCard struct {
	Person Person `json:"person"`
	Score  int    `json:"score"`
	// Why are the score's sentences; Reasons the same in the API's words,
	// which the edge writes.
	Why     []Text   `json:"-"`
	Reasons []string `json:"reasons"`
	// CapacityLeft is how many more mentees they take (nil: no limit).
	CapacityLeft *int `json:"capacity_left"`
}

// MentorFilter narrows the mentors a mentee browses: each field given
// must match (any case); Skill is one of the skills a mentor offers,
// Language a language tag the mentor speaks ("de" takes "de-CH" too).
type MentorFilter struct {
	Department, Skill, Language string
}

// matches reports whether a mentor with the profile fits the filter.
func (f MentorFilter) matches(p Person, pr Profile) bool {
	if d := strings.TrimSpace(f.Department); d != "" && !strings.EqualFold(p.Department, d) {
		return false
	}
	if sk := strings.TrimSpace(f.Skill); sk != "" &&
		!slices.ContainsFunc(pr.Offers, func(o string) bool { return strings.EqualFold(o, sk) }) {
		return false
	}
	if l := strings.TrimSpace(f.Language); l != "" && !slices.ContainsFunc(pr.Languages, func(x string) bool {
		return strings.EqualFold(x, l) || strings.HasPrefix(strings.ToLower(x), strings.ToLower(l)+"-")
	}) {
		return false
	}
	return true
}

// MentorBrowse is the browsing page's read: the programme, the mentors
// (best first), the caller's sign-ups and open request in it.
type MentorBrowse struct {
	Programme Programme
	Mentors   []MentorCard
	// Joined are the roles the caller signed up for.
	Joined []MemberRole
	// Open is the caller's open (or waiting) request in it, if any.
	Open *MentorRequest
	// MayRequest is set when the caller may send a request now; Why says
	// why not otherwise.
	MayRequest bool
	Why        *Text
	// Skills and Languages are what the mentors the caller may ask offer
	// and speak, whatever the filter, sorted: the filter's choices.
	Skills, Languages []string
}

// mentorFacts is what deciding whether a mentor may be asked needs, read
// once per mentee and programme.
type mentorFacts struct {
	prog    Programme
	members map[int64]ProgrammeMember // joined mentors
	load    map[int64]int             // open pairings as mentor in the programme
	inProg  func(id int64) (bool, error)
}

func (s *Service) loadMentorFacts(ctx context.Context, st Ports, prog Programme) (mentorFacts, error) {
	f := mentorFacts{prog: prog, members: map[int64]ProgrammeMember{}, load: map[int64]int{},
		inProg: func(id int64) (bool, error) { return st.Programmes.PersonInProgramme(ctx, prog.ID, id) }}
	ms, err := st.Requests.ProgrammeMembers(ctx, prog.ID, RoleMentor)
	if err != nil {
		return f, err
	}
	for _, m := range ms {
		f.members[m.PersonID] = m
	}
	var after int64
	for {
		ps, err := st.Pairings.ListPairings(ctx, PairingFilter{ProgrammeID: prog.ID, Statuses: OpenPairingStatuses(), Limit: cohortPageSize, After: after})
		if err != nil {
			return f, err
		}
		for _, p := range ps {
			f.load[p.MentorID]++
		}
		if len(ps) < cohortPageSize {
			return f, nil
		}
		after = ps[len(ps)-1].ID
	}
}

// mentorRefusal says why mentee may not ask candidate c in the programme
// (nil: they may), and how many more mentees c takes (nil: no limit). The
// rules are the suggestions' (mentorEligible), more senior unless the
// programme lets any level mentor, and, where the programme asks for
// sign-ups, a mentor who joined; a mentor who joined with a capacity takes
// no more than it in the programme.
func (f mentorFacts) mentorRefusal(c MentorCandidate, mentee Person) (*int, error) {
	p := c.Person
	var left *int
	if p.MaxMentees != nil {
		n := max(0, *p.MaxMentees-c.OpenMentees)
		left = &n
	}
	m, joined := f.members[p.ID]
	if joined && m.Capacity != nil {
		n := max(0, *m.Capacity-f.load[p.ID])
		if left == nil || n < *left {
			left = &n
		}
	}
	in := c.OpenMentees > 0
	if p.IsAdmin() {
		var err error
		if in, err = f.inProg(p.ID); err != nil {
			return nil, err
		}
	}
	switch {
	case !p.Active || p.External || p.ID == mentee.ID:
		return nil, InvalidText("mentor_id", "error.request.cannot_mentor", "Name", p.Name)
	case f.prog.RequiresSignup && !joined:
		return nil, InvalidText("mentor_id", "error.request.not_joined", "Name", p.Name, "Programme", f.prog.Name)
	case p.IsAdmin() && !in:
		return nil, InvalidText("mentor_id", "error.request.no_part", "Name", p.Name, "Programme", f.prog.Name)
	case !f.prog.seniorEnough(p, mentee):
		return nil, InvalidText("mentor_id", "error.request.not_senior", "Name", p.Name, "Theirs", p.Seniority,
			"Yours", mentee.Seniority, "Programme", f.prog.Name)
	case left != nil && *left == 0:
		return nil, errCapacityText("mentor_id", Text{Key: "error.request.no_free_place", Args: []any{"Name", p.Name}})
	}
	return left, nil
}

// BrowseMentors lists the mentors the caller may ask in a programme that
// takes requests, best first by match score (ScoreMatch), then by name;
// each with the score's sentences and their free places.
func (s *Service) BrowseMentors(ctx context.Context, a Actor, programmeID int64, f MentorFilter) (MentorBrowse, error) {
	prog, err := s.loadProgramme(ctx, s.store, a, programmeID)
	if err != nil {
		return MentorBrowse{}, fmt.Errorf("browse mentors in %d: %w", programmeID, err)
	}
	out := MentorBrowse{Programme: prog, Mentors: []MentorCard{}}
	if !prog.TakesRequests() {
		return MentorBrowse{}, ConflictText("error.request.no_requests", "Programme", prog.Name)
	}
	me := a.Person
	if !mayBeMentored(me) {
		return MentorBrowse{}, ConflictText("error.request.not_mentored")
	}
	mine, err := s.store.Requests.MembershipsOf(ctx, me.ID)
	if err != nil {
		return MentorBrowse{}, fmt.Errorf("browse mentors in %d: %w", programmeID, err)
	}
	for _, m := range mine {
		if m.ProgrammeID == prog.ID {
			out.Joined = append(out.Joined, m.Role)
		}
	}
	open, err := s.store.Requests.ListRequests(ctx, RequestFilter{ProgrammeID: prog.ID, MenteeID: me.ID,
		States: []RequestState{RequestOpen, RequestAccepted}, Limit: 10})
	if err != nil {
		return MentorBrowse{}, fmt.Errorf("browse mentors in %d: %w", programmeID, err)
	}
	now := s.clock.Now()
	for _, r := range open {
		if (r.State == RequestOpen && !r.lapsed(now)) || r.waiting() {
			r = s.requestFor(a, r)
			out.Open = &r
			break
		}
	}
	out.Why = s.requestBlock(ctx, s.store, prog, me, out.Joined, out.Open)
	out.MayRequest = out.Why == nil
	facts, err := s.loadMentorFacts(ctx, s.store, prog)
	if err != nil {
		return MentorBrowse{}, fmt.Errorf("browse mentors in %d: %w", programmeID, err)
	}
	cands, err := s.store.Pairings.MentorCandidates(ctx, prog.candidateFloor(me), OpenPairingStatuses())
	if err != nil {
		return MentorBrowse{}, fmt.Errorf("browse mentors in %d: %w", programmeID, err)
	}
	m, err := s.matcherFor(ctx, s.store, prog.ID)
	if err != nil {
		return MentorBrowse{}, fmt.Errorf("browse mentors in %d: %w", programmeID, err)
	}
	profiles, err := withProfiles(ctx, s.store, cands, me.ID)
	if err != nil {
		return MentorBrowse{}, fmt.Errorf("browse mentors in %d: %w", programmeID, err)
	}
	for _, c := range cands {
		left, err := facts.mentorRefusal(c, me)
		var de *Error
		if errors.As(err, &de) {
			continue
		}
		if err != nil {
			return MentorBrowse{}, fmt.Errorf("browse mentors in %d: %w", programmeID, err)
		}
		out.Skills = append(out.Skills, c.Profile.Offers...)
		out.Languages = append(out.Languages, c.Profile.Languages...)
		if !f.matches(c.Person, c.Profile) {
			continue
		}
		sc := m.Score(c, me, profiles[me.ID])
		out.Mentors = append(out.Mentors, MentorCard{Person: c.Person, Score: sc.Total, Why: sc.Reasons(), CapacityLeft: left})
	}
	slices.Sort(out.Skills)
	out.Skills = slices.Compact(out.Skills)
	slices.Sort(out.Languages)
	out.Languages = slices.Compact(out.Languages)
	slices.SortStableFunc(out.Mentors, func(x, y MentorCard) int {
		if x.Score != y.Score {
			return y.Score - x.Score
		}
		if c := strings.Compare(x.Person.Name, y.Person.Name); c != 0 {
			return c
		}
		return int(x.Person.ID - y.Person.ID)
	})
	return out, nil
}

// requestBlock says why the mentee may not send a request in the
// programme now (nil when they may).
func (s *Service) requestBlock(ctx context.Context, st Ports, prog Programme, me Person, joined []MemberRole, open *MentorRequest) *Text {
	switch {
	case open != nil:
		return &Text{Key: "error.request.asked_already", Args: []any{"Name", open.Mentor.Name, "Programme", prog.Name}}
	case prog.RequiresSignup && !slices.Contains(joined, RoleMentee):
		return &Text{Key: "error.request.join_first", Args: []any{"Programme", prog.Name}}
	}
	has, err := st.Pairings.ListPairings(ctx, PairingFilter{ProgrammeID: prog.ID, MenteeID: me.ID, Statuses: OpenPairingStatuses(), Limit: 1})
	if err == nil && len(has) > 0 {
		return &Text{Key: "error.request.has_mentor", Args: []any{"Programme", prog.Name, "Mentor", has[0].Mentor.Name}}
	}
	return nil
}

// JoinProgramme signs the caller up to a programme that takes requests,
// as a mentor (with how many mentees they take in it, nil: as many as
// their own limit allows) or as a mentee. Joining again changes the
// capacity.
func (s *Service) JoinProgramme(ctx context.Context, a Actor, programmeID int64, role MemberRole, capacity *int) (ProgrammeMember, error) {
	prog, err := s.loadProgramme(ctx, s.store, a, programmeID)
	if err != nil {
		return ProgrammeMember{}, fmt.Errorf("join programme %d: %w", programmeID, err)
	}
	if !prog.TakesRequests() {
		return ProgrammeMember{}, ConflictText("error.request.no_signups", "Programme", prog.Name)
	}
	var v ValidationError
	switch role {
	case RoleMentor:
		if capacity != nil && (*capacity < 1 || *capacity > MaxMemberCapacity) {
			v.AddText("capacity", "error.request.capacity_range", "Max", MaxMemberCapacity)
		}
		if a.Person.External {
			v.AddText("as", "error.request.external_mentor")
		}
	case RoleMentee:
		if capacity != nil {
			v.AddText("capacity", "error.request.capacity_mentors_only")
		}
		if !mayBeMentored(a.Person) {
			v.AddText("as", "error.request.external_mentee")
		}
	default:
		v.AddText("as", "error.request.role")
	}
	if err := v.Err(); err != nil {
		return ProgrammeMember{}, err
	}
	m := ProgrammeMember{ProgrammeID: prog.ID, PersonID: a.Person.ID, Role: role, Capacity: capacity, JoinedAt: s.clock.Now()}
	err = s.inTx(ctx, func(tx Ports) error {
		if err := tx.Requests.JoinProgramme(ctx, m); err != nil {
			return err
		}
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "join", ObjectType: "programme", ObjectID: prog.ID,
			Changes: diff(nil, map[string]any{"person_id": m.PersonID, "as": m.Role, "capacity": m.Capacity}), At: m.JoinedAt})
	})
	if err != nil {
		return ProgrammeMember{}, fmt.Errorf("join programme %d: %w", programmeID, err)
	}
	return m, nil
}

// LeaveProgramme takes back the caller's sign-up in a role. Pairings and
// requests already made stay.
func (s *Service) LeaveProgramme(ctx context.Context, a Actor, programmeID int64, role MemberRole) error {
	prog, err := s.loadProgramme(ctx, s.store, a, programmeID)
	if err != nil {
		return fmt.Errorf("leave programme %d: %w", programmeID, err)
	}
	if role != RoleMentor && role != RoleMentee {
		return InvalidText("as", "error.request.role")
	}
	err = s.inTx(ctx, func(tx Ports) error {
		if err := tx.Requests.LeaveProgramme(ctx, prog.ID, a.Person.ID, role); err != nil {
			return notFoundText(err, "error.request.not_member", "Programme", prog.Name, "Mentor", role == RoleMentor)
		}
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "leave", ObjectType: "programme", ObjectID: prog.ID,
			Changes: diff(map[string]any{"person_id": a.Person.ID, "as": role}, nil), At: s.clock.Now()})
	})
	if err != nil {
		return fmt.Errorf("leave programme %d: %w", programmeID, err)
	}
	return nil
}

// RequestInput is what a mentee sends.
type RequestInput struct {
	MentorID int64
	Message  string
}

// maxRequestText bounds a request's message and a decision's reason.
const maxRequestText = 2000

// CreateRequest asks a mentor in a programme that takes requests, for the
// caller as mentee. Refused, changing nothing: a programme that takes no
// requests or where the caller did not join when it asks for sign-ups
// (409), a second open request in the programme or a mentor already
// theirs (409), a mentor the browsing would not offer (422; no free place
// is 409).
func (s *Service) CreateRequest(ctx context.Context, a Actor, programmeID int64, in RequestInput) (MentorRequest, error) {
	prog, err := s.loadProgramme(ctx, s.store, a, programmeID)
	if err != nil {
		return MentorRequest{}, fmt.Errorf("create request in %d: %w", programmeID, err)
	}
	if !prog.TakesRequests() {
		return MentorRequest{}, ConflictText("error.request.no_requests", "Programme", prog.Name)
	}
	me := a.Person
	if !mayBeMentored(me) {
		return MentorRequest{}, ConflictText("error.request.not_mentored")
	}
	msg := strings.TrimSpace(in.Message)
	var v ValidationError
	v.Text("message", msg)
	v.tooLong("message", msg, maxRequestText)
	if in.MentorID <= 0 {
		v.AddText("mentor_id", "error.pairing.required")
	}
	if err := v.Err(); err != nil {
		return MentorRequest{}, err
	}
	now := s.clock.Now()
	var r MentorRequest
	err = s.inTx(ctx, func(tx Ports) error {
		if err := tx.People.LockPeople(ctx, nonZero(in.MentorID, me.ID)...); err != nil {
			return err
		}
		if err := s.expireLapsed(ctx, tx, RequestFilter{ProgrammeID: prog.ID, MenteeID: me.ID, LapsedBy: now, Limit: 10}, now); err != nil {
			return err
		}
		mine, err := tx.Requests.MembershipsOf(ctx, me.ID)
		if err != nil {
			return err
		}
		var joined []MemberRole
		for _, m := range mine {
			if m.ProgrammeID == prog.ID {
				joined = append(joined, m.Role)
			}
		}
		open, err := tx.Requests.ListRequests(ctx, RequestFilter{ProgrammeID: prog.ID, MenteeID: me.ID,
			States: []RequestState{RequestOpen, RequestAccepted}, Limit: 10})
		if err != nil {
			return err
		}
		var first *MentorRequest
		for _, o := range open {
			if o.State == RequestOpen || o.waiting() {
				first = &o
				break
			}
		}
		if why := s.requestBlock(ctx, tx, prog, me, joined, first); why != nil {
			return ConflictText(why.Key, why.Args...)
		}
		mentor, err := tx.People.PersonByID(ctx, in.MentorID)
		if err != nil {
			return notFoundText(err, "error.request.no_person")
		}
		pairs, err := tx.Pairings.PairsAmong(ctx, []int64{me.ID}, OpenPairingStatuses())
		if err != nil {
			return err
		}
		if pairs[PairKey(me.ID, mentor.ID)] {
			return ConflictText("error.request.paired_already", "Name", mentor.Name)
		}
		counts, err := tx.Pairings.CountMentorPairings(ctx, []int64{mentor.ID}, OpenPairingStatuses())
		if err != nil {
			return err
		}
		facts, err := s.loadMentorFacts(ctx, tx, prog)
		if err != nil {
			return err
		}
		if _, err := facts.mentorRefusal(MentorCandidate{Person: mentor, OpenMentees: counts[mentor.ID]}, me); err != nil {
			return err
		}
		r = MentorRequest{ProgrammeID: prog.ID, MenteeID: me.ID, MentorID: mentor.ID, Message: msg, State: RequestOpen,
			CreatedAt: now, UpdatedAt: now, ExpiresAt: now.Add(time.Duration(prog.RequestExpiryDays) * 24 * time.Hour),
			Programme: PersonRef{ID: prog.ID, Name: prog.Name}, Mentor: PersonRef{ID: mentor.ID, Name: mentor.Name},
			Mentee: PersonRef{ID: me.ID, Name: me.Name}}
		if err := tx.Requests.CreateRequest(ctx, &r); err != nil {
			if errors.Is(err, ErrConflict) {
				return ConflictText("error.request.open_already", "Programme", prog.Name)
			}
			return err
		}
		if err := tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "create", ObjectType: "mentor_request",
			ObjectID: r.ID, Changes: diff(nil, requestAuditFields(r)), At: now}); err != nil {
			return err
		}
		return s.tellRequest(ctx, tx, r, mentor, me.ID, func(w words) (string, string) {
			return w.T("mail.request.asked_subject", "Name", me.Name), w.T("mail.request.asked_body", "Name", me.Name,
				"Programme", prog.Name, "Message", msg, "By", w.When(r.ExpiresAt, mentor.Location()))
		}, now)
	})
	if err != nil {
		return MentorRequest{}, fmt.Errorf("create request in %d: %w", programmeID, err)
	}
	return s.requestFor(a, r), nil
}

// RequestsPath is the page that lists a person's requests.
const RequestsPath = "/requests"

// tellRequest emails to about a step of request r (one message per
// request, state and recipient, by its Message-ID) and tells them in the
// app unless they took the step themselves (by), with the subject and
// body say writes in their language. A deactivated person gets nothing.
func (s *Service) tellRequest(ctx context.Context, tx Ports, r MentorRequest, to Person, by int64, say func(w words) (subject, body string), now time.Time) error {
	if !to.Active {
		return nil
	}
	base, host := s.cfg.BaseURL, "cairn.localhost"
	if s.notify != nil {
		base, host = s.notify.cfg.BaseURL, s.notify.host
	}
	w := s.wordsFor(to)
	subject, body := say(w)
	text := w.letter(to.Name, body, w.T("mail.request.see", "Link", base+RequestsPath))
	msg := OutboxMessage{Kind: OutboxRequest, RecipientID: &to.ID, To: to.Email, ToName: to.Name, Subject: subject, Text: text,
		MessageID: fmt.Sprintf("request-%d.%s.%d@%s", r.ID, r.State, to.ID, host),
		State:     OutboxQueued, NextAttemptAt: now, CreatedAt: now}
	if err := tx.Outbox.EnqueueMail(ctx, &msg); err != nil {
		return err
	}
	if to.ID == by {
		return nil // nobody is notified in the app of their own action
	}
	note := Notification{RecipientID: to.ID, Kind: "request", Subject: subject, Body: body, Link: RequestsPath, CreatedAt: now}
	return tx.Notifications.InsertNotification(ctx, &note)
}

// RequestStep names what someone does with a request.
type RequestStep string

// The steps.
const (
	StepAccept   RequestStep = "accept"
	StepDecline  RequestStep = "decline"
	StepWithdraw RequestStep = "withdraw"
	StepApprove  RequestStep = "approve"
	StepReject   RequestStep = "reject"
)

// AnswerRequest takes a step with a request: the mentor accepts or
// declines (with an optional reason) an open one, the mentee withdraws,
// an admin approves or rejects one the mentor accepted where the
// programme needs HR's approval. Accepting (where no approval is needed)
// or approving creates the pairing through HR's rules (capacity,
// seniority, one open pair) in the same transaction; a refusal changes
// nothing. Anyone but its two people and admins gets 404; one of them
// taking a step that is not theirs 403; a step the state does not allow
// (an expired or answered request) 409.
func (s *Service) AnswerRequest(ctx context.Context, a Actor, id int64, step RequestStep, reason string) (MentorRequest, error) {
	reason = strings.TrimSpace(reason)
	var v ValidationError
	v.Text("reason", reason)
	v.tooLong("reason", reason, maxRequestText)
	if err := v.Err(); err != nil {
		return MentorRequest{}, err
	}
	var out MentorRequest
	err := s.inTx(ctx, func(tx Ports) error {
		r, err := tx.Requests.RequestByID(ctx, id)
		if err != nil {
			return notFoundText(err, "error.request.not_found")
		}
		if !mayKnowRequest(a, r) {
			return NotFoundText("error.request.not_found")
		}
		now := s.clock.Now()
		can := RequestAbilitiesOf(a, r, now)
		allowed := map[RequestStep]bool{StepAccept: can.Accept, StepDecline: can.Decline, StepWithdraw: can.Withdraw,
			StepApprove: can.Approve, StepReject: can.Reject}
		if _, ok := allowed[step]; !ok {
			return NotFoundText("error.request.no_step")
		}
		if !allowed[step] {
			mine := map[RequestStep]bool{StepAccept: a.Person.ID == r.MentorID, StepDecline: a.Person.ID == r.MentorID,
				StepWithdraw: a.Person.ID == r.MenteeID, StepApprove: a.IsAdmin(), StepReject: a.IsAdmin()}[step]
			if !mine {
				return ForbiddenText("error.request.not_your_step", "Step", string(step))
			}
			why := requestStateWords(r, now)
			return ConflictText(why.Key, why.Args...)
		}
		prog, err := tx.Programmes.ProgrammeByID(ctx, r.ProgrammeID)
		if err != nil {
			return err
		}
		before := r
		r.UpdatedAt = now
		r.DecidedBy = &a.Person.ID
		if step == StepDecline || step == StepReject {
			r.Reason = reason
		}
		switch step {
		case StepAccept:
			r.State = RequestAccepted
			if err := s.pairFromRequest(ctx, tx, a, prog, &r, prog.Matching == MatchingRequestApproved); err != nil {
				return err
			}
		case StepApprove:
			r.State = RequestApproved
			if err := s.pairFromRequest(ctx, tx, a, prog, &r, false); err != nil {
				return err
			}
		case StepDecline:
			r.State = RequestDeclined
		case StepWithdraw:
			r.State = RequestWithdrawn
		case StepReject:
			r.State = RequestRejected
		}
		won, err := tx.Requests.SetRequestState(ctx, r, before.State)
		if err != nil {
			return err
		}
		if !won {
			return ConflictText("error.request.answered_meanwhile")
		}
		if err := tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: string(step), ObjectType: "mentor_request",
			ObjectID: r.ID, Changes: diff(requestAuditFields(before), requestAuditFields(r)), At: now}); err != nil {
			return err
		}
		if err := s.tellStep(ctx, tx, a, prog, r, step, now); err != nil {
			return err
		}
		out = r
		return nil
	})
	if err != nil {
		return MentorRequest{}, fmt.Errorf("%s request %d: %w", step, id, err)
	}
	return s.requestFor(a, out), nil
}

// requestStateWords says, for a 409, where the request stands.
func requestStateWords(r MentorRequest, now time.Time) Text {
	switch {
	case r.lapsed(now), r.State == RequestExpired:
		return Text{Key: "error.request.expired"}
	case r.waiting():
		return Text{Key: "error.request.waits_for_hr"}
	case r.State == RequestOpen:
		return Text{Key: "error.request.waits_for_mentor"}
	}
	return Text{Key: "error.request.closed", Args: []any{"State", string(r.State)}}
}

// pairFromRequest checks (check: only that) or creates the pairing an
// accepted request makes, through HR's rules, and a mentor's capacity in
// the programme where they joined with one.
func (s *Service) pairFromRequest(ctx context.Context, tx Ports, a Actor, prog Programme, r *MentorRequest, check bool) error {
	if !prog.TakesRequests() {
		return ConflictText("error.request.no_requests_any_more", "Programme", prog.Name)
	}
	if err := tx.People.LockPeople(ctx, r.MentorID, r.MenteeID); err != nil {
		return err
	}
	facts, err := s.loadMentorFacts(ctx, tx, prog)
	if err != nil {
		return err
	}
	if m, ok := facts.members[r.MentorID]; ok && m.Capacity != nil && facts.load[r.MentorID] >= *m.Capacity {
		return errCapacityText("mentor_id", Text{Key: "error.request.mentor_full", Args: []any{"Mentor", r.Mentor.Name,
			"Mentees", facts.load[r.MentorID], "Count", *m.Capacity, "Programme", prog.Name}})
	}
	p, err := s.pairInProgramme(ctx, tx, a, prog, PairingInput{ProgrammeID: prog.ID, MentorID: r.MentorID, MenteeID: r.MenteeID,
		Focus: r.Message}, check)
	if err != nil || check {
		return err
	}
	r.PairingID = &p.ID
	return nil
}

// tellStep tells the other side (and, where HR decides next, the admins)
// about a step.
func (s *Service) tellStep(ctx context.Context, tx Ports, a Actor, prog Programme, r MentorRequest, step RequestStep, now time.Time) error {
	mentor, err := tx.People.PersonByID(ctx, r.MentorID)
	if err != nil {
		return err
	}
	mentee, err := tx.People.PersonByID(ctx, r.MenteeID)
	if err != nil {
		return err
	}
	by := a.Person.ID
	names := []any{"Mentor", mentor.Name, "Mentee", mentee.Name, "Programme", prog.Name, "Reason", r.Reason}
	tell := func(to Person, subject, body string) error {
		return s.tellRequest(ctx, tx, r, to, by, func(w words) (string, string) {
			return w.T(subject, names...), w.T(body, names...)
		}, now)
	}
	switch step {
	case StepAccept:
		if r.PairingID == nil {
			if err := tell(mentee, "mail.request.accepted_waiting_subject", "mail.request.accepted_waiting_body"); err != nil {
				return err
			}
			admins, err := tx.People.ActiveAdmins(ctx)
			if err != nil {
				return err
			}
			for _, ad := range admins {
				if ad.ID == by {
					continue
				}
				w := s.wordsFor(ad)
				note := Notification{RecipientID: ad.ID, Kind: "request", Subject: w.T("mail.request.approval_subject"),
					Body: w.T("mail.request.approval_body", names...), Link: ApprovalsPath, CreatedAt: now}
				if err := tx.Notifications.InsertNotification(ctx, &note); err != nil {
					return err
				}
			}
			return nil
		}
		return tell(mentee, "mail.request.accepted_subject", "mail.request.accepted_body")
	case StepDecline:
		return tell(mentee, "mail.request.declined_subject", "mail.request.declined_body")
	case StepWithdraw:
		return tell(mentor, "mail.request.withdrawn_subject", "mail.request.withdrawn_body")
	case StepApprove, StepReject:
		subject, body := "mail.request.approved_subject", "mail.request.approved_body"
		if step == StepReject {
			subject, body = "mail.request.rejected_subject", "mail.request.rejected_body"
		}
		for _, to := range []struct{ me, other Person }{{mentee, mentor}, {mentor, mentee}} {
			if err := s.tellRequest(ctx, tx, r, to.me, by, func(w words) (string, string) {
				return w.T(subject, "Name", to.other.Name), w.T(body, names...)
			}, now); err != nil {
				return err
			}
		}
	}
	return nil
}

// ApprovalsPath is HR's list of requests waiting for approval.
const ApprovalsPath = "/requests/approvals"

// MyRequests lists the caller's requests, as mentee and as mentor, newest
// first.
func (s *Service) MyRequests(ctx context.Context, a Actor, limit int) ([]MentorRequest, error) {
	rs, err := s.store.Requests.ListRequests(ctx, RequestFilter{PersonID: a.Person.ID, Limit: ClampLimit(limit)})
	return shown("my requests", rs, err, func(r MentorRequest) MentorRequest { return s.requestFor(a, r) })
}

// RequestsAwaitingApproval lists the requests mentors accepted that wait
// for HR (admins only), oldest first.
func (s *Service) RequestsAwaitingApproval(ctx context.Context, a Actor) ([]MentorRequest, error) {
	if err := s.requireAdmin(a); err != nil {
		return nil, err
	}
	rs, err := s.store.Requests.ListRequests(ctx, RequestFilter{AwaitingApproval: true, Limit: 500})
	slices.Reverse(rs)
	return shown("requests awaiting approval", rs, err, func(r MentorRequest) MentorRequest { return s.requestFor(a, r) })
}

// RequestProgrammes lists the programmes where the caller may ask for a
// mentor or sign up, by id: none for whom is not mentored (an external
// coach).
func (s *Service) RequestProgrammes(ctx context.Context, a Actor) ([]Programme, error) {
	if !mayBeMentored(a.Person) {
		return []Programme{}, nil
	}
	ps, err := s.store.Programmes.ListProgrammes(ctx, ProgrammeFilter{TakesRequests: true, Limit: 500})
	return shown("request programmes", ps, err, func(p Programme) Programme {
		p.Can = ProgrammeAbilitiesOf(a, p)
		return p
	})
}

// requestExpiryBatch is how many lapsed requests one transaction expires.
const requestExpiryBatch = 100

// ExpireRequests expires the open requests whose mentor did not answer in
// time and tells both sides, batch by batch. Each request moves by a
// conditional write, so of two instances (or a sweep and a mentee's new
// request) only one sends its notices.
func (s *Service) ExpireRequests(ctx context.Context) (int, error) {
	done := 0
	for ctx.Err() == nil {
		now := s.clock.Now()
		var seen int
		err := s.inTx(ctx, func(tx Ports) error {
			rs, err := tx.Requests.ListRequests(ctx, RequestFilter{LapsedBy: now, Limit: requestExpiryBatch})
			if err != nil {
				return err
			}
			seen = len(rs)
			n, err := s.expireEach(ctx, tx, rs, now)
			done += n
			return err
		})
		if err != nil {
			return done, fmt.Errorf("expire requests: %w", err)
		}
		if seen < requestExpiryBatch {
			break
		}
	}
	return done, ctx.Err()
}

// expireLapsed expires the lapsed requests the filter finds, in tx.
func (s *Service) expireLapsed(ctx context.Context, tx Ports, f RequestFilter, now time.Time) error {
	rs, err := tx.Requests.ListRequests(ctx, f)
	if err != nil {
		return err
	}
	_, err = s.expireEach(ctx, tx, rs, now)
	return err
}

func (s *Service) expireEach(ctx context.Context, tx Ports, rs []MentorRequest, now time.Time) (int, error) {
	n := 0
	for _, r := range rs {
		before := r
		r.State, r.UpdatedAt = RequestExpired, now
		won, err := tx.Requests.SetRequestState(ctx, r, RequestOpen)
		if err != nil {
			return n, err
		}
		if !won {
			continue
		}
		n++
		if err := tx.Audit.InsertAudit(ctx, AuditEntry{Action: "expire", ObjectType: "mentor_request", ObjectID: r.ID,
			Changes: diff(requestAuditFields(before), requestAuditFields(r)), At: now}); err != nil {
			return n, err
		}
		mentor, err := tx.People.PersonByID(ctx, r.MentorID)
		if err != nil {
			return n, err
		}
		mentee, err := tx.People.PersonByID(ctx, r.MenteeID)
		if err != nil {
			return n, err
		}
		names := []any{"Mentor", mentor.Name, "Mentee", mentee.Name, "Programme", r.Programme.Name}
		for _, to := range []struct {
			who           Person
			subject, body string
		}{{mentee, "mail.request.expired_mentee_subject", "mail.request.expired_mentee_body"},
			{mentor, "mail.request.expired_mentor_subject", "mail.request.expired_mentor_body"}} {
			if err := s.tellRequest(ctx, tx, r, to.who, 0, func(w words) (string, string) {
				return w.T(to.subject, names...), w.T(to.body, names...)
			}, now); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}
