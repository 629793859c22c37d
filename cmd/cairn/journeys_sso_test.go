package main

import (
	"net"
	"testing"

	"cairn/storage/storagetest"
	bt "cairn/views/browsertest"
	"cairn/views/oidctest"
)

// Organisation sign-in in a real browser: Cairn's button, the provider's
// own sign-in page, back to Cairn's home; then sign-out offers the
// provider's sign-out, which comes back to Cairn's sign-in page.
func TestSSOJourney(t *testing.T) {
	for _, d := range storagetest.Dialects {
		t.Run(d, func(t *testing.T) {
			bt.Require(t)
			// The redirect URI is registered at the provider before Cairn
			// starts, so Cairn gets a known port.
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			addr := ln.Addr().String()
			ln.Close()
			base := "http://" + addr
			idp := oidctest.Start(t, base+"/auth/oidc/callback")
			idp.AddUser(oidctest.User{Subject: "sub-ines", Username: "ines", Password: "provider password",
				Email: "ines.moreau@example.com", EmailVerified: true, Name: "Ines Moreau",
				Claims: map[string]any{"department": "Finance"}})
			srv := startServer(t, storagetest.URL(t, d), map[string]string{
				"CAIRN_ADDR": addr, "CAIRN_BASE_URL": base,
				"CAIRN_OIDC_ISSUER": idp.Issuer, "CAIRN_OIDC_CLIENT_ID": idp.ClientID, "CAIRN_OIDC_CLIENT_SECRET": idp.ClientSecret,
				"CAIRN_OIDC_BUTTON": "Sign in with Example Corp", "CAIRN_OIDC_AUTO_CREATE": "true",
				"CAIRN_OIDC_ALLOWED_DOMAINS": "example.com", "CAIRN_OIDC_DEPARTMENT_CLAIM": "department",
			})
			b := bt.New(t, srv.URL)
			b.Run(bt.Journey{Name: "sign in with the organisation", Steps: []bt.Step{
				bt.Do("the sign-in page offers the organisation's button",
					bt.Open("/people"), bt.At("/login"), bt.See("main", "Sign in with Example Corp")),
				bt.Do("the button leads to the provider's own sign-in page",
					bt.Press(`main a[href^="/auth/oidc/login"]`), bt.See("h1", "Test provider sign-in")),
				bt.Do("signing in there lands on Cairn's page that was asked for",
					bt.Fill("#username", "ines"), bt.Fill("#password", "provider password"),
					bt.Press("#provider-submit"), bt.At("/people"), bt.See("header", "Ines Moreau")),
				bt.Do("the home page greets the new member",
					bt.Open("/"), bt.At("/"), bt.See("h1", "Welcome, Ines Moreau")),
				bt.Do("sign-out offers the provider's sign-out too",
					bt.Press("form.signout button"), bt.At("/logout"),
					bt.See("h1", "You are signed out of Cairn"),
					bt.Press(`main a[href*="/end_session"]`), bt.At("/login"), bt.See("h1", "Sign in")),
			}})
		})
	}
}
