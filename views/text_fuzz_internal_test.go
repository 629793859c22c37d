package views

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"

	"cairn/domain"
)

// FuzzJSONText: whatever the body, the check of a JSON body's text does not
// panic, and a well-formed body it lets through is valid UTF-8 and every
// string in it, key or value, is text its field may hold (keys and values
// outside any object are held to one line, as every field is but the
// free-text ones).
func FuzzJSONText(f *testing.F) {
	for _, s := range []string{`{"name":"Ada"}`, `{"name":"a\u0000b"}`, "{\"name\":\"a\xffb\"}", `{"notes":"a\nb","name":"x"}`,
		`{"goal":{"title":"a\nb","description":"c\nd"}}`, `{"items":["a","b\u001b"]}`, `[{"x":1},"y"]`, `"top"`, `{"a\u0000":1}`,
		`{"q":"\ud800"}`, `{"name":"a\r\nb"}`, `{`, `{"name":1e400}`, `{"a":{"b":{"c":["\u2028"]}}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		err := jsonTextError(body)
		if err != nil {
			if len(domain.FieldErrors(err)) == 0 {
				t.Fatalf("refused without naming a field: %v", err)
			}
			return
		}
		if !json.Valid(body) {
			return // the decoder's 400
		}
		if !utf8.Valid(body) {
			t.Fatalf("broken UTF-8 let through: %q", body)
		}
		var v any
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		var walk func(path string, v any)
		walk = func(path string, v any) {
			switch x := v.(type) {
			case string:
				field := path
				if field == "" {
					field = "body"
				}
				if why := domain.TextProblemKey(x, domain.FieldKind(field)); why != "" {
					t.Fatalf("%s %q let through: %s", field, x, why)
				}
			case []any:
				for _, e := range x {
					walk(path, e)
				}
			case map[string]any:
				for k, e := range x {
					if why := domain.TextProblemKey(k, domain.OneLine); why != "" {
						t.Fatalf("key %q let through: %s", k, why)
					}
					p := k
					if path != "" {
						p = path + "." + k
					}
					walk(p, e)
				}
			}
		}
		walk("", v)
	})
}
