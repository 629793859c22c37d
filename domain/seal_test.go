package domain_test

import (
	"context"
	"testing"
	"time"

	"cairn/domain"
	"cairn/domain/domaintest"
)

func TestSealRoundTripsOnlyWhatItSigned(t *testing.T) {
	ctx := context.Background()
	svc := domain.NewService(domaintest.NewMemory(), domain.NewFixedClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)), domain.Config{Translator: catalogue})
	sealed, err := svc.Seal(ctx, "flash", "Saved.\r\nSet-Cookie: x=y")
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := svc.Unseal(ctx, "flash", sealed); !ok || got != "Saved.\r\nSet-Cookie: x=y" {
		t.Errorf("round trip: %q %v", got, ok)
	}
	for name, bad := range map[string]string{
		"another purpose": "", "changed value": "U2F2ZWQu" + sealed[len("U2F2ZWQu"):] + "x",
		"no signature": "U2F2ZWQu", "plain text": "Saved.", "empty": "",
	} {
		purpose := "flash"
		if name == "another purpose" {
			purpose, bad = "other", sealed
		}
		if got, ok := svc.Unseal(ctx, purpose, bad); ok {
			t.Errorf("%s: unsealed %q", name, got)
		}
	}
}
