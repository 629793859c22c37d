package storage

import (
	"context"
	"slices"
	"strings"

	"github.com/jmoiron/sqlx"
)

// conditions collects a list query's WHERE clauses with their arguments,
// so each list method only states its filters.
type conditions struct {
	where []string
	args  []any
}

// add appends a condition written with `?` placeholders; a slice argument
// is expanded by sqlx.In for an `IN (?)`.
func (c *conditions) add(cond string, args ...any) {
	c.where = append(c.where, cond)
	c.args = append(c.args, args...)
}

// statuses adds "column IN (...)" for a non-empty list of string-typed values.
func statuses[T ~string](c *conditions, column string, values []T) {
	if len(values) == 0 {
		return
	}
	st := make([]string, len(values))
	for i, v := range values {
		st[i] = string(v)
	}
	c.add(column+` IN (?)`, st)
}

// selectRows runs base + WHERE + tail (ORDER BY ... LIMIT ?, with limit
// as its last argument) and converts each row.
func selectRows[R interface{ toDomain() D }, D any](ctx context.Context, s *Store, base string, c conditions, tail string, limit int) ([]D, error) {
	q := base
	if len(c.where) > 0 {
		q += ` WHERE ` + strings.Join(c.where, " AND ")
	}
	q, args, err := sqlx.In(q+` `+tail, append(c.args, limit)...)
	if err != nil {
		return nil, err
	}
	var rows []R
	if err := s.sel(ctx, &rows, q, args...); err != nil {
		return nil, err
	}
	out := make([]D, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// selectPage lists one page in id order by keyset: the rows after id after,
// or (before > 0) the last limit rows below id before, read newest first
// and turned back into id order.
func selectPage[R interface{ toDomain() D }, D any](ctx context.Context, s *Store, base string, c conditions, idColumn string, after, before int64, limit int) ([]D, error) {
	if after > 0 {
		c.add(idColumn+` > ?`, after)
	}
	if before <= 0 {
		return selectRows[R](ctx, s, base, c, `ORDER BY `+idColumn+` LIMIT ?`, limit)
	}
	c.add(idColumn+` < ?`, before)
	out, err := selectRows[R](ctx, s, base, c, `ORDER BY `+idColumn+` DESC LIMIT ?`, limit)
	slices.Reverse(out)
	return out, err
}
