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

// ownOnly narrows a relationship list to the actor's own for anyone but an
// admin: the actor must take part, and a person asked for (other than the
// actor) must take part too.
func ownOnly(a Actor, personID, withID *int64) {
	if a.IsAdmin() {
		return
	}
	if *personID != 0 && *personID != a.Person.ID {
		*withID = *personID
	}
	*personID = a.Person.ID
}
