package views

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

// The text of a request is checked where it is read, by the domain's one
// rule (domain.TextProblemKey): every query parameter and form field here, every
// JSON string in decodeJSON. The use cases check their fields again, but a
// NUL in a search or a sign-in must not reach the database on the way there.

// cleanText refuses a request whose query or form carries text no field
// may hold: a 422 naming the field.
func (s *Server) cleanText(c *fiber.Ctx) error {
	var v domain.ValidationError
	check := func(key, value []byte) {
		// next has a stricter parser of its own (safeNext), which drops
		// what it cannot use rather than refusing the sign-in.
		if string(key) != "next" {
			v.Text(textFieldName(key), string(value))
		}
	}
	c.Context().QueryArgs().VisitAll(check)
	if !safeMethod(c.Method()) {
		mt, _, _ := mime.ParseMediaType(c.Get(fiber.HeaderContentType))
		switch mt {
		case fiber.MIMEApplicationForm:
			c.Request().PostArgs().VisitAll(check)
		case fiber.MIMEMultipartForm:
			// A broken multipart body is the handler's 400 to give.
			if form, err := c.MultipartForm(); err == nil {
				for k, vs := range form.Value {
					for _, val := range vs {
						check([]byte(k), []byte(val))
					}
				}
			}
		}
	}
	if err := textError(v); err != nil {
		return err
	}
	return c.Next()
}

// textFieldName is a parameter's name as errors show it; a name that is
// itself not clean text is shown as "parameter".
func textFieldName(key []byte) string {
	if domain.TextProblemKey(string(key), domain.OneLine) != "" {
		return "parameter"
	}
	return string(key)
}

// textError is the 422 for what v found, with a message a person can read
// ("Job title must be one line") in the API's language; the fields keep
// their names, and pages write them in the reader's (fieldsSentence).
func textError(v domain.ValidationError) error {
	if len(v.Fields) == 0 {
		return nil
	}
	names := make([]string, 0, len(v.Fields))
	for k := range v.Fields {
		names = append(names, k)
	}
	sort.Strings(names)
	parts := make([]string, 0, len(names))
	for _, k := range names {
		why := v.Fields[k]
		if t, ok := v.Texts[k]; ok {
			why = textWords(apiWords, t)
		}
		parts = append(parts, label(apiWords, k)+" "+why)
	}
	return &domain.Error{Kind: domain.ErrInvalid, Msg: strings.Join(parts, "; ") + ".", Fields: v.Fields, FieldTexts: v.Texts}
}

// jsonTextError checks every string value of a JSON body by the field it
// sits in ("goal.title" inside "goal"); malformed JSON is left to the
// decoder. encoding/json would quietly turn broken UTF-8 into U+FFFD, so
// the raw bytes of each value are checked before that.
func jsonTextError(body []byte) error {
	var v domain.ValidationError
	dec := json.NewDecoder(bytes.NewReader(body))
	type frame struct {
		object bool
		key    string
		isKey  bool // the next string in this object is a key
	}
	var stack []frame
	path := func() string {
		var parts []string
		for _, f := range stack {
			if f.object && f.key != "" {
				parts = append(parts, f.key)
			}
		}
		return strings.Join(parts, ".")
	}
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) || err != nil {
			break
		}
		end := dec.InputOffset()
		var top *frame
		if len(stack) > 0 {
			top = &stack[len(stack)-1]
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, frame{object: true, isKey: true})
			case '[':
				stack = append(stack, frame{})
			default:
				stack = stack[:len(stack)-1]
				if len(stack) > 0 && stack[len(stack)-1].object {
					stack[len(stack)-1].isKey = true
				}
			}
			continue
		case string:
			if top != nil && top.object && top.isKey {
				top.key, top.isKey = t, false
				if !utf8.Valid(body[start:end]) || domain.TextProblemKey(t, domain.OneLine) != "" {
					v.Add("body", "has a field name that is not text")
				}
				continue
			}
			field := path()
			if field == "" {
				field = "body"
			}
			if !utf8.Valid(body[start:end]) {
				v.AddText(field, "error.field.not_utf8")
			} else {
				v.Text(field, t)
			}
		}
		if top != nil && top.object {
			top.isKey = true
		}
	}
	return textError(v)
}
