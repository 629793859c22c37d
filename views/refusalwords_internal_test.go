package views

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"cairn/domain"
	"cairn/domain/domaintest"
	"cairn/domain/lang"
)

// A day among a refusal's arguments reads as the reader's calendar writes
// it, and an import's row problems given by key read in the reader's
// language on the preview and in the 422 that lists the bad rows.
func TestRefusalDaysAndImportRowsInTheReadersWords(t *testing.T) {
	cat, err := lang.Load("")
	if err != nil {
		t.Fatal(err)
	}
	en, de := cat.For("en"), cat.For("de")
	day, err := domain.ParseDate("2026-12-02")
	if err != nil {
		t.Fatal(err)
	}
	refusal := domain.ConflictText("error.extension.one_open", "Day", day).(*domain.Error)
	if msg, _ := errorWords(en, refusal); msg != "an extension proposed on Wed 2 Dec 2026 is still waiting for an answer" {
		t.Errorf("en: %q", msg)
	}
	if msg, _ := errorWords(de, refusal); !strings.Contains(msg, dateWords(de, day)) || strings.Contains(msg, "Wed") || strings.Contains(msg, "proposed") {
		t.Errorf("de: %q", msg)
	}

	res := domain.ImportResult[domain.Person]{Rows: []domain.ImportRow[domain.Person]{
		{Line: 2},
		{Line: 3, Errors: map[string]string{"email": "(key)", "name": "plain words", "": "(key)"},
			Texts: map[string]domain.Text{"email": {Key: "error.import.email_taken"},
				"": {Key: "error.import.field_count", Args: []any{"Fields", 2, "Header", 7}}}},
	}}
	rows := rowViews(de, res)
	if len(rows[0].Errors) != 0 || rows[1].Errors["email"] != de.T("error.import.email_taken") ||
		rows[1].Errors["name"] != "plain words" || rows[1].Errors[""] != de.T("error.import.field_count", "Fields", 2, "Header", 7) {
		t.Errorf("preview rows: %v", rows[1].Errors)
	}
	if res.Rows[1].Errors["email"] != "(key)" {
		t.Errorf("the result itself changed: %v", res.Rows[1].Errors)
	}
	_, fields := errorWords(en, res.Err().(*domain.Error))
	want := "has 2 fields, the header has 7; email is already used by a person in Cairn; name plain words"
	if len(fields) != 1 || fields["row 3"] != want {
		t.Errorf("en rows: %v", fields)
	}
	if _, fields := errorWords(de, res.Err().(*domain.Error)); !strings.Contains(fields["row 3"], de.T("error.import.email_taken")) {
		t.Errorf("de rows: %v", fields)
	}
}

// A mentor or coach without a free place is refused with the count and
// the limit in the reader's words, the noun in the plural form the limit
// takes, the fields saying why in the same language; the API reads the
// same refusal in English. The rules give each by key: a pairing, an
// engagement, a request to a mentor who is full in the programme they
// joined, and accepting one beyond that capacity.
func TestRefusalsOfCapacityInTheReadersWords(t *testing.T) {
	cat, err := lang.Load("")
	if err != nil {
		t.Fatal(err)
	}
	en, de, fr := cat.For("en"), cat.For("de"), cat.For("fr")
	at := time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)
	start := domain.NewDate(2026, 2, 1)
	mentee := domain.Person{ID: 3, Name: "Milo Mentee", Seniority: 3, Active: true, Role: domain.RoleMember}
	full := func(kind string, limit int) *domain.Error {
		t.Helper()
		mentor := domain.Person{ID: 2, Name: "Mona Mentor", Seniority: 7, Active: true, Role: domain.RoleMember,
			MaxMentees: &limit, MaxCoachees: &limit}
		var err error
		if kind == "pairing" {
			err = domain.ValidatePairing(domain.Pairing{ProgrammeID: 1, MentorID: 2, MenteeID: 3, StartedOn: start,
				CheckinCadenceDays: 14, Status: domain.PairingActive, CreatedAt: at},
				domain.Programme{ID: 1, Name: "Mentors", Kind: domain.KindMentoring}, mentor, mentee, limit)
		} else {
			err = domain.ValidateEngagement(domain.Engagement{ProgrammeID: 1, CoachID: 2, CoacheeID: 3,
				Goal: domain.Goal{Title: "Lead", Area: domain.AreaWork}, StartsOn: start, EndsOn: start.AddDays(90),
				PlannedSessions: 6, Status: domain.EngagementActive, CreatedAt: at},
				domain.Programme{ID: 1, Name: "Coaching", Kind: domain.KindCoaching}, mentor, mentee, limit)
		}
		var de *domain.Error
		if !errors.As(err, &de) || !errors.Is(err, domain.ErrConflict) {
			t.Fatalf("%s at a limit of %d: %v, want a 409", kind, limit, err)
		}
		return de
	}
	for _, c := range []struct {
		kind  string
		limit int
		w     *lang.Words
		want  string
	}{
		{"pairing", 1, en, "Mona Mentor already mentors 1 of at most 1 person; give a capacity override reason to add one more"},
		{"pairing", 2, en, "Mona Mentor already mentors 2 of at most 2 people; give a capacity override reason to add one more"},
		{"pairing", 1, de, "Mona Mentor begleitet bereits 1 von höchstens 1 Mentee; geben Sie eine Begründung für die Ausnahme an, um eine weitere Person hinzuzufügen"},
		{"pairing", 3, de, "Mona Mentor begleitet bereits 3 von höchstens 3 Mentees; geben Sie eine Begründung für die Ausnahme an, um eine weitere Person hinzuzufügen"},
		{"pairing", 2, fr, "Mona Mentor accompagne au plus 2 mentorés et en a déjà 2 ; indiquez le motif de la dérogation pour en ajouter un de plus"},
		{"engagement", 1, en, "Mona Mentor already coaches 1 of at most 1 person; give a capacity override reason to add one more"},
		{"engagement", 2, de, "Mona Mentor begleitet bereits 2 von höchstens 2 Coachees; geben Sie eine Begründung für die Ausnahme an, um eine weitere Person hinzuzufügen"},
	} {
		refusal := full(c.kind, c.limit)
		field := map[string]string{"pairing": "mentor_id", "engagement": "coach_id"}[c.kind]
		msg, fields := errorWords(c.w, refusal)
		if msg != c.want {
			t.Errorf("%s, limit %d, in %s: %q, want %q", c.kind, c.limit, c.w.Tag(), msg, c.want)
		}
		if fields[field] != c.w.T("error.a1.no_free_place") || fields["capacity_override_reason"] != c.w.T("error.a1.override_beyond_limit") {
			t.Errorf("%s in %s: fields %v", c.kind, c.w.Tag(), fields)
		}
	}
	if status, _, msg, _ := classify(apiWords, full("pairing", 1)); status != 409 || !strings.HasPrefix(msg, "Mona Mentor already mentors 1 of at most 1 person") {
		t.Errorf("the API: %d %q", status, msg)
	}

	// A programme where mentors join with a capacity: Sam takes one.
	ctx := context.Background()
	svc := domain.NewService(domaintest.NewMemory(), domain.NewFixedClock(at), domain.Config{Translator: cat,
		PasswordParams: domain.PasswordParams{Memory: 8, Time: 1, Threads: 1}})
	admin, err := svc.CreateAdmin(ctx, "admin@example.org", "Ada Admin", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	hr := domain.Actor{Person: admin}
	prog, err := svc.CreateProgramme(ctx, hr, domain.Programme{Name: "Ask a mentor", Kind: domain.KindMentoring,
		Matching: domain.MatchingRequest, RequestExpiryDays: 7, RequiresSignup: true})
	if err != nil {
		t.Fatal(err)
	}
	join := func(name string, seniority int, role domain.MemberRole, capacity *int) domain.Actor {
		t.Helper()
		p, err := svc.CreatePerson(ctx, hr, domain.PersonInput{Name: name, Seniority: seniority,
			Email: strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.org"})
		if err != nil {
			t.Fatal(err)
		}
		a := domain.Actor{Person: p}
		if _, err := svc.JoinProgramme(ctx, a, prog.ID, role, capacity); err != nil {
			t.Fatal(err)
		}
		return a
	}
	one := 1
	sam := join("Sam Senior", 6, domain.RoleMentor, &one)
	var asked []domain.MentorRequest
	for _, name := range []string{"Milo Mentee", "Pat Peer"} {
		r, err := svc.CreateRequest(ctx, join(name, 3, domain.RoleMentee, nil), prog.ID, domain.RequestInput{MentorID: sam.Person.ID})
		if err != nil {
			t.Fatal(err)
		}
		asked = append(asked, r)
	}
	if _, err := svc.AnswerRequest(ctx, sam, asked[0].ID, domain.StepAccept, ""); err != nil {
		t.Fatal(err)
	}
	_, beyond := svc.AnswerRequest(ctx, sam, asked[1].ID, domain.StepAccept, "")
	_, late := svc.CreateRequest(ctx, join("Lea Late", 2, domain.RoleMentee, nil), prog.ID, domain.RequestInput{MentorID: sam.Person.ID})
	for _, c := range []struct {
		err    error
		en, de string
	}{
		{beyond, "Sam Senior already mentors 1 of the 1 person they take in Ask a mentor",
			"Sam Senior nimmt in Ask a mentor höchstens 1 Mentee auf und begleitet dort bereits 1"},
		{late, "Sam Senior has no free mentee place", "Sam Senior hat keinen freien Platz für Mentees"},
	} {
		var refusal *domain.Error
		if !errors.As(c.err, &refusal) || !errors.Is(c.err, domain.ErrConflict) {
			t.Fatalf("%v, want a 409 saying %q", c.err, c.en)
		}
		if msg, fields := errorWords(de, refusal); msg != c.de || fields["mentor_id"] != de.T("error.a1.no_free_place") {
			t.Errorf("in German: %q %v, want %q", msg, fields, c.de)
		}
		if _, _, msg, _ := classify(apiWords, c.err); msg != c.en {
			t.Errorf("the API: %q, want %q", msg, c.en)
		}
	}
}
