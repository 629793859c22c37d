package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
)

// A person's language is kept, one at a time and in a batch, and the
// database takes only a well-formed language tag or ” (00024), on both
// stores alike.
func TestPersonLanguageIsKeptAndChecked(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		now := time.Now().UTC()
		person := func(email, language string) *domain.Person {
			return &domain.Person{Name: "Ana", Email: email, Seniority: 3, Timezone: "Europe/Madrid", Language: language,
				Role: domain.RoleMember, Active: true, CreatedAt: now, UpdatedAt: now}
		}
		p := person("ana@example.org", "es")
		if err := s.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		batch := []*domain.Person{person("bo@example.org", "de"), person("cy@example.org", "")}
		if err := s.CreatePeople(ctx, batch); err != nil {
			t.Fatal(err)
		}
		for email, want := range map[string]string{"ana@example.org": "es", "bo@example.org": "de", "cy@example.org": ""} {
			got, err := s.PersonByEmail(ctx, email)
			if err != nil || got.Language != want {
				t.Errorf("%s reads %q (%v), want %q", email, got.Language, err, want)
			}
		}
		p.Language = "pt-BR"
		if err := s.UpdatePerson(ctx, p); err != nil {
			t.Fatalf("a well-formed tag with a region: %v", err)
		}
		for _, bad := range []string{"Deutsch", "de_DE", "e", "de-de"} {
			p.Language = bad
			if err := s.UpdatePerson(ctx, p); !errors.Is(err, domain.ErrInvalid) {
				t.Errorf("language %q: %v, want the database to refuse it", bad, err)
			}
		}
	})
}
