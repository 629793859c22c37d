package domain

import "testing"

func TestPasswordRule(t *testing.T) {
	for _, c := range []struct {
		pw string
		ok bool
	}{
		{"correct horse battery", true},
		{"member password 1", true},
		{"Tr0ub4dor&3x", true},
		{"short", false},
		{"aaaaaaaaaaaa", false},
		{"abababababab", false},
		{"1234567890", false},
		{"Password123", false},
		{"QWERTYUIOP", false},
		{"1qaz2wsx3edc", false},
	} {
		var v ValidationError
		validatePassword(&v, "password", c.pw)
		if ok := len(v.Fields) == 0; ok != c.ok {
			t.Errorf("%q: accepted %v, want %v (%v)", c.pw, ok, c.ok, v.Fields)
		}
	}
}
