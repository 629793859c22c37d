package storage

import (
	"context"
	"strings"
)

// batchRows is how many rows one multi-row INSERT carries: well under both
// databases' limits on bound parameters.
const batchRows = 500

// insertBatch runs "INSERT INTO table (cols) VALUES (...), (...)" for rows in
// chunks; each row's values are produced by row(i).
func (s *Store) insertBatch(ctx context.Context, table, cols string, n int, row func(i int) []any) error {
	for start := 0; start < n; start += batchRows {
		q, args := batchInsert(table, cols, start, min(start+batchRows, n), row)
		if _, err := s.exec(ctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}

// batchInsert builds one multi-row INSERT for rows [start, end).
func batchInsert(table, cols string, start, end int, row func(i int) []any) (string, []any) {
	width := strings.Count(cols, ",") + 1
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", width), ", ") + ")"
	var b strings.Builder
	b.WriteString("INSERT INTO " + table + " (" + cols + ") VALUES ")
	args := make([]any, 0, (end-start)*width)
	for i := start; i < end; i++ {
		if i > start {
			b.WriteString(", ")
		}
		b.WriteString(one)
		args = append(args, row(i)...)
	}
	return b.String(), args
}
