package domain

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

func (s *Service) requireAdmin(a Actor) error {
	if !a.IsAdmin() {
		return ForbiddenText("error.auth.admin_only")
	}
	return nil
}

func errEmailTaken() error {
	err := ConflictText("error.person.email_exists").(*Error)
	var v ValidationError
	v.AddText("email", "error.person.email_used")
	err.Fields, err.FieldTexts = v.Fields, v.Texts
	return err
}

// CreatePerson adds a person to the directory (admins only).
func (s *Service) CreatePerson(ctx context.Context, a Actor, in PersonInput) (Person, error) {
	if err := authorize(a, ActAddPerson); err != nil {
		return Person{}, err
	}
	p, err := s.createPerson(ctx, &a, in)
	p.Can = PersonAbilitiesOf(a, p)
	return p, err
}

// createPerson validates and stores a person; a nil actor means the system
// itself (the first admin, the command line).
func (s *Service) createPerson(ctx context.Context, a *Actor, in PersonInput) (Person, error) {
	now := s.clock.Now()
	p := Person{
		Name:        strings.TrimSpace(in.Name),
		Email:       NormalizeEmail(in.Email),
		JobTitle:    strings.TrimSpace(in.JobTitle),
		Department:  strings.TrimSpace(in.Department),
		Seniority:   in.Seniority,
		Timezone:    strings.TrimSpace(in.Timezone),
		Language:    strings.TrimSpace(in.Language),
		External:    in.External,
		Role:        in.Role,
		Active:      !in.Inactive,
		MaxMentees:  in.MaxMentees,
		MaxCoachees: in.MaxCoachees,
		CreatedAt:   now,
		UpdatedAt:   now,
	}
	if p.Timezone == "" {
		p.Timezone = s.cfg.OrgLocation.String()
	}
	if p.Role == "" {
		p.Role = RoleMember
	}
	var v ValidationError
	p.validateInto(&v)
	s.checkLanguage(&v, p.Language)
	if in.Password != "" {
		validatePassword(&v, "password", in.Password)
	}
	if err := v.Err(); err != nil {
		return Person{}, err
	}
	if in.Password != "" {
		h, err := HashPassword(in.Password, s.cfg.PasswordParams)
		if err != nil {
			return Person{}, err
		}
		p.PasswordHash = h
	}
	err := s.inTx(ctx, func(tx Ports) error {
		if _, err := tx.People.PersonByEmail(ctx, p.Email); err == nil {
			return errEmailTaken()
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		if err := tx.People.CreatePerson(ctx, &p); err != nil {
			if errors.Is(err, ErrConflict) {
				return errEmailTaken()
			}
			return err
		}
		var actor *int64
		if a != nil {
			actor = actorID(*a)
		}
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actor, Action: "create", ObjectType: "person", ObjectID: p.ID,
			Changes: diff(nil, personAuditFields(p)), At: now})
	})
	if err != nil {
		return Person{}, fmt.Errorf("create person: %w", err)
	}
	return p, nil
}

func personAuditFields(p Person) map[string]any {
	return map[string]any{
		"name": p.Name, "email": p.Email, "job_title": p.JobTitle, "department": p.Department,
		"seniority": p.Seniority, "timezone": p.Timezone, "language": p.Language, "external": p.External, "role": p.Role,
		"active": p.Active, "max_mentees": p.MaxMentees, "max_coachees": p.MaxCoachees,
	}
}

// UpdatePerson changes a person (admins only). Deactivating signs the person
// out everywhere and revokes their API tokens for good; setting their
// password does the same (but for the admin's own session when it is
// their own password); the last active admin cannot be demoted or
// deactivated, even by two admins at once.
// The 403 comes before the person is read: it is the same for every id,
// so it tells no one who exists.
func (s *Service) UpdatePerson(ctx context.Context, a Actor, id int64, in PersonPatch) (Person, error) {
	if err := authorize(a, ActEditPerson); err != nil {
		return Person{}, err
	}
	var v ValidationError
	if in.Password != nil {
		validatePassword(&v, "password", *in.Password)
	}
	if err := v.Err(); err != nil {
		return Person{}, err
	}
	var hash string
	if in.Password != nil {
		h, err := HashPassword(*in.Password, s.cfg.PasswordParams)
		if err != nil {
			return Person{}, err
		}
		hash = h
	}
	var out Person
	defer s.identities.forgetPerson(id) // after the commit: role, activity, password may have changed
	mayDemote := (in.Role != nil && *in.Role != RoleAdmin) || (in.Active != nil && !*in.Active)
	err := s.inTx(ctx, func(tx Ports) error {
		if mayDemote {
			// Two admins demoting each other at once must not both see
			// the other still there: the admins' rows are held until the
			// end, so the count below is taken after any such change.
			if err := tx.People.LockActiveAdmins(ctx, id); err != nil {
				return err
			}
		}
		before, err := tx.People.PersonByID(ctx, id)
		if err != nil {
			return err
		}
		p := before
		p.apply(in)
		if err := s.validatePerson(p); err != nil {
			return err
		}
		if p.Email != before.Email {
			if other, err := tx.People.PersonByEmail(ctx, p.Email); err == nil && other.ID != p.ID {
				return errEmailTaken()
			} else if err != nil && !errors.Is(err, ErrNotFound) {
				return err
			}
		}
		if before.IsAdmin() && !p.IsAdmin() {
			n, err := tx.People.CountActiveAdmins(ctx)
			if err != nil {
				return err
			}
			if n <= 1 {
				return ConflictText("error.person.last_admin")
			}
		}
		if hash != "" {
			p.PasswordHash = hash
		}
		p.UpdatedAt = s.clock.Now()
		if err := tx.People.UpdatePerson(ctx, &p); err != nil {
			if errors.Is(err, ErrConflict) {
				return errEmailTaken()
			}
			return err
		}
		switch {
		case !p.Active && before.Active:
			// For good: a reactivated person signs in afresh.
			if err := endCredentials(ctx, tx, p.ID, Actor{}, p.UpdatedAt); err != nil {
				return err
			}
		case hash != "":
			if err := endCredentials(ctx, tx, p.ID, a, p.UpdatedAt); err != nil {
				return err
			}
		}
		changes := diff(personAuditFields(before), personAuditFields(p))
		if hash != "" {
			changes["password"] = Change{After: AuditChanged}
		}
		out = p
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "update", ObjectType: "person", ObjectID: p.ID, Changes: changes, At: p.UpdatedAt})
	})
	if err != nil {
		return Person{}, fmt.Errorf("update person %d: %w", id, err)
	}
	out.Can = PersonAbilitiesOf(a, out)
	return out, nil
}

// GetPerson reads one person from the directory. An external person (an
// outside coach) sees only themselves and the people they share an
// engagement with; anyone else is 404 to them.
func (s *Service) GetPerson(ctx context.Context, a Actor, id int64) (Person, error) {
	if externalViewer(a) && id != a.Person.ID {
		ok, err := s.store.Engagements.PeopleShareEngagement(ctx, a.Person.ID, id)
		if err != nil {
			return Person{}, fmt.Errorf("get person %d: %w", id, err)
		}
		if !ok {
			return Person{}, NotFoundText("error.person.not_found")
		}
	}
	p, err := s.store.People.PersonByID(ctx, id)
	if err != nil {
		return Person{}, fmt.Errorf("get person %d: %w", id, err)
	}
	if !p.Active && !a.IsAdmin() && p.ID != a.Person.ID {
		// Members' directory lists active people only; an item is no different.
		return Person{}, NotFoundText("error.person.not_found")
	}
	p.Can = PersonAbilitiesOf(a, p)
	return p, nil
}

// PersonToEdit reads a person for the edit form (admins only, 403 first
// as in UpdatePerson).
func (s *Service) PersonToEdit(ctx context.Context, a Actor, id int64) (Person, error) {
	if err := authorize(a, ActEditPerson); err != nil {
		return Person{}, err
	}
	return s.GetPerson(ctx, a, id)
}

// externalViewer reports whether the directory is narrowed for the actor.
func externalViewer(a Actor) bool { return a.Person.External && !a.IsAdmin() }

// ListPeople searches the directory; members see active people only, and
// external people only themselves and those they share an engagement with.
func (s *Service) ListPeople(ctx context.Context, a Actor, f PeopleFilter) ([]Person, error) {
	if err := CheckText("q", f.Query); err != nil {
		return nil, err
	}
	if !a.IsAdmin() {
		f.ActiveOnly = true
	}
	f.EngagementCircleOf = 0
	if externalViewer(a) {
		f.EngagementCircleOf = a.Person.ID
	}
	f.Limit = ClampLimit(f.Limit)
	people, err := s.store.People.ListPeople(ctx, f)
	return shown("list people", people, err, func(p Person) Person {
		p.Can = PersonAbilitiesOf(a, p)
		return p
	})
}

// ClampLimit applies the API's list limits: default 50, at most 500.
func ClampLimit(n int) int {
	switch {
	case n <= 0:
		return 50
	case n > 500:
		return 500
	}
	return n
}

// EnsureFirstAdmin creates an admin when there is none. With an empty
// password it makes up one and returns it, to be shown once.
func (s *Service) EnsureFirstAdmin(ctx context.Context, email, password string) (created bool, generated string, err error) {
	n, err := s.store.People.CountActiveAdmins(ctx)
	if err != nil {
		return false, "", fmt.Errorf("count admins: %w", err)
	}
	if n > 0 {
		return false, "", nil
	}
	if email == "" {
		email = "admin@localhost"
	}
	if password == "" {
		password = NewSecret()[:20]
		generated = password
	}
	_, err = s.createPerson(ctx, nil, PersonInput{Name: "Administrator", Email: email, Seniority: 10, Role: RoleAdmin, Password: password})
	if errors.Is(err, ErrConflict) {
		// Another instance starting at the same moment may have made it first.
		if n, cerr := s.store.People.CountActiveAdmins(ctx); cerr == nil && n > 0 {
			return false, "", nil
		}
		return false, "", fmt.Errorf("no admin exists and %s is taken by a person who is not an admin: set CAIRN_ADMIN_EMAIL to another address", email)
	}
	if err != nil {
		return false, "", fmt.Errorf("create first admin: %w", err)
	}
	return true, generated, nil
}

// CreateAdmin is the command line's "admin create": a new admin, or an
// existing person promoted and given the password.
func (s *Service) CreateAdmin(ctx context.Context, email, name, password string) (Person, error) {
	if name == "" {
		return Person{}, InvalidText("name", "error.field.required")
	}
	if password == "" {
		return Person{}, InvalidText("password", "error.field.required")
	}
	return s.createPerson(ctx, nil, PersonInput{Name: name, Email: email, Seniority: 10, Role: RoleAdmin, Password: password})
}
