package views

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The catalogues and the code agree: every message the code asks for by
// its literal key is in the catalogues (lang checks that every language
// holds the source's keys), and every key of the catalogues is used, by
// its literal key or as one of the families the code builds a key for.
func TestCatalogueKeysAreUsedAndPresent(t *testing.T) {
	var sources []string
	for _, dir := range []string{"../views", "../domain", "../cmd", "../scheduler"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || strings.HasSuffix(path, "_test.go") ||
				!(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".html")) {
				return nil
			}
			b, err := os.ReadFile(path)
			sources = append(sources, string(b))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	all := strings.Join(sources, "\n")
	// Asked for by a literal key: {{t "k"}}, {{n "k" ...}}, w.T("k"), w.N("k", ...).
	// The rules' refusals name theirs too: ConflictText("k"), UnauthorizedText("k"),
	// InvalidText("field", "k"), v.AddText("field", "k").
	asked := regexp.MustCompile(`(?:\{\{-?\s*(?:t|n)\s+|[.\s(](?:T|N|NotFoundText|ConflictText|ForbiddenText|UnauthorizedText|InvalidRequestText)\(|(?:InvalidText|AddText)\("[^"]*",\s*|Key: )"([a-z][A-Za-z0-9_.:-]*)"`)
	n := 0
	for _, m := range asked.FindAllStringSubmatch(all, -1) {
		n++
		if strings.HasSuffix(m[1], ".") || strings.HasSuffix(m[1], "_") {
			continue // the prefix of a family (below)
		}
		if !apiWords.Has(m[1]) {
			t.Errorf("the code asks for %q, which en.toml lacks", m[1])
		}
	}
	if n < 500 {
		t.Fatalf("only %d messages asked for: the pattern no longer finds them", n)
	}
	// Keys the code builds from a prefix and a value (a domain value, a
	// status, an import kind): used when the prefix is in the code.
	families := []string{"word.", "field.", "flash.joined_as.", "flash.left_as.", "flash.pairing_", "flash.checkin_", "flash.session_", "import.noun.",
		"import.help.", "title.import_", "flash.imported_", "language.", "series.repeat.", "confirm.request_", "error.views.local_"}
	for _, k := range apiWords.Keys("") {
		if strings.Contains(all, `"`+k+`"`) {
			continue
		}
		used := false
		for _, f := range families {
			if strings.HasPrefix(k, f) && (strings.Contains(all, `"`+f) || strings.Contains(all, `"`+strings.TrimSuffix(f, ".")+`"`)) {
				used = true
				break
			}
		}
		if !used {
			t.Errorf("en.toml has %q, which nothing uses", k)
		}
	}
}
