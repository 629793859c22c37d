package storage

import "context"

// Cached reports whether query, as storage writes it (before rebinding),
// has a prepared statement in the cache.
func (s *Store) Cached(query string) bool {
	s.stmts.mu.RLock()
	defer s.stmts.mu.RUnlock()
	_, ok := s.stmts.m[s.db.Rebind(query)]
	return ok
}

// Get runs a one-value read as the store's own reads do, for the tests.
func (s *Store) Get(dest any, query string, args ...any) error {
	return s.get(context.Background(), dest, query, args...)
}
