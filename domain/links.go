package domain

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// LinkPurpose says what a password link is for.
type LinkPurpose string

// Password link purposes.
const (
	LinkInvite LinkPurpose = "invite"
	LinkReset  LinkPurpose = "reset"
)

// Link lifetimes.
const (
	InviteLinkTTL = 7 * 24 * time.Hour
	ResetLinkTTL  = 2 * time.Hour
	// ActionLinkTTL: a "we met" link works for two weeks after the meeting.
	ActionLinkTTL = 14 * 24 * time.Hour
)

// PasswordLink is a single-use emailed link to set a password. Only the
// hash of its token is stored.
type PasswordLink struct {
	Hash      []byte
	PersonID  int64
	Purpose   LinkPurpose
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
}

// MeetingAction is what a "we met" / "we did not meet" link does.
type MeetingAction string

// The two answers a reminder's links give.
const (
	ActionMet    MeetingAction = "met"
	ActionNotMet MeetingAction = "not_met"
)

// ActionLink is a single-use link in a reminder email that records whether
// a meeting took place, without signing in.
type ActionLink struct {
	Hash      []byte
	MeetingID int64
	PersonID  int64
	Action    MeetingAction
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
}

// Link problems a page explains (each 404/409/410 at the edge).
var (
	errLinkUnknown = NotFoundText("error.auth.link_unknown")
	errLinkUsed    = ConflictText("error.auth.link_used")
	errLinkExpired = ConflictText(LinkExpiredKey)
)

// LinkExpiredKey is the catalogue key of the refusal of a link that has
// expired, which pages answer with 410 Gone.
const LinkExpiredKey = "error.auth.link_expired"

func (s *Service) mailConfigured() bool { return s.notify != nil && s.notify.cfg.MailConfigured }

// InvitePerson sends a person a single-use link (valid 7 days) to set their
// password and time zone; a newer link kills older ones. Without SMTP the
// link is returned for the admin to pass on by hand.
func (s *Service) InvitePerson(ctx context.Context, a Actor, personID int64) (link string, emailed bool, err error) {
	if err := s.requireAdmin(a); err != nil {
		return "", false, err
	}
	p, err := s.store.People.PersonByID(ctx, personID)
	if errors.Is(err, ErrNotFound) {
		return "", false, NotFoundText("error.person.not_found")
	}
	if err != nil {
		return "", false, fmt.Errorf("invite %d: %w", personID, err)
	}
	if !p.Active {
		return "", false, ConflictText("error.person.invite_deactivated")
	}
	if !s.passwordAllowed(p.Email) {
		link, err = s.inviteToOrganisationSignIn(ctx, a, p)
	} else {
		link, err = s.issuePasswordLink(ctx, &a, p, LinkInvite)
	}
	if err != nil {
		return "", false, err
	}
	return link, s.mailConfigured(), nil
}

// RequestPasswordReset emails a reset link (valid 2 hours) to an active
// person with that address. It answers the same whatever the address, so
// nobody learns who has an account. With password sign-in off it is
// refused (409) for every address alike.
func (s *Service) RequestPasswordReset(ctx context.Context, email string) error {
	if !s.PasswordResetsOn() {
		return errNoPasswordReset
	}
	if err := CheckText("email", email); err != nil {
		return err
	}
	email = NormalizeEmail(email)
	if !validEmail(email) {
		return InvalidText("email", "error.field.email_invalid")
	}
	p, err := s.store.People.PersonByEmail(ctx, email)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("password reset: %w", err)
	}
	if !p.Active {
		return nil
	}
	_, err = s.issuePasswordLink(ctx, nil, p, LinkReset)
	return err
}

func (s *Service) issuePasswordLink(ctx context.Context, a *Actor, p Person, purpose LinkPurpose) (string, error) {
	if err := s.requireNotifications(); err != nil {
		return "", err
	}
	token := NewSecret()
	now := s.clock.Now()
	ttl := ResetLinkTTL
	path := "/reset/"
	if purpose == LinkInvite {
		ttl, path = InviteLinkTTL, "/invite/"
	}
	link := s.notify.cfg.BaseURL + path + token
	l := PasswordLink{Hash: HashSecret(token), PersonID: p.ID, Purpose: purpose, CreatedAt: now, ExpiresAt: now.Add(ttl)}
	msg := s.composeLinkMail(p, purpose, link, now)
	err := s.inTx(ctx, func(tx Ports) error {
		if err := tx.Access.ReplacePasswordLinks(ctx, l); err != nil {
			return err
		}
		if err := tx.Outbox.EnqueueMail(ctx, &msg); err != nil {
			return err
		}
		var actor *int64
		if a != nil {
			actor = actorID(*a)
		}
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actor, Action: string(purpose), ObjectType: "person", ObjectID: p.ID, At: now})
	})
	if err != nil {
		return "", fmt.Errorf("%s link for %d: %w", purpose, p.ID, err)
	}
	return link, nil
}

func (s *Service) composeLinkMail(p Person, purpose LinkPurpose, link string, now time.Time) OutboxMessage {
	w := s.wordsFor(p)
	kind := OutboxKind("password_reset")
	subject := w.T("mail.reset.subject")
	text := w.letter(p.Name, w.T("mail.reset.body"), link, w.T("mail.reset.not_you"))
	if purpose == LinkInvite {
		kind = OutboxKind("invite")
		subject, text = w.T("mail.invite.subject"), w.letter(p.Name, w.T("mail.invite.body"), link)
	}
	return OutboxMessage{Kind: kind, RecipientID: &p.ID, To: p.Email, ToName: p.Name, Subject: subject, Text: text,
		MessageID: fmt.Sprintf("%s-%d.%s@%s", kind, p.ID, NewSecret()[:16], s.notify.host), State: OutboxQueued,
		NextAttemptAt: now, CreatedAt: now}
}

// CheckPasswordLink tells whose link a token is, before the form is shown.
func (s *Service) CheckPasswordLink(ctx context.Context, purpose LinkPurpose, token string) (Person, error) {
	l, err := s.store.Access.PasswordLinkByHash(ctx, HashSecret(token))
	if err == nil && l.Purpose != purpose {
		err = ErrNotFound
	}
	if err := s.linkUsable("password link", err, l.UsedAt, l.ExpiresAt); err != nil {
		return Person{}, err
	}
	p, err := s.store.People.PersonByID(ctx, l.PersonID)
	if err != nil {
		return Person{}, fmt.Errorf("password link: %w", err)
	}
	if !p.Active {
		return Person{}, errLinkUnknown
	}
	if !s.passwordSignIn(p) {
		return Person{}, errNoPasswordReset // a link sent before passwords were turned off
	}
	return p, nil
}

// UsePasswordLink sets the password (and, for an invitation, the time
// zone) and spends the link; every session and API token of the person
// ends.
func (s *Service) UsePasswordLink(ctx context.Context, purpose LinkPurpose, token, password, timezone string) (Person, error) {
	var v ValidationError
	validatePassword(&v, "password", password)
	v.Text("timezone", timezone)
	timezone = strings.TrimSpace(timezone)
	if purpose == LinkInvite && timezone != "" && !ValidTimezone(timezone) {
		v.AddText("timezone", "error.field.timezone_unknown")
	}
	if err := v.Err(); err != nil {
		return Person{}, err
	}
	p, err := s.CheckPasswordLink(ctx, purpose, token)
	if err != nil {
		return Person{}, err
	}
	hash, err := HashPassword(password, s.cfg.PasswordParams)
	if err != nil {
		return Person{}, err
	}
	now := s.clock.Now()
	defer s.identities.forgetPerson(p.ID)
	err = s.inTx(ctx, func(tx Ports) error {
		if err := tx.Access.UsePasswordLink(ctx, HashSecret(token), now); err != nil {
			if errors.Is(err, ErrNotFound) {
				return errLinkUsed // spent by a concurrent request
			}
			return err
		}
		p, err = tx.People.PersonByID(ctx, p.ID)
		if err != nil {
			return err
		}
		p.PasswordHash, p.UpdatedAt = hash, now
		if purpose == LinkInvite && timezone != "" {
			p.Timezone = timezone
		}
		if err := tx.People.UpdatePerson(ctx, &p); err != nil {
			return err
		}
		if err := endCredentials(ctx, tx, p.ID, Actor{}, now); err != nil {
			return err
		}
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: &p.ID, Action: "set_password", ObjectType: "person", ObjectID: p.ID,
			Changes: map[string]Change{"via": {After: string(purpose)}}, At: now})
	})
	if err != nil {
		return Person{}, fmt.Errorf("use %s link: %w", purpose, err)
	}
	return p, nil
}

// makeActionLinks makes a reminder's two answer links for one recipient
// (their hashes to store, their URLs to send).
func (s *Service) makeActionLinks(m Meeting, recipientID int64, now time.Time) (map[MeetingAction]string, []ActionLink) {
	urls := map[MeetingAction]string{}
	var ls []ActionLink
	for _, action := range []MeetingAction{ActionMet, ActionNotMet} {
		token := NewSecret()
		ls = append(ls, ActionLink{Hash: HashSecret(token), MeetingID: m.ID, PersonID: recipientID, Action: action, CreatedAt: now,
			ExpiresAt: m.EndsAt().Add(ActionLinkTTL)})
		urls[action] = s.notify.cfg.BaseURL + "/m/" + token
	}
	return urls, ls
}

// MeetingActionView is what the confirmation page shows before anything changes.
type MeetingActionView struct {
	Action  MeetingAction
	Meeting Meeting
	Person  Person // who the link was sent to
	Other   Person
}

// CheckActionLink reads a "we met" link without using it (a GET never
// changes anything).
func (s *Service) CheckActionLink(ctx context.Context, token string) (MeetingActionView, error) {
	l, err := s.store.Access.ActionLinkByHash(ctx, HashSecret(token))
	if err := s.linkUsable("meeting link", err, l.UsedAt, l.ExpiresAt); err != nil {
		return MeetingActionView{}, err
	}
	m, err := s.store.Meetings.MeetingByID(ctx, l.MeetingID)
	if err != nil {
		return MeetingActionView{}, fmt.Errorf("meeting link: %w", err)
	}
	p, err := s.store.People.PersonByID(ctx, l.PersonID)
	if err != nil {
		return MeetingActionView{}, fmt.Errorf("meeting link: %w", err)
	}
	o, err := s.store.People.PersonByID(ctx, m.OtherParticipant(p.ID))
	if err != nil {
		return MeetingActionView{}, fmt.Errorf("meeting link: %w", err)
	}
	if !p.Active || !m.HasParticipant(p.ID) {
		return MeetingActionView{}, errLinkUnknown
	}
	return MeetingActionView{Action: l.Action, Meeting: m, Person: p, Other: o}, nil
}

// UseActionLink records the answer as the participant the link was sent
// to: "met" completes the meeting; "not met" cancels a check-in and marks a
// session a no-show. Spending the link is a conditional write, so of two
// requests with one link only one goes on; if the change is then refused
// (say, "met" before the meeting began) the link is given back.
func (s *Service) UseActionLink(ctx context.Context, token string) (MeetingActionView, error) {
	view, err := s.CheckActionLink(ctx, token)
	if err != nil {
		return view, err
	}
	if view.Meeting.Status != StatusScheduled {
		return view, errAlreadyMarked(view.Meeting.Status)
	}
	status := StatusCompleted
	if view.Action == ActionNotMet {
		status = StatusCancelled
		if view.Meeting.Kind == MeetingSession {
			status = StatusNoShow
		}
	}
	hash := HashSecret(token)
	err = s.inTx(ctx, func(tx Ports) error { return tx.Access.SetActionLinkUsed(ctx, hash, s.clock.Now()) })
	if errors.Is(err, ErrNotFound) {
		return view, errLinkUsed
	}
	if err != nil {
		return view, fmt.Errorf("use meeting link: %w", err)
	}
	a := Actor{Person: view.Person}
	patch := MeetingPatch{Status: &status}
	var m Meeting
	if view.Meeting.Kind == MeetingCheckin {
		m, err = s.UpdateCheckin(ctx, a, view.Meeting.ID, patch)
	} else {
		m, err = s.UpdateSession(ctx, a, view.Meeting.ID, patch)
	}
	if err != nil {
		if rerr := s.inTx(ctx, func(tx Ports) error { return tx.Access.SetActionLinkUnused(ctx, hash) }); rerr != nil {
			return view, fmt.Errorf("use meeting link: %w (and giving the link back failed: %v)", err, rerr)
		}
		return view, err
	}
	view.Meeting = m
	return view, nil
}

// linkUsable turns a link's lookup into a reason to refuse it: unknown
// (found is ErrNotFound), spent or run out; nil when it may be used.
func (s *Service) linkUsable(what string, found error, usedAt *time.Time, expiresAt time.Time) error {
	if errors.Is(found, ErrNotFound) {
		return errLinkUnknown
	}
	if found != nil {
		return fmt.Errorf("%s: %w", what, found)
	}
	if usedAt != nil {
		return errLinkUsed
	}
	if !s.clock.Now().Before(expiresAt) {
		return errLinkExpired
	}
	return nil
}

// errAlreadyMarked refuses an answer by link to a meeting that is no
// longer scheduled.
func errAlreadyMarked(st MeetingStatus) error {
	switch st {
	case StatusCompleted:
		return ConflictText("error.auth.meeting_already_completed")
	case StatusCancelled:
		return ConflictText("error.auth.meeting_already_cancelled")
	case StatusNoShow:
		return ConflictText("error.auth.meeting_already_no_show")
	}
	return ConflictText("error.auth.meeting_not_scheduled")
}
