package domain

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// SSOConfig says how people who sign in through the organisation's OpenID
// provider are matched to people in Cairn, and whether passwords still work.
type SSOConfig struct {
	// Issuer is the provider's issuer URL; empty when single sign-on is off.
	Issuer string
	// AutoCreate makes a member of an unknown person whose verified email's
	// domain is one of AllowedDomains (lower-case, without "@").
	AutoCreate     bool
	AllowedDomains []string
	// AdminGroup, when set, makes admins of the people whose groups claim
	// holds it, and members again of admins whose claim no longer does.
	AdminGroup string
	// PasswordLoginOff turns password sign-in off for everyone but the
	// admin with the email BreakGlassEmail.
	PasswordLoginOff bool
	BreakGlassEmail  string
}

// SSOIdentity is what the provider's verified ID token (and user info)
// says about the person signing in.
type SSOIdentity struct {
	Subject       string
	Email         string
	EmailVerified bool
	Name          string
	Department    string
	JobTitle      string
	Groups        []string
	// Locale is the provider's locale claim ("de-DE"), "" when it sent
	// none; a person's language is taken from it until they choose one.
	Locale string
	// IDToken is the raw ID token, kept with the session as the hint for
	// signing out at the provider.
	IDToken string
}

// SSORefusal is why a person who proved who they are at the provider may
// not sign in to Cairn: Text is the sentence for them by catalogue key,
// Reason the same in Cairn's default language, as the audit log keeps it.
type SSORefusal struct {
	Text   Text
	Reason string
}

func (r *SSORefusal) Error() string {
	if r.Reason == "" {
		return "sign-in refused: " + r.Text.String()
	}
	return "sign-in refused: " + r.Reason
}

// Unwrap makes a refusal a 403.
func (r *SSORefusal) Unwrap() error { return ErrForbidden }

func refuse(why Text) error { return &SSORefusal{Text: why} }

// SSOEnabled reports whether single sign-on is configured.
func (s *Service) SSOEnabled() bool { return s.cfg.SSO.Issuer != "" }

// PasswordLoginOn reports whether the sign-in page offers passwords to all.
func (s *Service) PasswordLoginOn() bool { return !s.cfg.SSO.PasswordLoginOff }

// passwordAllowed reports whether a person (by normalised email) may sign
// in with a password: everyone, unless passwords are off, then only the
// break-glass admin.
func (s *Service) passwordAllowed(email string) bool {
	if !s.cfg.SSO.PasswordLoginOff {
		return true
	}
	return s.cfg.SSO.BreakGlassEmail != "" && email == NormalizeEmail(s.cfg.SSO.BreakGlassEmail)
}

var errPasswordsOff = UnauthorizedText("error.auth.passwords_off")

// SignInWithProvider signs in the person the provider vouched for and
// starts their browser session: a person already linked to the subject, else
// the one with the verified email (then linked), else, where allowed, a new
// member. With an admin group configured the person's role follows the
// group, except that the last active admin stays one. Every sign-in and
// every refusal is in the audit log.
func (s *Service) SignInWithProvider(ctx context.Context, id SSOIdentity) (string, Session, Person, error) {
	if !s.SSOEnabled() {
		return "", Session{}, Person{}, NotFoundText("error.auth.sso_not_configured")
	}
	id.Email = NormalizeEmail(id.Email)
	if id.Subject == "" {
		return "", Session{}, Person{}, s.refuseSSO(ctx, id, 0, refuse(Text{Key: "error.auth.sso_no_subject"}))
	}
	secret := NewSecret()
	now := s.clock.Now()
	var p Person
	var sess Session
	err := s.inTx(ctx, func(tx Ports) error {
		var changes = map[string]Change{"method": {After: AuditOrgSignIn}}
		var err error
		p, err = tx.SSO.PersonBySubject(ctx, s.cfg.SSO.Issuer, id.Subject)
		switch {
		case err == nil:
		case errors.Is(err, ErrNotFound):
			p, err = s.ssoFirstSignIn(ctx, tx, id, changes)
			if err != nil {
				return err
			}
		default:
			return err
		}
		if !p.Active {
			return &ssoRefused{person: p.ID, err: refuse(Text{Key: "error.auth.sso_deactivated"})}
		}
		if err := s.ssoSyncRole(ctx, tx, &p, id, changes); err != nil {
			return err
		}
		sess = Session{Hash: HashSecret(secret), PersonID: p.ID, CSRFToken: NewSecret(), CreatedAt: now, ExpiresAt: now.Add(s.cfg.SessionTTL)}
		if err := tx.Access.CreateSession(ctx, sess); err != nil {
			return err
		}
		if id.IDToken != "" {
			if err := tx.SSO.SetSessionIDToken(ctx, sess.Hash, id.IDToken); err != nil {
				return err
			}
		}
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: &p.ID, Action: "sign_in", ObjectType: "person", ObjectID: p.ID, Changes: changes, At: now})
	})
	var r *ssoRefused
	if errors.As(err, &r) {
		return "", Session{}, Person{}, s.refuseSSO(ctx, id, r.person, r.err)
	}
	if err != nil {
		return "", Session{}, Person{}, fmt.Errorf("sign in with provider: %w", err)
	}
	s.identities.forgetPerson(p.ID)
	return secret, sess, p, nil
}

// EndSessionAtProvider signs a browser out like EndSession and returns the
// ID token the session was signed in with ("" when it was not signed in
// through the provider), for the provider's sign-out (id_token_hint).
func (s *Service) EndSessionAtProvider(ctx context.Context, a Actor) (string, error) {
	var hint string
	if a.SessionHash != nil {
		tok, err := s.store.SSO.SessionIDToken(ctx, a.SessionHash)
		switch {
		case err == nil:
			hint = tok
		case !errors.Is(err, ErrNotFound):
			return "", fmt.Errorf("end session: %w", err)
		}
	}
	if err := s.EndSession(ctx, a); err != nil {
		return "", err
	}
	return hint, nil
}

// ssoRefused carries a refusal out of the transaction (which it rolls
// back) with the person it concerns, for the audit entry.
type ssoRefused struct {
	person int64
	err    error
}

func (r *ssoRefused) Error() string { return r.err.Error() }

// ssoFirstSignIn finds or makes the person for a subject not linked yet,
// and links it.
func (s *Service) ssoFirstSignIn(ctx context.Context, tx Ports, id SSOIdentity, changes map[string]Change) (Person, error) {
	if id.Email == "" || !id.EmailVerified {
		return Person{}, &ssoRefused{err: refuse(Text{Key: "error.auth.sso_no_verified_email"})}
	}
	p, err := tx.People.PersonByEmail(ctx, id.Email)
	switch {
	case err == nil:
		if !p.Active {
			return Person{}, &ssoRefused{person: p.ID, err: refuse(Text{Key: "error.auth.sso_deactivated"})}
		}
		before := p
		if p.Department == "" && id.Department != "" {
			p.Department = clip(id.Department, 200)
		}
		if p.JobTitle == "" && id.JobTitle != "" {
			p.JobTitle = clip(id.JobTitle, 200)
		}
		if p.Language == "" {
			p.Language = s.cfg.MatchLanguage(id.Locale)
		}
		if p != before {
			p.UpdatedAt = s.clock.Now()
			if err := tx.People.UpdatePerson(ctx, &p); err != nil {
				return Person{}, err
			}
			for k, c := range diff(personAuditFields(before), personAuditFields(p)) {
				changes[k] = c
			}
		}
		changes["linked"] = Change{After: AuditByVerifiedEmail}
	case errors.Is(err, ErrNotFound):
		domainPart := id.Email[strings.LastIndexByte(id.Email, '@')+1:]
		if !s.cfg.SSO.AutoCreate || !slices.Contains(s.cfg.SSO.AllowedDomains, domainPart) {
			return Person{}, &ssoRefused{err: refuse(Text{Key: "error.auth.sso_no_account", Args: []any{"Email", id.Email}})}
		}
		name := strings.TrimSpace(id.Name)
		if name == "" {
			name = id.Email[:strings.LastIndexByte(id.Email, '@')]
		}
		now := s.clock.Now()
		p = Person{Name: clip(name, 200), Email: id.Email, Department: clip(strings.TrimSpace(id.Department), 200),
			JobTitle: clip(strings.TrimSpace(id.JobTitle), 200), Seniority: 1, Timezone: s.cfg.OrgLocation.String(),
			Language: s.cfg.MatchLanguage(id.Locale), Role: RoleMember, Active: true, CreatedAt: now, UpdatedAt: now}
		if err := s.validatePerson(p); err != nil {
			var why any = err.Error()
			if t, ok := refusalText(err); ok {
				why = t
			}
			return Person{}, &ssoRefused{err: refuse(Text{Key: "error.auth.sso_account_unusable", Args: []any{"Why", why}})}
		}
		if err := tx.People.CreatePerson(ctx, &p); err != nil {
			return Person{}, err
		}
		if err := tx.Audit.InsertAudit(ctx, AuditEntry{Action: "create", ObjectType: "person", ObjectID: p.ID,
			Changes: diff(nil, personAuditFields(p)), At: now}); err != nil {
			return Person{}, err
		}
		changes["linked"] = Change{After: AuditNewAccount}
	default:
		return Person{}, err
	}
	if err := tx.SSO.LinkSubject(ctx, s.cfg.SSO.Issuer, id.Subject, p.ID); err != nil {
		if errors.Is(err, ErrConflict) {
			return Person{}, &ssoRefused{person: p.ID, err: refuse(Text{Key: "error.auth.sso_linked_elsewhere"})}
		}
		return Person{}, err
	}
	return p, nil
}

// ssoSyncRole makes the person's role follow the admin group, when one is
// configured; the last active admin is never demoted.
func (s *Service) ssoSyncRole(ctx context.Context, tx Ports, p *Person, id SSOIdentity, changes map[string]Change) error {
	group := s.cfg.SSO.AdminGroup
	if group == "" {
		return nil
	}
	inGroup := slices.Contains(id.Groups, group)
	old := p.Role
	switch {
	case inGroup && p.Role != RoleAdmin:
		p.Role = RoleAdmin
	case !inGroup && p.Role == RoleAdmin:
		if err := tx.People.LockActiveAdmins(ctx, p.ID); err != nil {
			return err
		}
		n, err := tx.People.CountActiveAdmins(ctx)
		if err != nil {
			return err
		}
		if n <= 1 {
			changes["role"] = Change{After: AuditKeptLastAdmin}
			return nil
		}
		p.Role = RoleMember
	default:
		return nil
	}
	p.UpdatedAt = s.clock.Now()
	if err := tx.People.UpdatePerson(ctx, p); err != nil {
		return err
	}
	changes["role"] = Change{Before: old, After: p.Role}
	return nil
}

// refuseSSO records a refused organisation sign-in and returns the refusal.
func (s *Service) refuseSSO(ctx context.Context, id SSOIdentity, personID int64, refusal error) error {
	reason := refusal.Error()
	var r *SSORefusal
	if errors.As(refusal, &r) {
		r.Reason = s.words(DefaultLanguage).text(r.Text)
		reason = r.Reason
	}
	if err := s.RecordSSORefusal(ctx, personID, id.Email, reason); err != nil {
		return err
	}
	return refusal
}

// RecordSSORefusal writes a refused organisation sign-in to the audit log:
// who it was when known (personID 0 otherwise), the email the provider
// gave, and why. Failures before the provider vouched for anyone (a state
// that does not match, an expired login) are recorded too.
func (s *Service) RecordSSORefusal(ctx context.Context, personID int64, email, reason string) error {
	changes := map[string]Change{"reason": {After: clip(reason, 300)}}
	if email != "" {
		changes["email"] = Change{After: clip(email, 300)}
	}
	var actor *int64
	if personID != 0 {
		actor = &personID
	}
	err := s.inTx(ctx, func(tx Ports) error {
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actor, Action: "sign_in_refused", ObjectType: "person", ObjectID: personID, Changes: changes, At: s.clock.Now()})
	})
	if err != nil {
		return fmt.Errorf("record refused sign-in: %w", err)
	}
	return nil
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// inviteToOrganisationSignIn invites a person when passwords are off: the
// mail says to sign in with the organisation's account, and the link is
// the sign-in page (no password to set, nothing single-use to keep).
func (s *Service) inviteToOrganisationSignIn(ctx context.Context, a Actor, p Person) (string, error) {
	if err := s.requireNotifications(); err != nil {
		return "", err
	}
	now := s.clock.Now()
	link := s.notify.cfg.BaseURL + "/login"
	msg := s.composeLinkMail(p, LinkInvite, link, now)
	msg.Text = s.wordsFor(p).letter(p.Name, s.wordsFor(p).T("mail.invite.sso_body"), link)
	err := s.inTx(ctx, func(tx Ports) error {
		if err := tx.Outbox.EnqueueMail(ctx, &msg); err != nil {
			return err
		}
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: string(LinkInvite), ObjectType: "person", ObjectID: p.ID,
			Changes: map[string]Change{"sign_in": {After: AuditWithOrg}}, At: now})
	})
	if err != nil {
		return "", fmt.Errorf("invite %d to sign in with the organisation: %w", p.ID, err)
	}
	return link, nil
}
