package views_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func peopleCSV(n int, edit func(i int, row []string) []string) string {
	var b strings.Builder
	b.WriteString("name,email,job_title,department,seniority,timezone,external\n")
	for i := range n {
		row := []string{fmt.Sprintf("Person %d", i), fmt.Sprintf("p%d@example.com", i), "Analyst", "Finance",
			fmt.Sprint(1 + i%10), "Europe/Berlin", "false"}
		if edit != nil {
			row = edit(i, row)
		}
		b.WriteString(strings.Join(row, ",") + "\n")
	}
	return b.String()
}

func TestImportPeopleAllOrNothing(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		admin := e.token("admin@example.com", adminPassword)
		bad := peopleCSV(1000, func(i int, row []string) []string {
			switch i {
			case 100:
				row[1] = "not-an-email"
			case 700:
				row[5] = "Europe/Atlantis"
			}
			return row
		})
		post := func(body string, tok string) (int, string) {
			req := httptest.NewRequest("POST", "/api/v1/people/import", strings.NewReader(body))
			req.Header.Set("Content-Type", "text/csv")
			req.Header.Set("Authorization", "Bearer "+tok)
			resp, out := e.do(req)
			return resp.StatusCode, out
		}
		status, out := post(bad, admin)
		if status != 422 {
			t.Fatalf("bad file: %d %s", status, out)
		}
		// Row numbers count the header as row 1, as a spreadsheet does.
		fields := regexp.MustCompile(`"row \d+"`).FindAllString(out, -1)
		if len(fields) != 2 || !strings.Contains(out, `"row 102":"email is not a valid email address"`) ||
			!strings.Contains(out, `"row 702":"timezone is not a known IANA time zone`) {
			t.Errorf("bad rows: %v in %s", fields, out)
		}
		resp, list := e.api("GET", "/api/v1/people?q=example.com&limit=500", admin, nil)
		if resp.StatusCode != 200 || strings.Count(list, `"email"`) != 1 { // the admin only
			t.Fatalf("something was created by a failed import: %s", list[:min(len(list), 300)])
		}
		status, out = post(peopleCSV(1000, nil), admin)
		if status != 201 || out != `{"created":1000}` {
			t.Fatalf("good file: %d %s", status, out)
		}
		status, out = post(peopleCSV(2, nil), admin)
		if status != 422 || !strings.Contains(out, "already used") {
			t.Errorf("re-import: %d %s", status, out)
		}
		dup := "name,email,job_title,department,seniority,timezone,external\nA,a@x.com,,,3,,\nB,A@x.com,,,3,,\n"
		status, out = post(dup, admin)
		if status != 422 || !strings.Contains(out, "appears again (first in row 2)") {
			t.Errorf("duplicate in file: %d %s", status, out)
		}
		status, out = post("email,name\nx@y.z,X\n", admin)
		if status != 422 || !strings.Contains(out, `"header"`) {
			t.Errorf("wrong header: %d %s", status, out)
		}
		_, member := e.member("m@example.com", 3)
		status, _ = post(peopleCSV(1, nil), member)
		if status != 403 {
			t.Errorf("member import: %d", status)
		}
	})
}

func TestImportPeoplePreviewPage(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		b := e.adminBrowser()
		csrf := b.csrf("/people/import")
		upload := func(content string) (int, string) {
			var buf bytes.Buffer
			w := multipart.NewWriter(&buf)
			_ = w.WriteField("_csrf", csrf)
			fw, _ := w.CreateFormFile("file", "people.csv")
			_, _ = fw.Write([]byte(content))
			_ = w.Close()
			req := httptest.NewRequest("POST", "/people/import/preview", &buf)
			req.Header.Set("Content-Type", w.FormDataContentType())
			resp, body := b.send(req)
			return resp.StatusCode, body
		}
		status, body := upload(peopleCSV(3, func(i int, row []string) []string {
			if i == 1 {
				row[4] = "12"
			}
			return row
		}))
		if status != 422 || !strings.Contains(body, "must be between 1 and 10") || !strings.Contains(body, "Nothing was written") {
			t.Fatalf("preview with an error: %d\n%s", status, body)
		}
		status, body = upload(peopleCSV(3, nil))
		if status != 200 || !strings.Contains(body, "Import 3 people") {
			t.Fatalf("clean preview: %d\n%s", status, body)
		}
		hold := regexp.MustCompile(`name="hold" value="([^"]+)"`).FindStringSubmatch(body)[1]
		resp, out := b.post("/people/import", map[string][]string{"_csrf": {csrf}, "hold": {hold}})
		wantStatus(t, "confirm", resp, out, 303)
		_, page := b.get("/people?q=p2%40example.com")
		if !strings.Contains(page, "p2@example.com") {
			t.Errorf("imported person not listed: %s", page)
		}
		resp, out = b.post("/people/import", map[string][]string{"_csrf": {csrf}, "hold": {hold}})
		wantStatus(t, "confirm twice", resp, out, 404)
	})
}

// An import may be larger than the API's 1 MiB body limit: 10,000 rows
// with long department names come to about 1.6 MB.
func TestImportLargerThanTheJSONLimit(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		admin := e.token("admin@example.com", adminPassword)
		body := peopleCSV(10000, func(i int, row []string) []string {
			row[3] = "Finance, strategy and long-range planning office number " + fmt.Sprint(i%7)
			row[3] = `"` + row[3] + `"`
			return row
		})
		if len(body) < 1<<20 {
			t.Fatalf("the file is only %d bytes", len(body))
		}
		req := httptest.NewRequest("POST", "/api/v1/people/import", strings.NewReader(body))
		req.Header.Set("Content-Type", "text/csv")
		req.Header.Set("Authorization", "Bearer "+admin)
		resp, out := e.do(req)
		if resp.StatusCode != 201 || out != `{"created":10000}` {
			t.Fatalf("10,000 rows: %d %s", resp.StatusCode, out[:min(len(out), 300)])
		}
		big := strings.Repeat("x", 9<<20)
		req = httptest.NewRequest("POST", "/api/v1/people/import", strings.NewReader(big))
		req.Header.Set("Authorization", "Bearer "+admin)
		if resp, _ := e.do(req); resp.StatusCode != 413 {
			t.Errorf("9 MiB import: %d, want 413", resp.StatusCode)
		}
	})
}
