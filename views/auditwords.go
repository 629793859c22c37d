package views

import "strings"

// auditActions are the audit log's actions in words, for its page.
var auditActions = map[string]string{
	"sign_in":         "signed in",
	"sign_out":        "signed out",
	"sign_in_refused": "sign-in refused",
	"set_password":    "set a password",
	"change_password": "changed the password",
	"read_all":        "read all",
	"invite":          "invited",
	"reset":           "asked for a password reset",
}

// auditAction is an audit action as a word: the ones above by name, any
// other with its underscores as spaces.
func auditAction(action string) string {
	if w, ok := auditActions[action]; ok {
		return w
	}
	return strings.ReplaceAll(action, "_", " ")
}
