package views

import (
	"testing"

	"cairn/domain"
	"cairn/domain/lang"
)

// A refusal the rules give by key reads in the reader's language, its
// fields too, and a Text among its arguments is translated first.
func TestErrorWordsTranslateTheRulesRefusals(t *testing.T) {
	cat, err := lang.Load("")
	if err != nil {
		t.Fatal(err)
	}
	de := cat.For("de")
	inner := domain.ConflictText("error.about_pair", "Pair", "Ada", "Why", "x").(*domain.Error)
	outer := &domain.Error{Kind: domain.ErrConflict, Text: &domain.Text{Key: "flash.pairs_created", Args: []any{"Count", 2}}}
	if msg, _ := errorWords(de, outer); msg != de.T("flash.pairs_created", "Count", 2) || msg == cat.For("en").T("flash.pairs_created", "Count", 2) {
		t.Errorf("message %q is not the German one", msg)
	}
	nested := &domain.Error{Kind: domain.ErrConflict, Text: &domain.Text{Key: "error.about_pair",
		Args: []any{"Pair", "Ada – Bo", "Why", domain.Text{Key: "flash.programme_archived"}}}}
	if msg, _ := errorWords(de, nested); msg != "Ada – Bo: "+de.T("flash.programme_archived") {
		t.Errorf("nested: %q", msg)
	}
	if inner.Msg == "" || inner.Text == nil {
		t.Errorf("a refusal by key keeps its key for logs: %+v", inner)
	}
	var v domain.ValidationError
	v.AddText("name", "flash.programme_archived")
	v.Add("email", "is required")
	_, fields := errorWords(de, v.Err().(*domain.Error))
	if fields["name"] != de.T("flash.programme_archived") || fields["email"] != "is required" {
		t.Errorf("fields: %v", fields)
	}
	if status, _, msg, _ := classify(de, domain.InvalidText("name", "flash.programme_archived")); status != 422 || msg == "" {
		t.Errorf("classify: %d %q", status, msg)
	}
	// The API's summary names the fields with their reasons in words,
	// never the keys.
	if _, _, msg, _ := classify(apiWords, v.Err()); msg != "invalid input: email: is required; name: "+apiWords.T("flash.programme_archived") {
		t.Errorf("API summary: %q", msg)
	}
}
