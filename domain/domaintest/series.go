package domaintest

import (
	"context"
	"slices"
	"time"

	"cairn/domain"
)

type series struct{ conn }

func seriesRows(st *state) map[int64]domain.Series { return st.series }

// occurrenceTaken is the unique (series_id, occurrence_at) rule.
func occurrenceTaken(st *state, seriesID *int64, at *time.Time, except int64) bool {
	if seriesID == nil || at == nil {
		return false
	}
	for _, m := range st.meetings {
		if m.ID != except && m.SeriesID != nil && *m.SeriesID == *seriesID && m.OccurrenceAt != nil && m.OccurrenceAt.Equal(*at) {
			return true
		}
	}
	return false
}

// storedSeries is the row as storage keeps it: no derived fields.
func storedSeries(sr domain.Series) domain.Series {
	sr.Upcoming, sr.Can, sr.Words = nil, domain.SeriesAbilities{}, ""
	sr.Skipped = slices.Clone(sr.Skipped)
	return sr
}

func (g series) CreateSeries(_ context.Context, sr *domain.Series) error {
	st, unlock := g.lock()
	defer unlock()
	sr.ID = st.id()
	st.series[sr.ID] = storedSeries(*sr)
	return nil
}

// UpdateSeries writes the mutable fields; the sequence moves only with
// BumpSeriesSequence, as in storage.
func (g series) UpdateSeries(_ context.Context, sr *domain.Series) error {
	return change(g.conn, seriesRows, sr.ID, func(_ *state, row *domain.Series) error {
		seq := row.Sequence
		*row = storedSeries(*sr)
		row.Sequence = seq
		return nil
	}, "update series %d", sr.ID)
}

func (g series) BumpSeriesSequence(_ context.Context, id int64, at time.Time) error {
	return change(g.conn, seriesRows, id, func(_ *state, row *domain.Series) error {
		row.Sequence++
		row.UpdatedAt = at
		return nil
	}, "bump series %d", id)
}

func (g series) SeriesByID(_ context.Context, id int64) (domain.Series, error) {
	return lookup(g.conn, seriesRows, id, func(_ *state, sr domain.Series) domain.Series { return storedSeries(sr) }, "series %d", id)
}

func (g series) LockSeries(_ context.Context, id int64) error {
	_, err := lookup(g.conn, seriesRows, id, nil, "series %d", id)
	return err
}

func (g series) ListSeries(_ context.Context, f domain.SeriesFilter) ([]domain.Series, error) {
	st, unlock := g.lock()
	defer unlock()
	out := filter(sortedValues(st.series), func(sr domain.Series) bool {
		return (f.PairingID == 0 || sr.PairingID != nil && *sr.PairingID == f.PairingID) &&
			(f.EngagementID == 0 || sr.EngagementID != nil && *sr.EngagementID == f.EngagementID) &&
			in(f.Statuses, sr.Status) && sr.ID > f.After
	})
	for i := range out {
		out[i] = storedSeries(out[i])
	}
	return limit(out, f.Limit), nil
}

func (g series) SeriesMeetings(_ context.Context, seriesID int64) ([]domain.Meeting, error) {
	st, unlock := g.lock()
	defer unlock()
	out := filter(sortedValues(st.meetings), func(m domain.Meeting) bool { return m.SeriesID != nil && *m.SeriesID == seriesID })
	sortStable(out, func(a, b domain.Meeting) bool { return a.OccurrenceAt.Before(*b.OccurrenceAt) })
	return out, nil
}

func (g series) SetMeetingSeries(_ context.Context, meetingID, seriesID int64, at time.Time) error {
	st, unlock := g.lock()
	defer unlock()
	if occurrenceTaken(st, &seriesID, &at, meetingID) {
		return errConflict("meeting of series %d at %s exists", seriesID, at)
	}
	m, ok := st.meetings[meetingID]
	if !ok {
		return errNotFound("meeting %d", meetingID)
	}
	m.SeriesID, m.OccurrenceAt = &seriesID, &at
	st.meetings[meetingID] = m
	return nil
}
