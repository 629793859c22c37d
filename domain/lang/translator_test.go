package lang

import (
	"testing"
	"time"
)

// A date beside one that names the year leaves its own out, in every
// language's form.
func TestDayInYear(t *testing.T) {
	c := load(t)
	at := time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)
	for tag, want := range map[string]string{"en": "Thu 3 Dec", "de": "Do., 3. Dez.", "fr": "jeu. 3 déc.", "es": "jue, 3 dic"} {
		if got := c.DayInYear(tag, at); got != want {
			t.Errorf("%s: %q, want %q", tag, got, want)
		}
	}
}
