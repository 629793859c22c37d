package views

import (
	"strings"
	"testing"

	"cairn/domain"
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
