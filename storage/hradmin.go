package storage

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"

	"cairn/domain"
)

// chunks calls fn on slices of at most batchRows ids, so no query carries
// more bound parameters than both databases accept.
func chunks[T any](all []T, fn func(part []T) error) error {
	for start := 0; start < len(all); start += batchRows {
		if err := fn(all[start:min(start+batchRows, len(all))]); err != nil {
			return err
		}
	}
	return nil
}

// countBy runs a "SELECT key, count(*) ... WHERE key IN (?) GROUP BY key"
// over ids in chunks.
func (s *Store) countBy(ctx context.Context, query string, ids []int64) (map[int64]int, error) {
	out := map[int64]int{}
	err := chunks(ids, func(part []int64) error {
		q, args, err := sqlx.In(query, part)
		if err != nil {
			return err
		}
		var rows []struct {
			ID int64 `db:"id"`
			N  int   `db:"n"`
		}
		if err := s.sel(ctx, &rows, q, args...); err != nil {
			return err
		}
		for _, r := range rows {
			out[r.ID] = r.N
		}
		return nil
	})
	return out, err
}

// CountOpenMentees counts each mentor's open (active or paused) pairings.
func (s *Store) CountOpenMentees(ctx context.Context, mentorIDs []int64) (map[int64]int, error) {
	out, err := s.countBy(ctx, `SELECT mentor_id AS id, count(*) AS n FROM pairings
		WHERE status IN ('active', 'paused') AND mentor_id IN (?) GROUP BY mentor_id`, mentorIDs)
	if err != nil {
		return nil, fmt.Errorf("storage: count open mentees: %w", err)
	}
	return out, nil
}

// CountOpenCoachees counts each coach's active engagements.
func (s *Store) CountOpenCoachees(ctx context.Context, coachIDs []int64) (map[int64]int, error) {
	out, err := s.countBy(ctx, `SELECT coach_id AS id, count(*) AS n FROM engagements
		WHERE status = 'active' AND coach_id IN (?) GROUP BY coach_id`, coachIDs)
	if err != nil {
		return nil, fmt.Errorf("storage: count open coachees: %w", err)
	}
	return out, nil
}

// PeopleByEmails reads the people with these (normalised) emails.
func (s *Store) PeopleByEmails(ctx context.Context, emails []string) (map[string]domain.Person, error) {
	out := make(map[string]domain.Person, len(emails))
	err := chunks(emails, func(part []string) error {
		q, args, err := sqlx.In(`SELECT `+personColumns+` FROM people WHERE email IN (?)`, part)
		if err != nil {
			return err
		}
		var rows []personRow
		if err := s.sel(ctx, &rows, q, args...); err != nil {
			return err
		}
		for _, r := range rows {
			out[r.Email] = r.toDomain()
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("storage: people by email: %w", err)
	}
	return out, nil
}

// OpenPairsAmong lists the open pairings that involve any of the people.
func (s *Store) OpenPairsAmong(ctx context.Context, ids []int64) (map[[2]int64]bool, error) {
	out := map[[2]int64]bool{}
	err := chunks(ids, func(part []int64) error {
		q, args, err := sqlx.In(`SELECT mentor_id, mentee_id FROM pairings WHERE status IN ('active', 'paused')
			AND (mentor_id IN (?) OR mentee_id IN (?))`, part, part)
		if err != nil {
			return err
		}
		var rows []struct {
			Mentor int64 `db:"mentor_id"`
			Mentee int64 `db:"mentee_id"`
		}
		if err := s.sel(ctx, &rows, q, args...); err != nil {
			return err
		}
		for _, r := range rows {
			out[domain.PairKey(r.Mentor, r.Mentee)] = true
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("storage: open pairings among people: %w", err)
	}
	return out, nil
}

// insertBatchReturning runs multi-row INSERTs ... RETURNING id and hands the
// new ids back in row order: within one statement both databases assign
// ascending ids in the order of the VALUES rows, so the sorted ids of a
// chunk match its rows.
func (s *Store) insertBatchReturning(ctx context.Context, table, cols string, n int, row func(i int) []any, setID func(i int, id int64)) error {
	for start := 0; start < n; start += batchRows {
		end := min(start+batchRows, n)
		q, args := batchInsert(table, cols, start, end, row)
		var ids []int64
		if err := s.sel(ctx, &ids, q+" RETURNING id", args...); err != nil {
			return constraintError(err)
		}
		if len(ids) != end-start {
			return fmt.Errorf("inserted %d rows, got %d ids", end-start, len(ids))
		}
		slices.Sort(ids)
		for i, id := range ids {
			setID(start+i, id)
		}
	}
	return nil
}

// CreatePairings inserts many pairings at once and sets their ids. A
// second open pairing of two people is ErrConflict.
func (s *Store) CreatePairings(ctx context.Context, ps []*domain.Pairing) error {
	err := s.insertBatchReturning(ctx, "pairings", pairingInsertColumns, len(ps),
		func(i int) []any { return pairingInsertValues(ps[i]) }, func(i int, id int64) { ps[i].ID = id })
	if err != nil {
		return fmt.Errorf("storage: insert %d pairings: %w", len(ps), err)
	}
	return nil
}

// CreateEngagements inserts many engagements at once and sets their ids.
func (s *Store) CreateEngagements(ctx context.Context, es []*domain.Engagement) error {
	err := s.insertBatchReturning(ctx, "engagements", engagementInsertColumns, len(es),
		func(i int) []any { return engagementInsertValues(es[i]) }, func(i int, id int64) { es[i].ID = id })
	if err != nil {
		return fmt.Errorf("storage: insert %d engagements: %w", len(es), err)
	}
	return nil
}

// ProgrammeStats counts, per programme, the dashboard's figures in four
// grouped queries over all programmes at once.
func (s *Store) ProgrammeStats(ctx context.Context, q domain.StatsQuery) (map[int64]*domain.ProgrammeStats, error) {
	out := map[int64]*domain.ProgrammeStats{}
	get := func(id int64) *domain.ProgrammeStats {
		st := out[id]
		if st == nil {
			st = &domain.ProgrammeStats{ProgrammeID: id, PairingsByStatus: map[string]int{}, EngagementsBy: map[string]int{},
				Outcomes: map[string]int{}}
			out[id] = st
		}
		return st
	}
	var pairings []struct {
		ProgrammeID int64  `db:"programme_id"`
		Status      string `db:"status"`
		N           int    `db:"n"`
	}
	if err := s.sel(ctx, &pairings, `SELECT programme_id, status, count(*) AS n FROM pairings GROUP BY programme_id, status`); err != nil {
		return nil, fmt.Errorf("storage: pairing counts: %w", err)
	}
	for _, r := range pairings {
		st := get(r.ProgrammeID)
		st.PairingsByStatus[r.Status] += r.N
		if r.Status == string(domain.PairingActive) {
			st.ActiveRelationship += r.N
		}
	}
	var engagements []struct {
		ProgrammeID int64  `db:"programme_id"`
		Status      string `db:"status"`
		Outcome     string `db:"outcome"`
		N           int    `db:"n"`
		Planned     int64  `db:"planned"`
		DueSoon     int64  `db:"due_soon"`
	}
	if err := s.sel(ctx, &engagements, `SELECT programme_id, status, outcome, count(*) AS n, sum(planned_sessions) AS planned,
		sum(CASE WHEN status = 'active' AND ends_on >= ? AND ends_on <= ? THEN 1 ELSE 0 END) AS due_soon
		FROM engagements GROUP BY programme_id, status, outcome`, dateArg(q.Today), dateArg(q.DueBy)); err != nil {
		return nil, fmt.Errorf("storage: engagement counts: %w", err)
	}
	for _, r := range engagements {
		st := get(r.ProgrammeID)
		st.EngagementsBy[r.Status] += r.N
		if r.Outcome != "" {
			st.Outcomes[r.Outcome] += r.N
		}
		if r.Status != string(domain.EngagementCancelled) {
			st.SessionsPlanned += int(r.Planned)
		}
		if r.Status == string(domain.EngagementActive) {
			st.ActiveRelationship += r.N
		}
		st.GoalsDueSoon += int(r.DueSoon)
	}
	from := q.WeekFrom
	if q.Since30.Before(from) {
		from = q.Since30
	}
	var meetings []struct {
		ProgrammeID int64 `db:"programme_id"`
		Week        int64 `db:"week"`
		Checkins    int64 `db:"checkins"`
	}
	if err := s.sel(ctx, &meetings, `SELECT COALESCE(pa.programme_id, e.programme_id) AS programme_id,
		sum(CASE WHEN m.status IN ('scheduled', 'completed') AND m.scheduled_at >= ? AND m.scheduled_at < ? THEN 1 ELSE 0 END) AS week,
		sum(CASE WHEN m.kind = 'checkin' AND m.status = 'completed' AND m.scheduled_at >= ? THEN 1 ELSE 0 END) AS checkins
		FROM meetings m LEFT JOIN pairings pa ON pa.id = m.pairing_id LEFT JOIN engagements e ON e.id = m.engagement_id
		WHERE m.scheduled_at >= ? GROUP BY COALESCE(pa.programme_id, e.programme_id)`,
		utc(q.WeekFrom), utc(q.WeekTo), utc(q.Since30), utc(from)); err != nil {
		return nil, fmt.Errorf("storage: meeting counts: %w", err)
	}
	for _, r := range meetings {
		st := get(r.ProgrammeID)
		st.MeetingsThisWeek, st.CheckinsLast30 = int(r.Week), int(r.Checkins)
	}
	var sessions []struct {
		ProgrammeID int64 `db:"programme_id"`
		N           int   `db:"n"`
	}
	if err := s.sel(ctx, &sessions, `SELECT e.programme_id, count(*) AS n FROM meetings m JOIN engagements e ON e.id = m.engagement_id
		WHERE m.kind = 'session' AND m.status = 'completed' GROUP BY e.programme_id`); err != nil {
		return nil, fmt.Errorf("storage: session counts: %w", err)
	}
	for _, r := range sessions {
		get(r.ProgrammeID).SessionsCompleted = r.N
	}
	return out, nil
}

// CompletedCheckinsSince lists completed check-ins from an instant on, of
// one programme or (programmeID 0) of all.
func (s *Store) CompletedCheckinsSince(ctx context.Context, programmeID int64, since time.Time) ([]domain.CheckinStamp, error) {
	q := `SELECT pa.programme_id, m.pairing_id, m.scheduled_at FROM meetings m JOIN pairings pa ON pa.id = m.pairing_id
		WHERE m.kind = 'checkin' AND m.status = 'completed' AND m.scheduled_at >= ?`
	args := []any{utc(since)}
	if programmeID != 0 {
		q += ` AND pa.programme_id = ?`
		args = append(args, programmeID)
	}
	var rows []struct {
		ProgrammeID int64     `db:"programme_id"`
		PairingID   int64     `db:"pairing_id"`
		At          time.Time `db:"scheduled_at"`
	}
	if err := s.sel(ctx, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("storage: completed check-ins: %w", err)
	}
	out := make([]domain.CheckinStamp, len(rows))
	for i, r := range rows {
		out[i] = domain.CheckinStamp{ProgrammeID: r.ProgrammeID, PairingID: r.PairingID, At: r.At.UTC()}
	}
	return out, nil
}

// MentorCandidates lists, in one query, the active, internal people more
// senior than the mentee with no open pairing with them, each with their
// count of open mentees.
func (s *Store) MentorCandidates(ctx context.Context, mentee domain.Person) ([]domain.MentorCandidate, error) {
	var rows []struct {
		personRow
		OpenMentees int `db:"open_mentees"`
	}
	err := s.sel(ctx, &rows, `SELECT p.id, p.name, p.email, p.job_title, p.department, p.seniority, p.timezone, p.external,
		p.role, p.active, p.max_mentees, p.max_coachees, p.password_hash, p.created_at, p.updated_at,
		(SELECT count(*) FROM pairings x WHERE x.mentor_id = p.id AND x.status IN ('active', 'paused')) AS open_mentees
		FROM people p WHERE p.active = ? AND p.external = ? AND p.seniority > ? AND p.id <> ?
		AND NOT EXISTS (SELECT 1 FROM pairings y WHERE y.status IN ('active', 'paused')
			AND ((y.mentor_id = p.id AND y.mentee_id = ?) OR (y.mentor_id = ? AND y.mentee_id = p.id)))
		ORDER BY p.id`, true, false, mentee.Seniority, mentee.ID, mentee.ID, mentee.ID)
	if err != nil {
		return nil, fmt.Errorf("storage: mentor candidates for %d: %w", mentee.ID, err)
	}
	out := make([]domain.MentorCandidate, len(rows))
	for i, r := range rows {
		out[i] = domain.MentorCandidate{Person: r.personRow.toDomain(), OpenMentees: r.OpenMentees}
	}
	return out, nil
}
