package domain_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"cairn/domain"
)

func strs(s ...string) *[]string { return &s }

func TestUpdateProfile(t *testing.T) {
	w := newWorld(t)
	for _, n := range []string{"Public speaking", "Go"} {
		_, err := w.svc.CreateTag(w.ctx, w.admin, n)
		w.must(err)
	}
	if _, err := w.svc.CreateTag(w.ctx, w.admin, "  public   SPEAKING "); !errors.Is(err, domain.ErrConflict) {
		t.Fatalf("same tag in other case: %v", err)
	}
	bio, from, end := "  Sales lead, ten years in.  ", "9:00", "17:30"
	got, err := w.svc.UpdateProfile(w.ctx, w.mentee, w.mentee.Person.ID, domain.ProfilePatch{Bio: &bio,
		Offers: strs("negotiation", "go", "Negotiation", " "), Wants: strs("PUBLIC speaking", "Budgeting"),
		Languages: strs("EN", "pt-br", "en"), WorkStart: &from, WorkEnd: &end})
	w.must(err)
	want := domain.Profile{PersonID: w.mentee.Person.ID, Bio: "Sales lead, ten years in.", Offers: []string{"negotiation", "Go"},
		Wants: []string{"Public speaking", "Budgeting"}, Languages: []string{"en", "pt-BR"}, WorkStart: "09:00", WorkEnd: "17:30"}
	got.UpdatedAt, got.Can = nil, domain.ProfileAbilities{}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("saved\n got %+v\nwant %+v", got, want)
	}
	if names := strings.Join(want.LanguageNames(), ", "); names != "English, Brazilian Portuguese" {
		t.Errorf("language names %q", names)
	}
	// Others read it; only the person and admins may change it.
	read, err := w.svc.Profile(w.ctx, w.outsider, w.mentee.Person.ID)
	if err != nil || read.Bio != want.Bio || read.Can.Edit || read.UpdatedAt == nil || !read.UpdatedAt.Equal(start) {
		t.Fatalf("outsider reads %+v, %v", read, err)
	}
	if _, err := w.svc.UpdateProfile(w.ctx, w.outsider, w.mentee.Person.ID, domain.ProfilePatch{Bio: &bio}); !errors.Is(err, domain.ErrForbidden) {
		t.Fatalf("outsider writes: %v", err)
	}
	clear := ""
	after, err := w.svc.UpdateProfile(w.ctx, w.admin, w.mentee.Person.ID, domain.ProfilePatch{WorkStart: &clear, WorkEnd: &clear})
	w.must(err)
	if after.HasHours() || after.Bio != want.Bio || !after.Can.Edit {
		t.Fatalf("admin cleared the hours: %+v", after)
	}
	audit, err := w.svc.AuditLog(w.ctx, w.admin, domain.AuditFilter{ObjectType: "profile", ObjectID: w.mentee.Person.ID, Limit: 10})
	w.must(err)
	if len(audit) != 2 {
		t.Fatalf("audit entries %d, want 2", len(audit))
	}

	// Each bad field is named and nothing changes.
	long := strings.Repeat("x", domain.MaxTagLength+1)
	bad, noon := "25:00", "12:00"
	for name, c := range map[string]struct {
		in    domain.ProfilePatch
		field string
	}{
		"language":       {domain.ProfilePatch{Languages: strs("en", "klingonish")}, "languages"},
		"long tag":       {domain.ProfilePatch{Offers: strs(long)}, "offers"},
		"bad time":       {domain.ProfilePatch{WorkStart: &bad, WorkEnd: &noon}, "work_start"},
		"one end":        {domain.ProfilePatch{WorkStart: &noon}, "work_end"},
		"same start/end": {domain.ProfilePatch{WorkStart: &noon, WorkEnd: &noon}, "work_end"},
		"no start":       {domain.ProfilePatch{WorkStart: &clear, WorkEnd: &noon}, "work_start"},
	} {
		_, err := w.svc.UpdateProfile(w.ctx, w.mentee, w.mentee.Person.ID, c.in)
		if f := domain.FieldErrors(err); f[c.field] == "" {
			t.Errorf("%s: %v (fields %v), want an error on %s", name, err, f, c.field)
		}
	}
	// A tag no text field may hold says why by key, for the reader's words.
	_, err = w.svc.UpdateProfile(w.ctx, w.mentee, w.mentee.Person.ID, domain.ProfilePatch{Offers: strs("Go\x1bLang")})
	if de := (*domain.Error)(nil); !errors.As(err, &de) || de.FieldTexts["offers"].Key != "error.field.control_character" {
		t.Errorf("a tag with a control character: %v", err)
	} else if _, f := englishError(err); f["offers"] != "contains a control character" {
		t.Errorf("a tag with a control character reads %q", f["offers"])
	}
	tooMany := make([]string, domain.MaxProfileTags+1)
	for i := range tooMany {
		tooMany[i] = "t" + strings.Repeat("i", i+1)
	}
	if _, err := w.svc.UpdateProfile(w.ctx, w.mentee, w.mentee.Person.ID, domain.ProfilePatch{Wants: &tooMany}); domain.FieldErrors(err)["wants"] == "" {
		t.Errorf("too many wants: %v", err)
	}
	now, err := w.svc.Profile(w.ctx, w.mentee, w.mentee.Person.ID)
	w.must(err)
	if !reflect.DeepEqual(now.Offers, want.Offers) || now.HasHours() {
		t.Errorf("a refused change changed %+v", now)
	}
}

func TestTagsCurated(t *testing.T) {
	w := newWorld(t)
	if _, err := w.svc.CreateTag(w.ctx, w.admin, " "); domain.FieldErrors(err)["name"] == "" {
		t.Fatalf("blank tag: %v", err)
	}
	g, err := w.svc.CreateTag(w.ctx, w.admin, "Go")
	w.must(err)
	_, err = w.svc.UpdateProfile(w.ctx, w.mentor, w.mentor.Person.ID, domain.ProfilePatch{Offers: strs("go")})
	w.must(err)
	w.must(w.svc.DeleteTag(w.ctx, w.admin, g.ID))
	if err := w.svc.DeleteTag(w.ctx, w.admin, g.ID); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
	tags, err := w.svc.Tags(w.ctx, w.mentee)
	if err != nil || len(tags) != 0 {
		t.Fatalf("tags %+v, %v", tags, err)
	}
	if _, err := w.svc.Tags(w.ctx, domain.Actor{}); !errors.Is(err, domain.ErrUnauthorized) {
		t.Errorf("tags for nobody: %v", err)
	} else if msg, _ := englishError(err); msg != "not signed in" {
		t.Errorf("tags for nobody: %q", msg)
	}
	// The profile keeps the tag as its own.
	p, err := w.svc.Profile(w.ctx, w.mentee, w.mentor.Person.ID)
	if err != nil || !reflect.DeepEqual(p.Offers, []string{"Go"}) {
		t.Fatalf("profile after the tag went: %+v, %v", p, err)
	}
}

// The people import takes the profile columns, all or none, checks them by
// a profile's rules and saves each row's profile with the person; the
// person's export carries it.
func TestImportPeopleWithProfiles(t *testing.T) {
	w := newWorld(t)
	_, err := w.svc.CreateTag(w.ctx, w.admin, "Go")
	w.must(err)
	head := "name,email,job_title,department,seniority,timezone,external,bio,offers,wants,languages,work_start,work_end\n"
	bad := head + "Pia,pia@example.org,,,3,Europe/Berlin,false,Hi,go,,en;zz-zz,09:00,17:00\n"
	_, err = w.svc.ImportPeople(w.ctx, w.admin, strings.NewReader(bad))
	if msg := domain.FieldErrors(err)["row 2"]; !strings.Contains(msg, "languages") {
		t.Fatalf("bad language: %v", err)
	}
	short := "name,email,job_title,department,seniority,timezone,external,bio\nPia,pia@example.org,,,3,UTC,false,Hi\n"
	if _, err := w.svc.ImportPeople(w.ctx, w.admin, strings.NewReader(short)); domain.FieldErrors(err)["header"] == "" {
		t.Fatalf("some profile columns only: %v", err)
	}
	good := head + "Pia,pia@example.org,,,3,Europe/Berlin,false,Backend developer,go;SQL,Public speaking,en;de,08:00,16:00\n" +
		"Rex,rex@example.org,,,4,UTC,false,,,,,,\n"
	n, err := w.svc.ImportPeople(w.ctx, w.admin, strings.NewReader(good))
	if err != nil || n != 2 {
		t.Fatalf("import: %d, %v", n, err)
	}
	people, err := w.svc.ListPeople(w.ctx, w.admin, domain.PeopleFilter{Query: "pia@", Limit: 5})
	w.must(err)
	if len(people) != 1 {
		t.Fatalf("imported %+v", people)
	}
	ex, err := w.svc.ExportPerson(w.ctx, w.admin, people[0].ID)
	w.must(err)
	p := ex.Profile
	if p.Bio != "Backend developer" || !reflect.DeepEqual(p.Offers, []string{"Go", "SQL"}) || !reflect.DeepEqual(p.Wants, []string{"Public speaking"}) ||
		!reflect.DeepEqual(p.Languages, []string{"en", "de"}) || p.WorkStart != "08:00" || p.WorkEnd != "16:00" {
		t.Fatalf("imported profile %+v", p)
	}
}
