package domain

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Profiles: what a person brings to mentoring and wants from it. A short
// bio, the skills they can offer and the topics they want to grow in (tags:
// chosen from the organisation's list that admins curate, or their own),
// the languages they speak and their working hours in their own zone. The
// match score (matchscore.go) reads them. The person and admins write a
// profile; whoever may read the person reads it.

// Profile limits.
const (
	MaxBioLength     = 2000
	MaxProfileTags   = 20
	MaxTagLength     = 40
	MaxLanguages     = 10
	MaxCuratedTags   = 500
	profileAuditKind = "profile"
)

// Profile is one person's mentoring profile. WorkStart and WorkEnd are
// "HH:MM" in the person's zone, both or neither ("" when not given); an end
// before the start runs past midnight.
type Profile struct {
	PersonID  int64    `json:"person_id"`
	Bio       string   `json:"bio"`
	Offers    []string `json:"offers"`
	Wants     []string `json:"wants"`
	Languages []string `json:"languages"`
	WorkStart string   `json:"work_start"`
	WorkEnd   string   `json:"work_end"`
	// UpdatedAt is nil for a profile never written.
	UpdatedAt *time.Time `json:"updated_at"`
	// Can is what the caller may do with it.
	Can ProfileAbilities `json:"can"`
}

// ProfileAbilities is what an actor may do with a profile.
type ProfileAbilities struct {
	Edit bool `json:"edit"`
}

// ProfileAbilitiesOf: the person themselves and admins edit a profile.
func ProfileAbilitiesOf(a Actor, personID int64) ProfileAbilities {
	return ProfileAbilities{Edit: a.IsAdmin() || (a.Person.ID != 0 && a.Person.ID == personID)}
}

// Empty reports whether nothing was filled in.
func (p Profile) Empty() bool {
	return p.Bio == "" && len(p.Offers) == 0 && len(p.Wants) == 0 && len(p.Languages) == 0 && p.WorkStart == ""
}

// HasHours reports whether working hours are given.
func (p Profile) HasHours() bool { return p.WorkStart != "" && p.WorkEnd != "" }

// LanguageNames are the profile's languages as names ("German", "Brazilian
// Portuguese"), in order.
func (p Profile) LanguageNames() []string {
	out := make([]string, len(p.Languages))
	for i, l := range p.Languages {
		out[i] = LanguageName(l)
	}
	return out
}

// LanguageName names a BCP 47 language tag in English; the tag itself when
// it has no name.
func LanguageName(code string) string {
	t, err := language.Parse(code)
	if err != nil {
		return code
	}
	if n := display.English.Tags().Name(t); n != "" {
		return n
	}
	return code
}

// normalLanguage checks a language tag and writes it canonically ("pt-BR").
func normalLanguage(code string) (string, bool) {
	t, err := language.Parse(strings.TrimSpace(code))
	if err != nil || t == language.Und {
		return "", false
	}
	if display.English.Tags().Name(t) == "" {
		return "", false
	}
	return t.String(), true
}

// ProfilePatch changes some of a profile's fields; nil means "leave as is".
// Setting working hours takes both ends ("" and "" clears them).
type ProfilePatch struct {
	Bio       *string
	Offers    *[]string
	Wants     *[]string
	Languages *[]string
	WorkStart *string
	WorkEnd   *string
}

// parseClock reads "HH:MM" (also "H:MM") as minutes after midnight.
func parseClock(s string) (int, bool) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, false
	}
	return t.Hour()*60 + t.Minute(), true
}

// normalClock writes a time of day as HH:MM.
func normalClock(s string) (string, bool) {
	m, ok := parseClock(strings.TrimSpace(s))
	if !ok {
		return "", false
	}
	return fmt.Sprintf("%02d:%02d", m/60, m%60), true
}

// normalTag trims a tag and folds its inner spaces.
func normalTag(s string) string { return strings.Join(strings.Fields(s), " ") }

// cleanTags normalises a list of tags into field: the curated spelling
// where a tag names a curated one (case ignored), duplicates dropped.
func cleanTags(field string, in []string, curated []Tag, v *ValidationError) []string {
	byLower := make(map[string]string, len(curated))
	for _, t := range curated {
		byLower[strings.ToLower(t.Name)] = t.Name
	}
	out := []string{}
	seen := map[string]bool{}
	for _, raw := range in {
		t := normalTag(raw)
		if t == "" {
			continue
		}
		if key := TextProblemKey(t, OneLine); key != "" {
			v.AddText(field, key)
			continue
		}
		if len(t) > MaxTagLength {
			v.AddText(field, "error.profile.tag_too_long", "Max", MaxTagLength, "Tag", fmt.Sprintf("%q", t))
			continue
		}
		if c, ok := byLower[strings.ToLower(t)]; ok {
			t = c
		}
		if seen[strings.ToLower(t)] {
			continue
		}
		seen[strings.ToLower(t)] = true
		out = append(out, t)
	}
	if len(out) > MaxProfileTags {
		v.AddText(field, "error.profile.at_most", "Max", MaxProfileTags)
	}
	return out
}

// applyProfile writes the patch onto p, checking each field.
func applyProfile(p *Profile, in ProfilePatch, curated []Tag) error {
	var v ValidationError
	if in.Bio != nil {
		p.Bio = strings.TrimSpace(*in.Bio)
		v.Text("bio", p.Bio)
		v.tooLong("bio", p.Bio, MaxBioLength)
	}
	if in.Offers != nil {
		p.Offers = cleanTags("offers", *in.Offers, curated, &v)
	}
	if in.Wants != nil {
		p.Wants = cleanTags("wants", *in.Wants, curated, &v)
	}
	if in.Languages != nil {
		p.Languages = []string{}
		for _, l := range *in.Languages {
			if strings.TrimSpace(l) == "" {
				continue
			}
			code, ok := normalLanguage(l)
			if !ok {
				v.AddText("languages", "error.profile.language_code", "Code", fmt.Sprintf("%q", strings.TrimSpace(l)))
				continue
			}
			if !slices.Contains(p.Languages, code) {
				p.Languages = append(p.Languages, code)
			}
		}
		if len(p.Languages) > MaxLanguages {
			v.AddText("languages", "error.profile.at_most", "Max", MaxLanguages)
		}
	}
	if in.WorkStart != nil || in.WorkEnd != nil {
		if in.WorkStart == nil || in.WorkEnd == nil {
			v.AddText("work_end", "error.profile.hours_together")
		} else {
			start, end := strings.TrimSpace(*in.WorkStart), strings.TrimSpace(*in.WorkEnd)
			switch {
			case start == "" && end == "":
				p.WorkStart, p.WorkEnd = "", ""
			case start == "":
				v.AddText("work_start", "error.profile.start_needed")
			case end == "":
				v.AddText("work_end", "error.profile.end_needed")
			default:
				s, ok1 := normalClock(start)
				e, ok2 := normalClock(end)
				if !ok1 {
					v.AddText("work_start", "error.profile.clock", "Example", "09:00")
				}
				if !ok2 {
					v.AddText("work_end", "error.profile.clock", "Example", "17:30")
				}
				if ok1 && ok2 && s == e {
					v.AddText("work_end", "error.profile.same_clock")
				}
				p.WorkStart, p.WorkEnd = s, e
			}
		}
	}
	return v.Err()
}

func profileAuditFields(p Profile) map[string]any {
	return map[string]any{"bio": p.Bio, "offers": p.Offers, "wants": p.Wants, "languages": p.Languages,
		"work_start": p.WorkStart, "work_end": p.WorkEnd}
}

// Profile reads a person's profile, for whoever may read the person.
func (s *Service) Profile(ctx context.Context, a Actor, personID int64) (Profile, error) {
	if _, err := s.GetPerson(ctx, a, personID); err != nil {
		return Profile{}, fmt.Errorf("profile of %d: %w", personID, err)
	}
	p, err := s.store.Profiles.ProfileOf(ctx, personID)
	if err != nil {
		return Profile{}, fmt.Errorf("profile of %d: %w", personID, err)
	}
	p.Can = ProfileAbilitiesOf(a, personID)
	return p, nil
}

// UpdateProfile changes a person's profile: the person themselves or an
// admin (anyone else who may read the person: 403; others 404). Audited.
func (s *Service) UpdateProfile(ctx context.Context, a Actor, personID int64, in ProfilePatch) (Profile, error) {
	if _, err := s.GetPerson(ctx, a, personID); err != nil {
		return Profile{}, fmt.Errorf("update profile of %d: %w", personID, err)
	}
	if !ProfileAbilitiesOf(a, personID).Edit {
		return Profile{}, ForbiddenText("error.profile.not_yours")
	}
	var out Profile
	err := s.inTx(ctx, func(tx Ports) error {
		if err := tx.People.LockPeople(ctx, personID); err != nil {
			return err
		}
		before, err := tx.Profiles.ProfileOf(ctx, personID)
		if err != nil {
			return err
		}
		curated, err := tx.Profiles.ListTags(ctx)
		if err != nil {
			return err
		}
		p := before
		if err := applyProfile(&p, in, curated); err != nil {
			return err
		}
		now := s.clock.Now()
		p.UpdatedAt = &now
		if err := tx.Profiles.SaveProfile(ctx, p); err != nil {
			return err
		}
		out = p
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "update", ObjectType: profileAuditKind,
			ObjectID: personID, Changes: diff(profileAuditFields(before), profileAuditFields(p)), At: now})
	})
	if err != nil {
		return Profile{}, fmt.Errorf("update profile of %d: %w", personID, err)
	}
	out.Can = ProfileAbilitiesOf(a, personID)
	return out, nil
}

// Tag is one entry of the organisation's list of skills and topics.
type Tag struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

// Tags lists the organisation's tags by name, for anyone signed in (the
// profile form offers them).
func (s *Service) Tags(ctx context.Context, a Actor) ([]Tag, error) {
	if a.Person.ID == 0 {
		return nil, UnauthorizedText("error.auth.not_signed_in")
	}
	ts, err := s.store.Profiles.ListTags(ctx)
	if err != nil {
		return nil, fmt.Errorf("list tags: %w", err)
	}
	return ts, nil
}

// CreateTag adds a tag to the organisation's list (admins only); the same
// name in any case is a 409.
func (s *Service) CreateTag(ctx context.Context, a Actor, name string) (Tag, error) {
	if err := s.requireTagAdmin(a); err != nil {
		return Tag{}, err
	}
	t := Tag{Name: normalTag(name), CreatedAt: s.clock.Now()}
	var v ValidationError
	switch {
	case t.Name == "":
		v.AddText("name", "error.pairing.required")
	default:
		v.tooLong("name", t.Name, MaxTagLength)
	}
	v.Text("name", t.Name)
	if err := v.Err(); err != nil {
		return Tag{}, err
	}
	err := s.inTx(ctx, func(tx Ports) error {
		n, err := tx.Profiles.ListTags(ctx)
		if err != nil {
			return err
		}
		if len(n) >= MaxCuratedTags {
			return ConflictText("error.profile.tags_full", "Max", MaxCuratedTags)
		}
		if err := tx.Profiles.CreateTag(ctx, &t); err != nil {
			if errors.Is(err, ErrConflict) {
				return ConflictText("error.profile.tag_exists", "Name", t.Name)
			}
			return err
		}
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "create", ObjectType: "tag", ObjectID: t.ID,
			Changes: diff(nil, map[string]any{"name": t.Name}), At: t.CreatedAt})
	})
	if err != nil {
		return Tag{}, fmt.Errorf("create tag: %w", err)
	}
	return t, nil
}

// DeleteTag takes a tag off the organisation's list (admins only).
// Profiles that carry it keep it, as a tag of their own.
func (s *Service) DeleteTag(ctx context.Context, a Actor, id int64) error {
	if err := s.requireTagAdmin(a); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx Ports) error {
		t, err := tx.Profiles.TagByID(ctx, id)
		if err != nil {
			return notFoundText(err, "error.profile.no_tag")
		}
		if err := tx.Profiles.DeleteTag(ctx, id); err != nil {
			return err
		}
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "delete", ObjectType: "tag", ObjectID: id,
			Changes: diff(map[string]any{"name": t.Name}, map[string]any{"name": nil}), At: s.clock.Now()})
	})
	if err != nil {
		return fmt.Errorf("delete tag %d: %w", id, err)
	}
	return nil
}

func (s *Service) requireTagAdmin(a Actor) error {
	if !a.IsAdmin() {
		return ForbiddenText("error.profile.tags_admin_only")
	}
	return nil
}
