package domain

import "fmt"

// shown finishes a list use case: a store error is wrapped as what, and
// each row becomes what the caller is shown of it (view: its abilities
// filled in, hidden fields emptied).
func shown[T any](what string, rows []T, err error, view func(T) T) ([]T, error) {
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	for i := range rows {
		rows[i] = view(rows[i])
	}
	return rows, nil
}
