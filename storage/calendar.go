package storage

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"

	"cairn/domain"
)

// AppSecret returns the named key, making a random one on first use. Two
// instances racing both read the one that was stored first.
func (s *Store) AppSecret(ctx context.Context, name string) ([]byte, error) {
	var v []byte
	err := s.get(ctx, &v, `SELECT value FROM app_secrets WHERE name = ?`, name)
	if err == nil {
		return v, nil
	}
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, fmt.Errorf("storage: app secret %s: %w", name, err)
	}
	err = s.inTx(ctx, func(tx *Store) error {
		_, err := tx.exec(ctx, `INSERT INTO app_secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING`,
			name, fresh, utc(time.Now()))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("storage: app secret %s: %w", name, err)
	}
	if err := s.get(ctx, &v, `SELECT value FROM app_secrets WHERE name = ?`, name); err != nil {
		return nil, fmt.Errorf("storage: app secret %s: %w", name, err)
	}
	return v, nil
}

// CalendarFeedOf reads a person's feed.
func (s *Store) CalendarFeedOf(ctx context.Context, personID int64) (domain.CalendarFeed, error) {
	var r struct {
		PersonID  int64     `db:"person_id"`
		Nonce     string    `db:"nonce"`
		TokenHash []byte    `db:"token_hash"`
		CreatedAt time.Time `db:"created_at"`
	}
	if err := s.get(ctx, &r, `SELECT person_id, nonce, token_hash, created_at FROM calendar_feeds WHERE person_id = ?`, personID); err != nil {
		return domain.CalendarFeed{}, fmt.Errorf("storage: calendar feed of %d: %w", personID, err)
	}
	return domain.CalendarFeed{PersonID: r.PersonID, Nonce: r.Nonce, TokenHash: r.TokenHash, CreatedAt: r.CreatedAt.UTC()}, nil
}

// SetCalendarFeed creates or replaces a person's feed.
func (s *Store) SetCalendarFeed(ctx context.Context, f domain.CalendarFeed) error {
	_, err := s.exec(ctx, `INSERT INTO calendar_feeds (person_id, nonce, token_hash, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (person_id) DO UPDATE SET nonce = excluded.nonce, token_hash = excluded.token_hash, created_at = excluded.created_at`,
		f.PersonID, f.Nonce, f.TokenHash, utc(f.CreatedAt))
	if err != nil {
		return fmt.Errorf("storage: set calendar feed of %d: %w", f.PersonID, err)
	}
	return nil
}

// PersonByFeedHash finds whose feed a token hash opens.
func (s *Store) PersonByFeedHash(ctx context.Context, hash []byte) (int64, error) {
	var id int64
	if err := s.get(ctx, &id, `SELECT person_id FROM calendar_feeds WHERE token_hash = ?`, hash); err != nil {
		return 0, fmt.Errorf("storage: calendar feed by token: %w", err)
	}
	return id, nil
}
