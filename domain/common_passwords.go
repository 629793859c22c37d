package domain

import (
	_ "embed"
	"strings"
	"sync"
)

// The list of common passwords, with its source and licence in the file's
// header and in common_passwords.LICENSE.
//
//go:embed common_passwords.txt
var commonPasswordsText string

// commonPasswords is the list as a set, read once on first use.
var commonPasswords = sync.OnceValue(func() map[string]bool {
	set := map[string]bool{}
	for _, line := range strings.Split(commonPasswordsText, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			set[line] = true
		}
	}
	return set
})

// isCommonPassword reports whether pw, in any case, is on the list.
func isCommonPassword(pw string) bool { return commonPasswords()[strings.ToLower(pw)] }

// distinctRunes counts the different characters in s.
func distinctRunes(s string) int {
	seen := map[rune]bool{}
	for _, r := range s {
		seen[r] = true
	}
	return len(seen)
}
