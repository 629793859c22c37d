package views_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"cairn/domain"
	"cairn/storage/storagetest"
	"cairn/views"
)

// FuzzJSONRequests sends arbitrary bodies to the JSON routes that decode
// one (decodeJSON) as an admin. Whatever comes in, the answer is a client
// error or a success, never a 500, and always the API's JSON.
// Its seeds run in every `go test`; .ci/run fuzzes it for a short while.
func FuzzJSONRequests(f *testing.F) {
	seeds := []string{
		`{"name":"Ada","email":"ada@example.com","seniority":5,"timezone":"Europe/London"}`,
		`{"name":"Ada","email":"ada@example.com","seniority":5,"max_mentees":null}`,
		`{"job_title":"x","max_coachees":3}`, `{"role":"admin","active":false}`, `{"email":"admin@example.com","password":"x"}`,
		``, ` `, `null`, `[]`, `"x"`, `{`, `{"name":`, `{}{}`, `{"shoe_size":44}`, `{"seniority":"5"}`,
		`{"seniority":1e400}`, `{"seniority":-9223372036854775809}`, `{"max_mentees":1.5}`, `{"name":"\ud800"}`,
		`{"password":"` + strings.Repeat("p", 2000) + `"}`, "\xff\xfe{}", `{"name":"a","name":"b"}`,
	}
	for _, s := range seeds {
		for _, route := range []int{0, 1, 2} {
			f.Add(route, []byte(s))
		}
	}
	svc, admin := fuzzService(f)
	app, err := views.New(svc, slog.New(slog.NewTextHandler(io.Discard, nil)), views.Options{BaseURL: "http://cairn.test", LoginLimit: 1 << 30})
	if err != nil {
		f.Fatal(err)
	}
	ctx := context.Background()
	target, err := svc.CreatePerson(ctx, domain.Actor{Person: admin}, domain.PersonInput{Name: "Target", Email: "target@example.com", Seniority: 3})
	if err != nil {
		f.Fatal(err)
	}
	token, _, err := svc.IssueAPIToken(ctx, admin, "fuzz")
	if err != nil {
		f.Fatal(err)
	}
	routes := []struct{ method, path string }{
		{"POST", "/api/v1/people"},
		{"PATCH", "/api/v1/people/" + strconv.FormatInt(target.ID, 10)},
		{"POST", "/api/v1/tokens"},
	}
	f.Fuzz(func(t *testing.T, route int, body []byte) {
		r := routes[uint(route)%uint(len(routes))]
		req := httptest.NewRequest(r.method, r.path, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if r.path != "/api/v1/tokens" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := app.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		out, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		checkAPI(t, req, body, resp, out)
		switch resp.StatusCode {
		case 200, 201, 400, 401, 409, 422, 429:
		default:
			t.Fatalf("%s %s %q: status %d: %s", r.method, r.path, body, resp.StatusCode, out)
		}
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Errorf("%s %s %q: answered %s", r.method, r.path, body, resp.Header.Get("Content-Type"))
		}
		if resp.StatusCode >= 400 && !bytes.HasPrefix(out, []byte(`{"error":{`)) {
			t.Errorf("%s %s %q: error body %s", r.method, r.path, body, out)
		}
	})
}

// FuzzCheckImportCSV feeds arbitrary text to the three CSV import checkers
// (people, pairings, engagements) the preview pages and the API use, on a
// SQLite store holding a few people and programmes. Whatever comes in, the
// answer is a result (each row valid or with reasons) or a client error,
// never a panic nor an internal error; a valid result has one row per
// record. Its seeds run in every `go test`; .ci/run fuzzes it.
func FuzzCheckImportCSV(f *testing.F) {
	people := strings.Join(domain.PeopleCSVHeader, ",") + "\n"
	pairings := strings.Join(domain.PairingsCSVHeader, ",") + "\n"
	engagements := strings.Join(domain.EngagementsCSVHeader, ",") + "\n"
	seeds := []struct {
		kind int
		text string
	}{
		{0, people + "Ada Lovelace,ada@example.com,Analyst,Research,5,Europe/London,false\n"},
		{0, people + "Bo,bo@example.com,,,11,Mars/Olympus,maybe\n\"unterminated,x\n"},
		{0, people + "=HYPERLINK(\"x\"),@x@example.com,+1,-1,1,UTC,true\r\n"},
		{0, "\ufeff" + people + "Cy,cy@example.com,,,3,,\n"},
		{0, "name,email\nshort,row\n"}, {0, ""}, {0, "\x00\xff"}, {0, people + strings.Repeat(",", 40) + "\n"},
		{1, pairings + "1,mentor@example.com,mentee@example.com,2026-02-01,14,focus,\n"},
		{1, pairings + "1,mentee@example.com,mentor@example.com,2026-02-30,0,,reason\n"},
		{1, pairings + "999999999999999999999,nobody@example.com,,0001-01-01,-1,,\n"},
		{2, engagements + "2,coach@example.com,mentee@example.com,Lead,desc,work,measure,2026-03-01,2026-06-30,6\n"},
		{2, engagements + "2,coach@example.com,coach@example.com,,,leisure,,2026-06-30,2026-03-01,-4\n"},
		{2, engagements + "1,coach@example.com,mentee@example.com,T,,personal,,2026-03-01,2026-03-01,1e9\n"},
	}
	for _, s := range seeds {
		f.Add(s.kind, s.text)
	}
	svc, adminP := fuzzService(f)
	ctx := context.Background()
	admin := domain.Actor{Person: adminP}
	for _, p := range []domain.PersonInput{
		{Name: "Mentor", Email: "mentor@example.com", Seniority: 7},
		{Name: "Mentee", Email: "mentee@example.com", Seniority: 2},
		{Name: "Coach", Email: "coach@example.com", Seniority: 8, External: true},
	} {
		if _, err := svc.CreatePerson(ctx, admin, p); err != nil {
			f.Fatal(err)
		}
	}
	for _, p := range []domain.Programme{{Name: "Mentoring", Kind: domain.KindMentoring}, {Name: "Coaching", Kind: domain.KindCoaching}} {
		if _, err := svc.CreateProgramme(ctx, admin, p); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, kind int, text string) {
		var rows, valid int
		var err error
		switch uint(kind) % 3 {
		case 0:
			var r domain.ImportResult[domain.Person]
			r, err = svc.CheckPeopleCSV(ctx, admin, strings.NewReader(text))
			rows, valid = len(r.Rows), b2i(r.Valid())
		case 1:
			var r domain.ImportResult[domain.Pairing]
			r, err = svc.CheckPairingsCSV(ctx, admin, strings.NewReader(text))
			rows, valid = len(r.Rows), b2i(r.Valid())
		default:
			var r domain.ImportResult[domain.Engagement]
			r, err = svc.CheckEngagementsCSV(ctx, admin, strings.NewReader(text))
			rows, valid = len(r.Rows), b2i(r.Valid())
		}
		if err != nil {
			if !clientError(err) {
				t.Fatalf("kind %d %q: internal error %v", kind, text, err)
			}
			return
		}
		if valid == 1 && rows == 0 && strings.Count(strings.TrimSpace(text), "\n") > 0 && !strings.Contains(text, "\"") {
			t.Errorf("kind %d %q: valid with no rows although the text has lines after the header", kind, text)
		}
	})
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// clientError reports whether err is one the API answers with a 4xx.
func clientError(err error) bool {
	return errors.Is(err, domain.ErrInvalid) || errors.Is(err, domain.ErrNotFound) || errors.Is(err, domain.ErrConflict) ||
		errors.Is(err, domain.ErrForbidden)
}

// FuzzParseLocalTime reads arbitrary date and clock text in zones with DST
// changes (and odd ones). A parsed instant shows, in that zone, the wall
// clock typed; a failure is a validation error on "date" or "time"; a
// wall-clock time that exists twice resolves to the earlier instant.
func FuzzParseLocalTime(f *testing.F) {
	zones := []string{"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia", "Asia/Kolkata", "UTC",
		"America/Santiago", "Africa/Casablanca"}
	seeds := [][2]string{
		{"2026-03-29", "02:30"},                          // skipped in Berlin
		{"2026-10-25", "02:30"},                          // repeated in Berlin
		{"2026-03-08", "02:00"}, {"2026-11-01", "01:30"}, // New York
		{"2026-04-05", "01:45"}, // Lord Howe: 30 minutes back
		{"2011-12-30", "12:00"}, // a day Samoa skipped
		{"2026-02-29", "10:00"}, {"2026-12-31", "23:59:59"}, {"", ""}, {" 2026-01-01 ", " 09:00 "},
		{"2026-1-1", "9:00"}, {"0001-01-01", "00:00"}, {"9999-12-31", "24:00"}, {"2026-06-01", "12:60"},
	}
	for i, s := range seeds {
		f.Add(s[0], s[1], uint8(i))
	}
	locs := make([]*time.Location, len(zones))
	for i, z := range zones {
		loc, err := time.LoadLocation(z)
		if err != nil {
			f.Fatal(err)
		}
		locs[i] = loc
	}
	f.Fuzz(func(t *testing.T, date, clock string, zone uint8) {
		loc := locs[int(zone)%len(locs)]
		at, err := views.ParseLocalTime(date, clock, loc)
		if err != nil {
			fields := domain.FieldErrors(err)
			if fields["date"] == "" && fields["time"] == "" {
				t.Fatalf("%q %q in %s: error %v is not on date or time", date, clock, loc, err)
			}
			return
		}
		if at.Location() != time.UTC {
			t.Errorf("%q %q in %s: %v is not UTC", date, clock, loc, at)
		}
		local := at.In(loc)
		// What was typed, read the same lenient way ("9:00" is 09:00).
		d, _ := time.Parse("2006-01-02", strings.TrimSpace(date))
		c, cerr := time.Parse("15:04", strings.TrimSpace(clock))
		if cerr != nil {
			c, _ = time.Parse("15:04:05", strings.TrimSpace(clock))
		}
		if y, m, dd := local.Date(); y != d.Year() || m != d.Month() || dd != d.Day() {
			t.Errorf("%q %q in %s: %v is on %s", date, clock, loc, at, local.Format("2006-01-02"))
		}
		if local.Hour() != c.Hour() || local.Minute() != c.Minute() || local.Second() != c.Second() {
			t.Errorf("%q %q in %s: %v shows %s", date, clock, loc, at, local.Format("15:04:05"))
		}
		// The earlier of two instants showing the same wall clock.
		for _, back := range []time.Duration{30 * time.Minute, time.Hour, 2 * time.Hour} {
			if earlier := at.Add(-back).In(loc); earlier.Format("2006-01-02 15:04:05") == local.Format("2006-01-02 15:04:05") {
				t.Errorf("%q %q in %s: %v, but %v shows the same wall clock earlier", date, clock, loc, at, earlier)
			}
		}
	})
}

// fuzzService is a service on a fresh SQLite store holding its first
// admin, whom it returns, for the fuzz targets.
func fuzzService(f *testing.F) (*domain.Service, domain.Person) {
	f.Helper()
	store := storagetest.New(f, "sqlite")
	clock := domain.NewFixedClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	svc := domain.NewService(store, clock, domain.Config{PasswordParams: cheap})
	ctx := context.Background()
	if _, _, err := svc.EnsureFirstAdmin(ctx, "admin@example.com", adminPassword); err != nil {
		f.Fatal(err)
	}
	admin, err := store.PersonByEmail(ctx, "admin@example.com")
	if err != nil {
		f.Fatal(err)
	}
	return svc, admin
}
