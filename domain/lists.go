package domain

import (
	"fmt"
	"slices"
)

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
	if OrgAbilitiesOf(a).SeeAllRelationships {
		return
	}
	if *personID != 0 && *personID != a.Person.ID {
		*withID = *personID
	}
	*personID = a.Person.ID
}

// checkHealth refuses a health filter that names no health.
func checkHealth(h Health) error {
	if h == "" || slices.Contains(Healths, h) {
		return nil
	}
	return InvalidText("health", "error.field.health_invalid")
}

// ofHealth keeps the rows of health h (all when h is empty).
func ofHealth[T any](rows []T, h Health, of func(T) Health) []T {
	if h == "" {
		return rows
	}
	out := make([]T, 0, len(rows))
	for _, r := range rows {
		if of(r) == h {
			out = append(out, r)
		}
	}
	return out
}

// healthBatch is how many rows a list filtered by health reads at a time.
const healthBatch = 200

// pageWhere reads one keyset page (in id order: after after, or the last
// limit below before) of the rows keep lets through, for a filter the store
// cannot apply: it reads batches of rows until the page is full or the
// rows run out.
func pageWhere[T any](limit int, after, before int64, id func(T) int64,
	fetch func(after, before int64, n int) ([]T, error), keep func([]T) ([]T, error)) ([]T, error) {
	out := []T{}
	for {
		batch, err := fetch(after, before, healthBatch)
		if err != nil || len(batch) == 0 {
			return out, err
		}
		kept, err := keep(batch)
		if err != nil {
			return nil, err
		}
		if before > 0 {
			out = append(kept, out...)
			before = id(batch[0])
			if len(out) >= limit {
				return out[len(out)-limit:], nil
			}
		} else {
			out = append(out, kept...)
			after = id(batch[len(batch)-1])
			if len(out) >= limit {
				return out[:limit], nil
			}
		}
		if len(batch) < healthBatch {
			return out, nil
		}
	}
}
