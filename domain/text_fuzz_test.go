package domain

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// textSafe is what TextProblemKey promises of what it accepts, written out
// independently: valid UTF-8, no NUL, no control character but a tab, and
// for free text a line break (LF, or CR only before LF); for one line, no
// line break of any kind.
func textSafe(s string, kind TextKind) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for i, r := range s {
		lineBreak := r == '\n' || r == '\u2028' || r == '\u2029' || r == '\u0085' || r == '\r' && strings.HasPrefix(s[i+1:], "\n")
		switch {
		case lineBreak && kind == OneLine:
			return false
		case lineBreak || r == '\t':
		case r < 0x20 || r >= 0x7f && r < 0xa0:
			return false
		}
	}
	return true
}

// FuzzTextFields puts arbitrary text in every text field of every entity's
// validation (a person, a programme, a pairing, an engagement, a meeting)
// and in the one rule itself: what the rule refuses, every field's
// validation refuses under the field's name; what it accepts is text that
// can be stored and written on one line where the field is one line.
func FuzzTextFields(f *testing.F) {
	for _, s := range []string{"Ada Lovelace", "O'Brien, Pat", "a\x00b", "a\x1bb", "\xff\xfe", "line\nbreak", "crlf\r\n",
		"lone\r", "tab\tin", "\u2028", "\u0085", "\u009b", "é😀", "", `"quoted"; x: y, z \ w`} {
		f.Add(s)
	}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		for _, kind := range []TextKind{OneLine, MultiLine} {
			if got, want := TextProblemKey(s, kind) == "", textSafe(s, kind); got != want {
				t.Fatalf("TextProblemKey(%q, %d) accepts: %v, want %v", s, kind, got, want)
			}
		}
		checks := map[string]func() error{}
		person := func(set func(*Person)) func() error {
			return func() error {
				p := Person{Name: "Ada", Email: "ada@example.com", Seniority: 3, Timezone: "UTC", Role: RoleMember}
				set(&p)
				return p.Validate()
			}
		}
		checks["name"] = person(func(p *Person) { p.Name = s })
		checks["email"] = person(func(p *Person) { p.Email = s })
		checks["job_title"] = person(func(p *Person) { p.JobTitle = s })
		checks["department"] = person(func(p *Person) { p.Department = s })
		checks["timezone"] = person(func(p *Person) { p.Timezone = s })
		programme := func(set func(*Programme)) func() error {
			return func() error {
				p := Programme{Name: "Mentors", Kind: KindMentoring}
				set(&p)
				return p.validate()
			}
		}
		checks["programme name"] = programme(func(p *Programme) { p.Name = s })
		checks["description"] = programme(func(p *Programme) { p.Description = s })
		engagement := func(set func(*Engagement)) func() error {
			return func() error {
				e := Engagement{ProgrammeID: 1, CoachID: 2, CoacheeID: 3, Goal: Goal{Title: "Lead", Area: AreaWork},
					StartsOn: NewDate(2026, 3, 1), EndsOn: NewDate(2026, 6, 30), PlannedSessions: 6, Status: EngagementActive}
				set(&e)
				return e.validate()
			}
		}
		checks["goal.title"] = engagement(func(e *Engagement) { e.Goal.Title = s })
		checks["goal.description"] = engagement(func(e *Engagement) { e.Goal.Description = s })
		checks["goal.success_measure"] = engagement(func(e *Engagement) { e.Goal.SuccessMeasure = s })
		checks["cancel_reason"] = engagement(func(e *Engagement) { e.CancelReason = s })
		meeting := func(set func(*Meeting)) func() error {
			return func() error {
				m := Meeting{ScheduledAt: at, DurationMinutes: 30}
				set(&m)
				var v ValidationError
				validateMeetingFields(&v, m)
				return v.Err()
			}
		}
		checks["location"] = meeting(func(m *Meeting) { m.Location = s })
		checks["agenda"] = meeting(func(m *Meeting) { m.Agenda = s })
		checks["notes"] = meeting(func(m *Meeting) { m.Notes = s })
		checks["private_notes"] = meeting(func(m *Meeting) { m.PrivateNotes = s })
		pairing := func(set func(*PairingInput)) func() error {
			return func() error {
				in := PairingInput{ProgrammeID: 1, MentorID: 2, MenteeID: 3, StartedOn: NewDate(2026, 2, 1)}
				set(&in)
				prog := Programme{ID: 1, Name: "Mentors", Kind: KindMentoring}
				mentor := Person{ID: 2, Name: "Mentor", Seniority: 7, Active: true, Role: RoleMember}
				mentee := Person{ID: 3, Name: "Mentee", Seniority: 3, Active: true, Role: RoleMember}
				p := Pairing{ProgrammeID: 1, MentorID: 2, MenteeID: 3, StartedOn: in.StartedOn, CheckinCadenceDays: 14,
					Focus: in.Focus, SeniorityOverrideReason: in.SeniorityOverrideReason, CapacityOverrideReason: in.CapacityOverrideReason,
					Status: PairingActive, CreatedAt: at}
				return ValidatePairing(p, prog, mentor, mentee, 0)
			}
		}
		checks["focus"] = pairing(func(in *PairingInput) { in.Focus = s })
		checks["seniority_override_reason"] = pairing(func(in *PairingInput) { in.SeniorityOverrideReason = s })
		checks["capacity_override_reason"] = pairing(func(in *PairingInput) { in.CapacityOverrideReason = s })
		checks["q"] = func() error { return CheckText("q", s) }
		// A pairing's texts are trimmed before they are checked and kept.
		trimmed := map[string]bool{"focus": true, "seniority_override_reason": true, "capacity_override_reason": true}

		for label, check := range checks {
			field := strings.TrimPrefix(label, "programme ")
			stored := s
			if trimmed[field] {
				stored = strings.TrimSpace(s)
			}
			why := TextProblemKey(stored, FieldKind(field))
			got := FieldErrors(check())[field]
			switch {
			case why != "" && got == "":
				t.Errorf("%s accepts %q, which the rule refuses (%s)", label, s, why)
			case why == "" && isTextReason(got):
				t.Errorf("%s refuses %q as text (%s), which the rule accepts", label, s, got)
			}
		}
	})
}

func isTextReason(why string) bool {
	// A reason given by key reads as its key here (no Translator).
	for _, r := range []string{"error.field.not_utf8", "error.field.one_line", "error.field.nul", "error.field.control_character"} {
		if why == r {
			return true
		}
	}
	return false
}
