package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"cairn/views/oidctest"
)

// Wrong single sign-on settings stop serve with one line before it starts,
// and discovery at the issuer is part of the check.
func TestBadSSOConfigFailsBeforeStarting(t *testing.T) {
	idp := oidctest.Start(t, "http://127.0.0.1/auth/oidc/callback")
	cases := []struct {
		name string
		vars map[string]string
		want string
	}{
		{"issuer not a URL", map[string]string{"CAIRN_OIDC_ISSUER": "login.example.com", "CAIRN_OIDC_CLIENT_ID": "c"}, "CAIRN_OIDC_ISSUER"},
		{"no client id", map[string]string{"CAIRN_OIDC_ISSUER": idp.Issuer}, "CAIRN_OIDC_CLIENT_ID"},
		{"scopes without openid", map[string]string{"CAIRN_OIDC_ISSUER": idp.Issuer, "CAIRN_OIDC_CLIENT_ID": "c", "CAIRN_OIDC_SCOPES": "email"}, "must include openid"},
		{"auto-create without domains", map[string]string{"CAIRN_OIDC_ISSUER": idp.Issuer, "CAIRN_OIDC_CLIENT_ID": "c", "CAIRN_OIDC_AUTO_CREATE": "true"}, "CAIRN_OIDC_ALLOWED_DOMAINS"},
		{"auto-create not a boolean", map[string]string{"CAIRN_OIDC_AUTO_CREATE": "sometimes"}, "CAIRN_OIDC_AUTO_CREATE"},
		{"passwords off without a provider", map[string]string{"CAIRN_PASSWORD_LOGIN": "false"}, "nobody could sign in"},
		{"provider unreachable", map[string]string{"CAIRN_OIDC_ISSUER": "http://127.0.0.1:1", "CAIRN_OIDC_CLIENT_ID": "c"}, "CAIRN_OIDC_ISSUER: discovery at http://127.0.0.1:1 failed"},
		{"issuer that is another's", map[string]string{"CAIRN_OIDC_ISSUER": idp.Issuer + "/", "CAIRN_OIDC_CLIENT_ID": "c"}, "CAIRN_OIDC_ISSUER: discovery at"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			dir := t.TempDir()
			vars := map[string]string{"CAIRN_DATABASE_URL": "sqlite://" + dir + "/c.db", "CAIRN_ADDR": "127.0.0.1:0"}
			for k, v := range c.vars {
				vars[k] = v
			}
			err := run(context.Background(), []string{"serve"}, env(vars), &out, &errOut)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want one mentioning %q", err, c.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is more than one line: %q", err)
			}
			if out.Len() > 0 {
				t.Errorf("started anyway: %s", out.String())
			}
		})
	}
}
