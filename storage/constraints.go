package storage

import (
	"errors"
	"fmt"

	"github.com/lib/pq"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"cairn/domain"
)

// What a person reads when the database itself refuses a write the use
// cases did not catch; the driver's text stays in the wrapped error, for
// the log.
const (
	msgForeignKey = "this refers to something that no longer exists, or something else still refers to it"
	msgCheck      = "a value is not one the database accepts"
)

// constraintError turns a violated constraint into a domain error: a
// duplicate or a broken reference is a conflict (409), a value the schema
// refuses (CHECK, NOT NULL, a malformed date or boolean) is invalid (422).
// Any other error is returned as it is.
func constraintError(err error) error {
	if err == nil {
		return nil
	}
	if isUniqueViolation(err) {
		return fmt.Errorf("%w: %v", domain.ErrConflict, err)
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		switch pqErr.Code {
		case "23503": // foreign_key_violation
			return fmt.Errorf("%w: %v", domain.Conflict(msgForeignKey), err)
		case "23514", "23502", "22007", "22008", "22P02": // check, not null, bad date/time, bad literal
			return fmt.Errorf("%w: %v", &domain.Error{Kind: domain.ErrInvalid, Msg: msgCheck}, err)
		}
		return err
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		switch sqErr.Code() {
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return fmt.Errorf("%w: %v", domain.Conflict(msgForeignKey), err)
		case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL, sqlite3.SQLITE_CONSTRAINT_TRIGGER:
			return fmt.Errorf("%w: %v", &domain.Error{Kind: domain.ErrInvalid, Msg: msgCheck}, err)
		}
	}
	return err
}
