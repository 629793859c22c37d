package storage

import (
	"context"
	"slices"
)

// keptByWipe are the tables WipeData leaves alone on purpose: the
// installation's own keys (the sealing secret, calendar UID tag).
var keptByWipe = []string{"app_secrets"}

// UnwipedTables names Cairn's tables that WipeData neither empties nor
// keeps on purpose: a new table must join seedTables (children first).
func (s *Store) UnwipedTables(ctx context.Context) ([]string, error) {
	tables, err := s.copyTables(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, t := range tables {
		if !slices.Contains(seedTables, t) && !slices.Contains(keptByWipe, t) {
			out = append(out, t)
		}
	}
	return out, nil
}
