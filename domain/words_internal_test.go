package domain

import (
	"testing"
	"time"

	"cairn/domain/lang"
)

// english is the real English catalogue, for the package's own tests of
// what people read.
var english = func() words {
	c, err := lang.Load("")
	if err != nil {
		panic(err)
	}
	return words{tr: c, tag: "en"}
}()

// englishText is a refusal's words in English, as the edge writes them:
// a Text among its arguments first.
func englishText(t Text) string {
	args := make([]any, len(t.Args))
	for i, a := range t.Args {
		if inner, ok := a.(Text); ok {
			a = englishText(inner)
		}
		args[i] = a
	}
	return english.tr.T("en", t.Key, args...)
}

// A mail names the other participant's clock as pages do, with their
// date when it is not the reader's.
func TestOtherClockNote(t *testing.T) {
	reader := Person{ID: 1, Name: "Ada Lovelace", Timezone: "UTC"}
	other := Person{ID: 2, Name: "Leo Brandt", Timezone: "Asia/Tokyo"}
	for at, want := range map[time.Time]string{
		time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC):  " (18:00 JST for Leo)",
		time.Date(2026, 12, 2, 20, 0, 0, 0, time.UTC): " (Thu 3 Dec, 05:00 JST for Leo)",
	} {
		if got := english.otherClockNote(at, reader, other); got != want {
			t.Errorf("%s: %q, want %q", at, got, want)
		}
	}
	if got := english.otherClockNote(time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC), reader, Person{ID: 3, Name: "Bo", Timezone: "UTC"}); got != "" {
		t.Errorf("the same clock: %q", got)
	}
}
