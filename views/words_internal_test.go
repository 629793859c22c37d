package views

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"cairn/domain"
)

// domainSource parses the domain's non-test files.
func domainSource(t *testing.T) []*ast.File {
	t.Helper()
	names, err := filepath.Glob(filepath.Join("..", "domain", "*.go"))
	if err != nil || len(names) == 0 {
		t.Fatalf("domain sources: %v", err)
	}
	fset := token.NewFileSet()
	var out []*ast.File
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, f)
	}
	return out
}

// Every value of every typed string constant of the domain (statuses,
// kinds, roles, outcomes, flag kinds ...) has its words, under its type's
// name: a value added later without words fails here.
func TestEveryDomainValueHasWords(t *testing.T) {
	n := 0
	for _, f := range domainSource(t) {
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				typ, ok := vs.Type.(*ast.Ident)
				if !ok || typ.Name == "string" {
					continue
				}
				for _, v := range vs.Values {
					lit, ok := v.(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						continue
					}
					val, _ := strconv.Unquote(lit.Value)
					n++
					key := wordKey(typ.Name, val)
					w, ok := apiWords.T(key), apiWords.Has(key)
					switch {
					case !ok:
						t.Errorf("%s %q has no words: en.toml lacks %q", vs.Names[0].Name, val, key)
					case w == val || strings.Contains(w, "_"):
						t.Errorf("%s %q reads %q", vs.Names[0].Name, val, w)
					}
				}
			}
		}
	}
	if n < 30 {
		t.Fatalf("only %d domain values found", n)
	}
}

// Every field a domain rule names in a validation error has a label.
func TestEveryValidatedFieldHasALabel(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range domainSource(t) {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) < 2 {
				return true
			}
			var name string
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			case *ast.Ident:
				name = fn.Name
			}
			switch name {
			case "Add", "AddText", "Invalid", "InvalidText", "Text", "maxLen", "errCapacityText", "CheckText":
			default:
				return true
			}
			if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				field, _ := strconv.Unquote(lit.Value)
				if field != "" && !strings.HasPrefix(field, "row ") {
					seen[field] = true
				}
			}
			return true
		})
	}
	if len(seen) < 20 {
		t.Fatalf("only %d validated fields found: %v", len(seen), seen)
	}
	for f := range seen {
		if !hasLabel(apiWords, f) {
			t.Errorf("the field %q has no label: en.toml lacks %q", f, "field."+f)
		}
	}
}

func TestWord(t *testing.T) {
	for _, c := range []struct {
		args []any
		want string
	}{
		{[]any{domain.StatusNoShow}, "Missed (no-show)"},
		{[]any{domain.OutcomePartiallyAchieved}, "Partly achieved"},
		{[]any{domain.FlagCheckinOverdue}, "Check-ins overdue"},
		{[]any{domain.OutboxNotDelivered}, "Not delivered (no mail server set)"},
		{[]any{domain.RoleMember}, "Member"},
		{[]any{"action", "sign_in"}, "Signed in"},
		{[]any{"FlagKind", "goal_overdue"}, "Goal overdue"},
		{[]any{"object", "api_token"}, "API token"},
		{[]any{"action", "something_new"}, "Something new"},
		{[]any{"http", 404}, "Not found"},
		{[]any{(*domain.Outcome)(nil)}, ""},
	} {
		got, err := word(apiWords, c.args...)
		if err != nil || got != c.want {
			t.Errorf("word(%v) = %q, %v; want %q", c.args, got, err, c.want)
		}
	}
	if _, err := word(apiWords); err == nil {
		t.Error("word() without a value gave no error")
	}
}

func TestHumanMessage(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"must be after starts_on", "must be after the start date"},
		{"must be on or after started_on", "must be on or after the start date"},
		{"must be achieved, partially_achieved or not_achieved", "must be achieved, partly achieved or not achieved"},
		{"must not be before the start date 2026-03-01", "must not be before the start date Sun 1 Mar 2026"},
		{"a no_show session cannot become scheduled", "a missed (no-show) session cannot become scheduled"},
		{"see https://cairn.example/x.y for more", "see https://cairn.example/x.y for more"},
		{"give one to go beyond the limit", "give one to go beyond the limit"},
		{"unknown_thing is odd", "unknown thing is odd"},
		{"first_last@example.com is already used by job_title", "first_last@example.com is already used by the job title"},
		{"see https://x.example/a_b?starts_on=1", "see https://x.example/a_b?starts_on=1"},
	} {
		if got := humanMessage(apiWords, c.in); got != c.want {
			t.Errorf("humanMessage(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	got := pageMessage(apiWords, "invalid input: ends_on: must be after starts_on", map[string]string{"ends_on": "must be after starts_on",
		"outcome": "must be achieved, partially_achieved or not_achieved"})
	if want := "End date must be after the start date; Outcome must be achieved, partly achieved or not achieved."; got != want {
		t.Errorf("pageMessage = %q, want %q", got, want)
	}
}

func TestRelativeDay(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	now := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC) // 09:00 in Berlin
	for _, c := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 11, 29, 15, 0, 0, 0, time.UTC), "yesterday"}, // was "today": 17 hours ago
		{time.Date(2026, 11, 30, 0, 30, 0, 0, time.UTC), "today"},
		{time.Date(2026, 11, 29, 23, 30, 0, 0, time.UTC), "today"}, // 00:30 in Berlin
		{time.Date(2026, 11, 27, 20, 0, 0, 0, time.UTC), "3 days ago"},
		{time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC), "tomorrow"},
		{time.Date(2026, 12, 2, 7, 0, 0, 0, time.UTC), "in 2 days"},
	} {
		if got := relativeDay(apiWords, c.at, now, berlin); got != c.want {
			t.Errorf("relativeDay(%s) = %q, want %q", c.at, got, c.want)
		}
	}
}

func TestChangeValue(t *testing.T) {
	for _, c := range []struct {
		field string
		v     any
		want  string
	}{
		{"role", "member", "Member"},
		{"status", "no_show", "Missed (no-show)"},
		{"status", "paused", "Paused"},
		{"kind", "mentoring", "Mentoring"},
		{"kind", "checkin_overdue", "Check-ins overdue"},
		{"outcome", "partially_achieved", "Partly achieved"},
		{"mentor_id", float64(5), `<a href="/people/5">this person</a>`},
		{"subject", "pairing 3", `<a href="/pairings/3">the pairing</a>`},
		{"starts_on", "2026-03-01", "Sun 1 Mar 2026"},
		{"cleared_at", "2026-03-01T09:00:00Z", "Sun 1 Mar 2026, 09:00 UTC"},
		{"active", false, "no"},
		{"focus", "<b>", "&lt;b&gt;"},
	} {
		if got := string(changeValue(apiWords, c.field, c.v, time.UTC)); got != c.want {
			t.Errorf("changeValue(%s, %v) = %q, want %q", c.field, c.v, got, c.want)
		}
	}
}
