package storage

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// batchRows is how many rows one multi-row INSERT carries: well under both
// databases' limits on bound parameters.
const batchRows = 500

// insertBatch runs "INSERT INTO table (cols) VALUES (...), (...)" for rows in
// chunks; each row's values are produced by row(i).
func (s *Store) insertBatch(ctx context.Context, table, cols string, n int, row func(i int) []any) error {
	return s.eachBatch(ctx, table, cols, "", n, row, func(c chunk) error { return c.exec(ctx) })
}

// bulkInsert inserts n rows into table, each row's values produced by
// row(i), the fastest way the store has; with setID it hands back each
// row's new id. Inside a transaction and for more rows than one statement
// carries, the ids are reserved first (dialect.reserveIDs) and written
// with the rows, and on PostgreSQL the rows stream in through COPY: ten
// times the speed of multi-row INSERTs, which its server parses and plans
// chunk by chunk. Otherwise, and on SQLite, it runs multi-row INSERTs.
func (s *Store) bulkInsert(ctx context.Context, table, cols string, n int, row func(i int) []any, setID func(i int, id int64)) error {
	tx, inTx := s.q.(*sqlx.Tx)
	if !inTx || n <= batchRows {
		if setID != nil {
			return s.insertBatchReturning(ctx, table, cols, n, row, setID)
		}
		return s.insertBatch(ctx, table, cols, n, row)
	}
	var ids []int64
	if setID != nil {
		var err error
		if ids, err = s.dialect.reserveIDs(ctx, s, table, n); err != nil {
			return fmt.Errorf("ids for %d rows: %w", n, err)
		}
		cols = "id, " + cols
		values := row
		row = func(i int) []any { return append([]any{ids[i]}, values(i)...) }
	}
	var err error
	if s.dialect.copyFrom {
		err = s.copyIn(ctx, tx, table, cols, n, row)
	} else {
		err = s.insertBatch(ctx, table, cols, n, row)
	}
	if err != nil {
		return err
	}
	for i, id := range ids {
		setID(i, id)
	}
	return nil
}

// bulkUpsert inserts n rows into table with an ON CONFLICT clause
// (conflict), each row's values produced by row(i). Inside a transaction on
// PostgreSQL and for more rows than one statement carries, the rows stream
// through COPY into a temporary table of the same columns and go from
// there in one INSERT ... SELECT; otherwise it runs multi-row INSERTs.
func (s *Store) bulkUpsert(ctx context.Context, table, cols, conflict string, n int, row func(i int) []any) error {
	tx, inTx := s.q.(*sqlx.Tx)
	if !s.dialect.copyFrom || !inTx || n <= batchRows {
		return s.eachBatch(ctx, table, cols, " "+conflict, n, row, func(c chunk) error { return c.exec(ctx) })
	}
	stage := table + "_load"
	if _, err := s.exec(ctx, `CREATE TEMP TABLE `+stage+` ON COMMIT DROP AS SELECT `+cols+` FROM `+table+` WITH NO DATA`); err != nil {
		return err
	}
	if err := s.copyIn(ctx, tx, stage, cols, n, row); err != nil {
		return err
	}
	if _, err := s.exec(ctx, `INSERT INTO `+table+` (`+cols+`) SELECT `+cols+` FROM `+stage+` `+conflict); err != nil {
		return err
	}
	_, err := s.exec(ctx, `DROP TABLE `+stage)
	return err
}

// copyIn streams rows into table with COPY ... FROM STDIN (PostgreSQL, in
// a transaction).
func (s *Store) copyIn(ctx context.Context, tx *sqlx.Tx, table, cols string, n int, row func(i int) []any) error {
	s.queries.Add(1)
	st, err := tx.PrepareContext(ctx, `COPY `+table+` (`+cols+`) FROM STDIN`)
	if err != nil {
		return constraintError(err)
	}
	defer st.Close()
	for i := range n {
		vals := row(i)
		for j, v := range vals {
			// PostgreSQL reads RFC 3339 as the same instant as lib/pq's
			// own text for a time, which took a third of the client's
			// time in a COPY to make.
			switch t := v.(type) {
			case time.Time:
				vals[j] = t.Format(time.RFC3339Nano)
			case *time.Time:
				if t != nil {
					vals[j] = t.Format(time.RFC3339Nano)
				}
			}
		}
		if _, err := st.ExecContext(ctx, vals...); err != nil {
			return constraintError(err)
		}
	}
	// The stream ends, and the server's verdict on it arrives, with an
	// Exec of no values.
	if _, err := st.ExecContext(ctx); err != nil {
		return constraintError(err)
	}
	return nil
}

// chunk is one multi-row statement of eachBatch with its values, for rows
// [start, end).
type chunk struct {
	s          *Store
	st         *sqlx.Stmt // prepared, or nil: run query directly
	query      string
	args       []any
	start, end int
}

func (c chunk) exec(ctx context.Context) error {
	c.s.queries.Add(1)
	var err error
	if c.st != nil {
		_, err = c.st.ExecContext(ctx, c.args...)
	} else {
		_, err = c.s.q.ExecContext(ctx, c.query, c.args...)
	}
	return err
}

func (c chunk) sel(ctx context.Context, dest any) error {
	c.s.queries.Add(1)
	if c.st != nil {
		return c.st.SelectContext(ctx, dest, c.args...)
	}
	return sqlx.SelectContext(ctx, c.s.q, dest, c.query, c.args...)
}

// eachBatch runs "INSERT INTO table (cols) VALUES (...), (...) suffix" for
// rows in chunks of batchRows through run. When there is more than one
// chunk, the full chunks' statement is prepared once and reused, so a bulk
// load of a million rows parses and plans it once rather than two thousand
// times (on SQLite, parsing was a third of the load); a lone chunk runs
// directly, in one round trip.
func (s *Store) eachBatch(ctx context.Context, table, cols, suffix string, n int, row func(i int) []any, run func(c chunk) error) error {
	width := strings.Count(cols, ",") + 1
	var full *sqlx.Stmt
	if n > batchRows {
		p, ok := s.q.(sqlx.PreparerContext)
		if !ok {
			return fmt.Errorf("insert into %s: the connection cannot prepare statements", table)
		}
		var err error
		if full, err = sqlx.PreparexContext(ctx, p, s.db.Rebind(batchQuery(table, cols, width, batchRows)+suffix)); err != nil {
			return constraintError(err)
		}
		defer full.Close()
	}
	args := make([]any, 0, min(n, batchRows)*width)
	for start := 0; start < n; start += batchRows {
		end := min(start+batchRows, n)
		args = args[:0]
		for i := start; i < end; i++ {
			args = append(args, row(i)...)
		}
		c := chunk{s: s, args: args, start: start, end: end}
		if end-start == batchRows && full != nil {
			c.st = full
		} else {
			c.query = s.db.Rebind(batchQuery(table, cols, width, end-start) + suffix)
		}
		if err := run(c); err != nil {
			return constraintError(err)
		}
	}
	return nil
}

// batchQuery is a multi-row INSERT of rows rows of width values each.
func batchQuery(table, cols string, width, rows int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", width), ", ") + ")"
	var b strings.Builder
	b.Grow(len(table) + len(cols) + rows*(len(one)+2) + 32)
	b.WriteString("INSERT INTO " + table + " (" + cols + ") VALUES ")
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(one)
	}
	return b.String()
}

// batchInsert builds one multi-row INSERT for rows [start, end).
func batchInsert(table, cols string, start, end int, row func(i int) []any) (string, []any) {
	width := strings.Count(cols, ",") + 1
	args := make([]any, 0, (end-start)*width)
	for i := start; i < end; i++ {
		args = append(args, row(i)...)
	}
	return batchQuery(table, cols, width, end-start), args
}
