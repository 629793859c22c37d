package views

import (
	"testing"

	"cairn/domain/lang"
)

// Pages are parsed when first opened; this parses every page in every
// language, so a broken template fails here rather than on a reader.
func TestEveryPageParses(t *testing.T) {
	cat, err := lang.Load(lang.Source)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := newPageSet(cat)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps.names) < 30 {
		t.Fatalf("only %d pages found: %v", len(ps.names), ps.names)
	}
	for _, tag := range cat.Tags() {
		for _, name := range ps.names {
			if tmpl, err := ps.lookup(tag, name); err != nil || tmpl.Lookup("layout") == nil {
				t.Errorf("%s in %s: %v", name, tag, err)
			}
		}
	}
	if _, err := ps.lookup("de", "no-such-page"); err == nil {
		t.Error("a page that does not exist was found")
	}
}
