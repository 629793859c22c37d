package views

import (
	"strings"
	"testing"
	"time"

	"cairn/domain"
	"cairn/domain/lang"
)

// A refusal the server gives before any rule, too many attempts or a body
// too large, reads in the reader's language on a page, sizes in the
// units the language writes; the API keeps its English words.
func TestServerRefusalsInTheReadersWords(t *testing.T) {
	cat, err := lang.Load("")
	if err != nil {
		t.Fatal(err)
	}
	de, fr := cat.For("de"), cat.For("fr")
	for _, c := range []struct {
		w    *lang.Words
		err  error
		want string
	}{
		{apiWords, rateLimited{retryAfter: 30}, "too many attempts; try again later"},
		{de, rateLimited{retryAfter: 30}, "zu viele Versuche; versuchen Sie es später noch einmal"},
		{apiWords, errTooLarge{limit: 1 << 20}, "the request is larger than 1 MB, the most this address accepts"},
		{de, errTooLarge{limit: 8 << 20}, "die Anfrage ist größer als 8 MB, das Höchste, was diese Adresse annimmt"},
		{fr, errTooLarge{limit: 512 << 10}, "la requête dépasse 512 Ko, le maximum que cette adresse accepte"},
		{apiWords, errTooLarge{limit: 1000}, "the request is larger than 1000 bytes, the most this address accepts"},
	} {
		if _, _, msg, _ := classify(c.w, c.err); msg != c.want {
			t.Errorf("%s: %q, want %q", c.w.Tag(), msg, c.want)
		}
	}
	if got := (errTooLarge{limit: 1 << 20}).Error(); got != "the request is larger than 1 MB, the most this address accepts" {
		t.Errorf("the error itself: %q", got)
	}
}

// The words the audit log records in place of a value read in the
// reader's language on the audit page; in English they are the words
// recorded, which the API answers.
func TestAuditValuesInTheReadersWords(t *testing.T) {
	cat, err := lang.Load("")
	if err != nil {
		t.Fatal(err)
	}
	en, de := cat.For("en"), cat.For("de")
	for value, key := range auditValueKeys {
		if got := changeWords(en, value, time.UTC); got != value {
			t.Errorf("%q in English reads %q", value, got)
		}
		if got := changeWords(de, value, time.UTC); got != de.T(key) || got == value || got == key {
			t.Errorf("%q in German reads %q", value, got)
		}
	}
	if len(auditValueKeys) < 8 {
		t.Errorf("only %d recorded words", len(auditValueKeys))
	}
	pair := auditRows(de, []domain.AuditView{{Action: "update", ObjectType: "pairing", ObjectID: 2,
		ObjectNames: []string{"Mona Mentor", "Milo Mentee"}}}, nil, nil, time.UTC)
	if want := de.T("words.two_names", "First", "Mona Mentor", "Second", "Milo Mentee"); pair[0].About != want || strings.Contains(want, " and ") {
		t.Errorf("a pairing's people in German: %q, want %q", pair[0].About, want)
	}
	row := auditRows(de, []domain.AuditView{{Action: "update", ObjectType: "person", ObjectID: 4,
		Changes: map[string]domain.Change{"linked": {After: domain.AuditByVerifiedEmail}, "via": {After: "reset"}}}}, nil, nil, time.UTC)
	if len(row) != 1 || len(row[0].Changes) != 2 || string(row[0].Changes[0].After) != "über die bestätigte E-Mail-Adresse" ||
		string(row[0].Changes[1].After) != de.T("word.LinkPurpose.reset") {
		t.Errorf("the audit page in German: %+v", row)
	}
	// A job run's counts (as the audit log reads them back from JSON).
	run := map[string]any{"queued": float64(3), "missed": float64(0), "not_delivered": float64(1)}
	if got, want := changeWords(de, run, time.UTC), "Verpasst 0, Nicht zugestellt 1, Eingereiht 3"; got != want {
		t.Errorf("a job run in German: %q, want %q", got, want)
	}
	if got, want := changeWords(en, run, time.UTC), "Missed 0, Not delivered 1, Queued 3"; got != want {
		t.Errorf("a job run in English: %q, want %q", got, want)
	}
}
