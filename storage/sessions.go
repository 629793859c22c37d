package storage

import (
	"context"
	"fmt"
	"time"

	"cairn/domain"
)

type sessionRow struct {
	Hash      []byte    `db:"hash"`
	PersonID  int64     `db:"person_id"`
	CSRFToken string    `db:"csrf_token"`
	CreatedAt time.Time `db:"created_at"`
	ExpiresAt time.Time `db:"expires_at"`
}

// CreateSession stores a new browser session.
func (s *Store) CreateSession(ctx context.Context, sess domain.Session) error {
	_, err := s.exec(ctx, `INSERT INTO sessions (hash, person_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		sess.Hash, sess.PersonID, sess.CSRFToken, utc(sess.CreatedAt), utc(sess.ExpiresAt))
	if err != nil {
		return fmt.Errorf("storage: create session for person %d: %w", sess.PersonID, err)
	}
	return nil
}

// SessionByHash reads a session by the hash of its id.
func (s *Store) SessionByHash(ctx context.Context, hash []byte) (domain.Session, error) {
	var r sessionRow
	err := s.get(ctx, &r, `SELECT hash, person_id, csrf_token, created_at, expires_at FROM sessions WHERE hash = ?`, hash)
	if err != nil {
		return domain.Session{}, fmt.Errorf("storage: session: %w", err)
	}
	return domain.Session{Hash: r.Hash, PersonID: r.PersonID, CSRFToken: r.CSRFToken, CreatedAt: r.CreatedAt.UTC(), ExpiresAt: r.ExpiresAt.UTC()}, nil
}

// DeleteSession ends one session.
func (s *Store) DeleteSession(ctx context.Context, hash []byte) error {
	if _, err := s.exec(ctx, `DELETE FROM sessions WHERE hash = ?`, hash); err != nil {
		return fmt.Errorf("storage: delete session: %w", err)
	}
	return nil
}

// DeleteSessionsOf ends every session of a person.
func (s *Store) DeleteSessionsOf(ctx context.Context, personID int64) error {
	if _, err := s.exec(ctx, `DELETE FROM sessions WHERE person_id = ?`, personID); err != nil {
		return fmt.Errorf("storage: delete sessions of person %d: %w", personID, err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions past their expiry.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.exec(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, utc(now))
	if err != nil {
		return 0, fmt.Errorf("storage: delete expired sessions: %w", err)
	}
	return res.RowsAffected()
}

type apiTokenRow struct {
	ID        int64      `db:"id"`
	PersonID  int64      `db:"person_id"`
	Name      string     `db:"name"`
	Hash      []byte     `db:"hash"`
	CreatedAt time.Time  `db:"created_at"`
	RevokedAt *time.Time `db:"revoked_at"`
}

func (r apiTokenRow) toDomain() domain.APIToken {
	t := domain.APIToken{ID: r.ID, PersonID: r.PersonID, Name: r.Name, Hash: r.Hash, CreatedAt: r.CreatedAt.UTC()}
	if r.RevokedAt != nil {
		v := r.RevokedAt.UTC()
		t.RevokedAt = &v
	}
	return t
}

// CreateAPIToken stores a bearer token's hash and sets its id.
func (s *Store) CreateAPIToken(ctx context.Context, t *domain.APIToken) error {
	id, err := s.insert(ctx, `INSERT INTO api_tokens (person_id, name, hash, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
		t.PersonID, t.Name, t.Hash, utc(t.CreatedAt))
	if err != nil {
		return fmt.Errorf("storage: create token for person %d: %w", t.PersonID, err)
	}
	t.ID = id
	return nil
}

// APITokenByHash reads a token by its hash.
func (s *Store) APITokenByHash(ctx context.Context, hash []byte) (domain.APIToken, error) {
	var r apiTokenRow
	if err := s.get(ctx, &r, `SELECT id, person_id, name, hash, created_at, revoked_at FROM api_tokens WHERE hash = ?`, hash); err != nil {
		return domain.APIToken{}, fmt.Errorf("storage: token: %w", err)
	}
	return r.toDomain(), nil
}

// RevokeAPIToken marks a token revoked.
func (s *Store) RevokeAPIToken(ctx context.Context, id int64, at time.Time) error {
	res, err := s.exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, utc(at), id)
	if err != nil {
		return fmt.Errorf("storage: revoke token %d: %w", id, err)
	}
	if err := mustAffect(res); err != nil {
		return fmt.Errorf("storage: revoke token %d: %w", id, err)
	}
	return nil
}

// RevokeAPITokensOf revokes every live token of a person but keep.
func (s *Store) RevokeAPITokensOf(ctx context.Context, personID, keep int64, at time.Time) error {
	if _, err := s.exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE person_id = ? AND id <> ? AND revoked_at IS NULL`,
		utc(at), personID, keep); err != nil {
		return fmt.Errorf("storage: revoke tokens of person %d: %w", personID, err)
	}
	return nil
}

// APITokensOf lists a person's tokens, newest first.
func (s *Store) APITokensOf(ctx context.Context, personID int64) ([]domain.APIToken, error) {
	var rows []apiTokenRow
	if err := s.sel(ctx, &rows, `SELECT id, person_id, name, hash, created_at, revoked_at FROM api_tokens
		WHERE person_id = ? ORDER BY id DESC`, personID); err != nil {
		return nil, fmt.Errorf("storage: tokens of person %d: %w", personID, err)
	}
	out := make([]domain.APIToken, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// DeleteSessionsExcept ends every session of a person but the one kept.
func (s *Store) DeleteSessionsExcept(ctx context.Context, personID int64, keep []byte) error {
	if _, err := s.exec(ctx, `DELETE FROM sessions WHERE person_id = ? AND hash <> ?`, personID, keep); err != nil {
		return fmt.Errorf("storage: delete other sessions of person %d: %w", personID, err)
	}
	return nil
}
