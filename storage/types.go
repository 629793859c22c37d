package storage

import (
	"database/sql/driver"
	"fmt"
	"time"

	"cairn/domain"
)

// sqlDate carries a calendar date: a DATE on PostgreSQL (lib/pq hands back a
// time.Time), TEXT YYYY-MM-DD on SQLite. NULL is the zero date.
type sqlDate struct{ domain.Date }

func dateArg(d domain.Date) sqlDate { return sqlDate{d} }

// Scan reads either representation.
func (d *sqlDate) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		d.Date = domain.Date{}
		return nil
	case time.Time:
		d.Date = domain.NewDate(v.Year(), v.Month(), v.Day())
		return nil
	case string:
		return d.parse(v)
	case []byte:
		return d.parse(string(v))
	}
	return fmt.Errorf("storage: cannot read a date from %T", src)
}

func (d *sqlDate) parse(s string) error {
	if len(s) > 10 {
		s = s[:10] // a DATETIME-looking text: keep the date part
	}
	v, err := domain.ParseDate(s)
	if err != nil {
		return fmt.Errorf("storage: %w", err)
	}
	d.Date = v
	return nil
}

// Value writes YYYY-MM-DD, which both databases take for their date columns.
func (d sqlDate) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}
