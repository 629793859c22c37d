package domain

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// ProfileInput is what people may change about themselves.
type ProfileInput struct {
	Name     *string
	Timezone *string
	Language *string // "" follows the browser
}

// UpdateOwnProfile changes the actor's own name, time zone and language.
func (s *Service) UpdateOwnProfile(ctx context.Context, a Actor, in ProfileInput) (Person, error) {
	defer s.identities.forgetPerson(a.Person.ID)
	var out Person
	err := s.inTx(ctx, func(tx Ports) error {
		before, err := tx.People.PersonByID(ctx, a.Person.ID)
		if err != nil {
			return err
		}
		p := before
		if in.Name != nil {
			p.Name = strings.TrimSpace(*in.Name)
		}
		if in.Timezone != nil {
			p.Timezone = strings.TrimSpace(*in.Timezone)
		}
		if in.Language != nil {
			p.Language = strings.TrimSpace(*in.Language)
		}
		if err := s.validatePerson(p); err != nil {
			return err
		}
		p.UpdatedAt = s.clock.Now()
		if err := tx.People.UpdatePerson(ctx, &p); err != nil {
			return err
		}
		out = p
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "update", ObjectType: "person", ObjectID: p.ID,
			Changes: diff(personAuditFields(before), personAuditFields(p)), At: p.UpdatedAt})
	})
	if err != nil {
		return Person{}, fmt.Errorf("update own profile %d: %w", a.Person.ID, err)
	}
	return out, nil
}

// errWrongPassword is one value, so the edge can tell a refused current
// password (a failed sign-in, to be counted) from any other refusal.
var errWrongPassword = InvalidText("current_password", "error.auth.password_not_current")

// IsWrongPassword reports whether err is a current password that did not
// match.
func IsWrongPassword(err error) bool { return errors.Is(err, errWrongPassword) }

// ChangePassword sets a new password after checking the current one, and
// ends every other session and API token of the person (the session or
// token making the change goes on).
func (s *Service) ChangePassword(ctx context.Context, a Actor, current, next string) error {
	if !s.AccountAbilities(a).ChangePassword {
		return errNoPasswordChange
	}
	var v ValidationError
	if current == "" {
		v.required("current_password")
	}
	validatePassword(&v, "new_password", next)
	if err := v.Err(); err != nil {
		return err
	}
	p, err := s.store.People.PersonByID(ctx, a.Person.ID)
	if err != nil {
		return fmt.Errorf("change password of %d: %w", a.Person.ID, err)
	}
	ok, err := CheckPassword(current, p.PasswordHash)
	if err != nil && p.PasswordHash != "" {
		return fmt.Errorf("change password of %d: %w", a.Person.ID, err)
	}
	if !ok {
		return errWrongPassword
	}
	hash, err := HashPassword(next, s.cfg.PasswordParams)
	if err != nil {
		return err
	}
	defer s.identities.forgetPerson(a.Person.ID)
	return s.inTx(ctx, func(tx Ports) error {
		p, err := tx.People.PersonByID(ctx, a.Person.ID)
		if err != nil {
			return err
		}
		p.PasswordHash, p.UpdatedAt = hash, s.clock.Now()
		if err := tx.People.UpdatePerson(ctx, &p); err != nil {
			return err
		}
		if err := endCredentials(ctx, tx, p.ID, a, p.UpdatedAt); err != nil {
			return err
		}
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "change_password", ObjectType: "person", ObjectID: p.ID, At: p.UpdatedAt})
	})
}

// OwnAPITokens lists the actor's API tokens (never their secrets).
func (s *Service) OwnAPITokens(ctx context.Context, a Actor) ([]APIToken, error) {
	ts, err := s.store.Access.APITokensOf(ctx, a.Person.ID)
	if err != nil {
		return nil, fmt.Errorf("tokens of %d: %w", a.Person.ID, err)
	}
	return ts, nil
}

// ListOwnAPITokens is one page of OwnAPITokens, newest first: at most
// limit tokens (default 50, at most 500) with an id below after (0: from
// the newest). A person holds few tokens, so the page is cut from all.
func (s *Service) ListOwnAPITokens(ctx context.Context, a Actor, limit int, after int64) ([]APIToken, error) {
	ts, err := s.OwnAPITokens(ctx, a)
	if err != nil {
		return nil, err
	}
	page := make([]APIToken, 0, len(ts))
	for _, t := range ts {
		if after > 0 && t.ID >= after {
			continue
		}
		if len(page) == ClampLimit(limit) {
			break
		}
		page = append(page, t)
	}
	return page, nil
}

// RevokeOwnAPIToken revokes one of the actor's tokens; someone else's is 404.
func (s *Service) RevokeOwnAPIToken(ctx context.Context, a Actor, id int64) error {
	ts, err := s.OwnAPITokens(ctx, a)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if t.ID != id {
			continue
		}
		if t.RevokedAt != nil {
			return ConflictText("error.auth.token_already_revoked")
		}
		now := s.clock.Now()
		defer s.identities.forgetPerson(a.Person.ID)
		return s.inTx(ctx, func(tx Ports) error {
			if err := tx.Access.RevokeAPIToken(ctx, id, now); err != nil {
				if errors.Is(err, ErrNotFound) {
					return ConflictText("error.auth.token_already_revoked")
				}
				return err
			}
			return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "revoke", ObjectType: "api_token", ObjectID: id, At: now})
		})
	}
	return NotFoundText("error.auth.token_not_found")
}
