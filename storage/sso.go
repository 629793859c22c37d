package storage

import (
	"context"
	"fmt"

	"cairn/domain"
)

// PersonBySubject reads the person linked to a provider's subject.
func (s *Store) PersonBySubject(ctx context.Context, issuer, subject string) (domain.Person, error) {
	var r personRow
	if err := s.get(ctx, &r, `SELECT `+personColumns+` FROM people WHERE id = (SELECT person_id FROM sso_links WHERE issuer = ? AND subject = ?)`, issuer, subject); err != nil {
		return domain.Person{}, fmt.Errorf("storage: person by subject: %w", err)
	}
	return r.toDomain(), nil
}

// LinkSubject links a provider's subject to a person; ErrConflict when
// either is linked already (the table's two unique keys).
func (s *Store) LinkSubject(ctx context.Context, issuer, subject string, personID int64) error {
	if _, err := s.exec(ctx, `INSERT INTO sso_links (issuer, subject, person_id) VALUES (?, ?, ?)`, issuer, subject, personID); err != nil {
		return fmt.Errorf("storage: link subject to person %d: %w", personID, err)
	}
	return nil
}

// SetSessionIDToken keeps the ID token a session was signed in with.
func (s *Store) SetSessionIDToken(ctx context.Context, sessionHash []byte, idToken string) error {
	if _, err := s.exec(ctx, `INSERT INTO sso_sessions (session_hash, id_token) VALUES (?, ?)`, sessionHash, idToken); err != nil {
		return fmt.Errorf("storage: keep a session's ID token: %w", err)
	}
	return nil
}

// SessionIDToken reads the ID token a session was signed in with.
func (s *Store) SessionIDToken(ctx context.Context, sessionHash []byte) (string, error) {
	var tok string
	if err := s.get(ctx, &tok, `SELECT id_token FROM sso_sessions WHERE session_hash = ?`, sessionHash); err != nil {
		return "", fmt.Errorf("storage: a session's ID token: %w", err)
	}
	return tok, nil
}
