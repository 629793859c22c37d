package domain

import "strings"

// A patch field is a pointer: nil leaves the value as it is.

// setIf sets *dst to *v when the patch carries v.
func setIf[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// setTrimmed sets *dst to *v without surrounding space when the patch
// carries v.
func setTrimmed(dst *string, v *string) {
	if v != nil {
		*dst = strings.TrimSpace(*v)
	}
}
