package views

import (
	"testing"

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
