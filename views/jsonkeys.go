package views

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// exactFieldNames refuses an object key that names a field only when case
// is ignored ("nAme" for "name"), and a null for a field that cannot be
// null: encoding/json would take both, but the API's names and types, as
// the OpenAPI document gives them, are exact. Keys that name nothing at all
// are left to DisallowUnknownFields.
func exactFieldNames(body []byte, into any) error {
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil // the decoder proper reports malformed JSON
	}
	return checkKeys(v, reflect.TypeOf(into), "")
}

func checkKeys(v any, t reflect.Type, at string) error {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || reflect.PointerTo(t).Implements(jsonUnmarshaler) || reflect.PointerTo(t).Implements(textUnmarshaler) {
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		fields := jsonFields(t)
		for k, val := range obj {
			ft, exact := fields[k]
			if !exact {
				for name := range fields {
					if strings.EqualFold(name, k) {
						return badRequest(fmt.Sprintf("unknown field %q%s: names are exact, did you mean %q?", k, at, name))
					}
				}
				continue
			}
			if val == nil && !takesNull(ft) {
				return badRequest(fmt.Sprintf("%s%s cannot be null: leave it out to keep it as it is", k, at))
			}
			if err := checkKeys(val, ft, " in "+k); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		if arr, ok := v.([]any); ok {
			for _, e := range arr {
				if err := checkKeys(e, t.Elem(), at); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// takesNull reports whether a field says what a JSON null means to it (its
// own UnmarshalJSON, e.g. "no limit"); for the others encoding/json would
// read null as "not sent", which the OpenAPI document does not allow.
func takesNull(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Kind() == reflect.Interface || reflect.PointerTo(t).Implements(jsonUnmarshaler)
}

// jsonFields maps a struct's JSON names to their types, embedded structs'
// fields included, as encoding/json sees them.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			et := f.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				for k, v := range jsonFields(et) {
					if _, ok := out[k]; !ok {
						out[k] = v
					}
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}
