package domain

import (
	"net/mail"
	"strings"
	"sync"
	"time"
)

// Role is what a person may do in Cairn as a whole.
type Role string

// The two roles.
const (
	RoleAdmin  Role = "admin"
	RoleMember Role = "member"
)

// Person is anyone who signs in: HR admins, mentors, mentees, coaches, coachees.
type Person struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	Email      string `json:"email"`
	JobTitle   string `json:"job_title"`
	Department string `json:"department"`
	Seniority  int    `json:"seniority"`
	Timezone   string `json:"timezone"`
	// Language is the tag of the language the person reads Cairn in, ""
	// to follow the browser (language.go).
	Language     string    `json:"language"`
	External     bool      `json:"external"`
	Role         Role      `json:"role"`
	Active       bool      `json:"active"`
	MaxMentees   *int      `json:"max_mentees"`
	MaxCoachees  *int      `json:"max_coachees"`
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	// Can is what the caller may do with this entry, filled in by the use
	// cases that answer a caller.
	Can PersonAbilities `json:"can"`
}

// IsAdmin reports whether the person is an active admin.
func (p Person) IsAdmin() bool { return p.Active && p.Role == RoleAdmin }

// Location is the person's time zone, UTC when it cannot be loaded.
func (p Person) Location() *time.Location {
	if loc, err := loadZone(p.Timezone); err == nil {
		return loc
	}
	return time.UTC
}

// zones caches loaded time zones by name: time.LoadLocation reads and
// parses the zone file on every call, and every signed-in request needs
// the viewer's zone. Zone data does not change while the process runs, so
// this one package-level cache is safe to share.
var zones sync.Map // string -> *time.Location

func loadZone(name string) (*time.Location, error) {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zones.Store(name, loc)
	return loc, nil
}

// PersonInput is what an admin gives to create a person.
type PersonInput struct {
	Name        string
	Email       string
	JobTitle    string
	Department  string
	Seniority   int
	Timezone    string
	Language    string
	External    bool
	Role        Role
	MaxMentees  *int
	MaxCoachees *int
	Password    string
	Inactive    bool // create the person already deactivated
}

// PersonPatch changes some of a person's fields; nil means "leave as is".
// For the capacity fields, a non-nil pointer to nil clears the limit.
type PersonPatch struct {
	Name        *string
	Email       *string
	JobTitle    *string
	Department  *string
	Seniority   *int
	Timezone    *string
	Language    *string
	External    *bool
	Role        *Role
	Active      *bool
	MaxMentees  **int
	MaxCoachees **int
	Password    *string
}

// MinPasswordLength is the shortest password Cairn accepts.
const MinPasswordLength = 10

// NormalizeEmail lower-cases and trims an address so lookups are exact.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// validEmail accepts a bare address (no display name).
func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s, "@")
}

// ValidTimezone reports whether name is an IANA zone name.
func ValidTimezone(name string) bool {
	if name == "" || name == "Local" {
		return false
	}
	_, err := time.LoadLocation(name)
	return err == nil
}

// apply merges a patch into p.
func (p *Person) apply(in PersonPatch) {
	setTrimmed(&p.Name, in.Name)
	if in.Email != nil {
		p.Email = NormalizeEmail(*in.Email)
	}
	setTrimmed(&p.JobTitle, in.JobTitle)
	setTrimmed(&p.Department, in.Department)
	setIf(&p.Seniority, in.Seniority)
	setTrimmed(&p.Timezone, in.Timezone)
	setTrimmed(&p.Language, in.Language)
	setIf(&p.External, in.External)
	setIf(&p.Role, in.Role)
	setIf(&p.Active, in.Active)
	setIf(&p.MaxMentees, in.MaxMentees)
	setIf(&p.MaxCoachees, in.MaxCoachees)
}

// Validate checks every field rule of a person.
func (p Person) Validate() error {
	var v ValidationError
	p.validateInto(&v)
	return v.Err()
}

func (p Person) validateInto(v *ValidationError) {
	v.Text("name", p.Name)
	v.Text("email", p.Email)
	v.Text("job_title", p.JobTitle)
	v.Text("department", p.Department)
	v.Text("timezone", p.Timezone)
	if p.Name == "" {
		v.required("name")
	}
	v.maxLen("name", p.Name, 200)
	if p.Email == "" {
		v.required("email")
	} else if !validEmail(p.Email) || len(p.Email) > 254 {
		v.AddText("email", "error.field.email_invalid")
	}
	v.maxLen("job_title", p.JobTitle, 200)
	v.maxLen("department", p.Department, 200)
	if p.Seniority < 1 || p.Seniority > 10 {
		v.AddText("seniority", "error.field.between", "Min", 1, "Max", 10)
	}
	if !ValidTimezone(p.Timezone) {
		v.AddText("timezone", "error.field.timezone_unknown")
	}
	if p.Role != RoleAdmin && p.Role != RoleMember {
		v.AddText("role", "error.person.role_invalid")
	}
	if p.MaxMentees != nil && (*p.MaxMentees < 0 || *p.MaxMentees > 1000) {
		v.AddText("max_mentees", "error.field.between", "Min", 0, "Max", 1000)
	}
	if p.MaxCoachees != nil && (*p.MaxCoachees < 0 || *p.MaxCoachees > 1000) {
		v.AddText("max_coachees", "error.field.between", "Min", 0, "Max", 1000)
	}
}

func validatePassword(v *ValidationError, field, pw string) {
	switch {
	case len(pw) < MinPasswordLength:
		v.AddText(field, "error.field.min_len", "Min", MinPasswordLength)
	case len(pw) > 1024:
		v.maxLen(field, pw, 1024)
	case isCommonPassword(pw):
		v.AddText(field, "error.auth.password_common")
	case distinctRunes(pw) < 4:
		v.AddText(field, "error.auth.password_repetitive")
	}
}

// PeopleFilter narrows the directory.
type PeopleFilter struct {
	Query      string // matches name, email or department
	ActiveOnly bool
	Limit      int
	After      int64
	// EngagementCircleOf, when set, keeps only this person and the people
	// who share an engagement with them.
	EngagementCircleOf int64
}
