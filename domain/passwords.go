package domain

// Whether a person has a password here at all: with CAIRN_PASSWORD_LOGIN
// off, everyone signs in with the organisation, except the break-glass
// admin, so changing, resetting or setting a password is refused to the
// rest, and the pages do not offer it.

// AccountAbilities is what a signed-in person may do with their own way
// of signing in; the settings page shows what it says.
type AccountAbilities struct {
	// ChangePassword: they sign in with a password here.
	ChangePassword bool `json:"change_password"`
}

// AccountAbilities computes what a may do with their own sign-in.
func (s *Service) AccountAbilities(a Actor) AccountAbilities {
	return AccountAbilities{ChangePassword: s.passwordSignIn(a.Person)}
}

// passwordSignIn reports whether p may sign in with a password here:
// everyone while password sign-in is on; while it is off, only the
// break-glass admin (as Authenticate decides).
func (s *Service) passwordSignIn(p Person) bool {
	if !s.cfg.SSO.PasswordLoginOff {
		return true
	}
	return s.passwordAllowed(NormalizeEmail(p.Email)) && p.IsAdmin()
}

// PasswordResetsOn reports whether anyone may ask for a reset link: only
// while password sign-in is on for everyone. With it off, the break-glass
// admin's password is set by another admin or `cairn admin create`.
func (s *Service) PasswordResetsOn() bool { return !s.cfg.SSO.PasswordLoginOff }

var (
	errNoPasswordChange = ForbiddenText("error.auth.no_password_to_change")
	errNoPasswordReset  = ConflictText("error.auth.passwords_off")
)
