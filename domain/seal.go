package domain

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
)

const sealKeyName = "seal"

// Seal signs a short value for a round trip through the browser (a flash
// message in a cookie), so what comes back is what Cairn sent: nobody can
// plant text in another person's page. The purpose keeps a seal made for one
// use from passing as another. The result holds only URL-safe characters.
func (s *Service) Seal(ctx context.Context, purpose, value string) (string, error) {
	mac, err := s.sealMAC(ctx, purpose, value)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString([]byte(value)) + "." + base64.RawURLEncoding.EncodeToString(mac), nil
}

// Unseal returns the value of a seal made by Seal for the purpose; false
// when it was not, or was changed.
func (s *Service) Unseal(ctx context.Context, purpose, sealed string) (string, bool) {
	v64, m64, ok := strings.Cut(sealed, ".")
	if !ok {
		return "", false
	}
	value, err1 := base64.RawURLEncoding.DecodeString(v64)
	got, err2 := base64.RawURLEncoding.DecodeString(m64)
	if err1 != nil || err2 != nil {
		return "", false
	}
	want, err := s.sealMAC(ctx, purpose, string(value))
	if err != nil || !hmac.Equal(got, want) {
		return "", false
	}
	return string(value), true
}

func (s *Service) sealMAC(ctx context.Context, purpose, value string) ([]byte, error) {
	key := s.sealKey.Load()
	if key == nil {
		k, err := s.store.Access.AppSecret(ctx, sealKeyName)
		if err != nil {
			return nil, fmt.Errorf("seal key: %w", err)
		}
		s.sealKey.Store(&k)
		key = &k
	}
	mac := hmac.New(sha256.New, *key)
	mac.Write([]byte(purpose))
	mac.Write([]byte{0})
	mac.Write([]byte(value))
	return mac.Sum(nil), nil
}
