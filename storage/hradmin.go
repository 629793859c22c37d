package storage

import (
	"context"
	"fmt"
	"slices"
	"strings"
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

// rowsByID runs query, whose one "IN (?)" takes the ids, over ids in
// chunks, and keys what it reads by id.
func rowsByID[R interface{ toDomain() D }, D any](ctx context.Context, s *Store, query string, ids []int64, id func(D) int64) (map[int64]D, error) {
	out := make(map[int64]D, len(ids))
	err := chunks(ids, func(part []int64) error {
		q, args, err := sqlx.In(query, part)
		if err != nil {
			return err
		}
		var rows []R
		if err := s.sel(ctx, &rows, q, args...); err != nil {
			return err
		}
		for _, r := range rows {
			d := r.toDomain()
			out[id(d)] = d
		}
		return nil
	})
	return out, err
}

// strs turns a list of string-typed values into plain strings, for IN (?).
func strs[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

// countBy runs a "SELECT key, count(*) ... WHERE status IN (?) AND key IN
// (?) GROUP BY key" over ids in chunks. No status, nothing to count.
func (s *Store) countBy(ctx context.Context, query string, statuses []string, ids []int64) (map[int64]int, error) {
	out := map[int64]int{}
	if len(statuses) == 0 {
		return out, nil
	}
	err := chunks(ids, func(part []int64) error {
		q, args, err := sqlx.In(query, statuses, part)
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

// CountMentorPairings counts each mentor's pairings in any of the statuses.
func (s *Store) CountMentorPairings(ctx context.Context, mentorIDs []int64, st []domain.PairingStatus) (map[int64]int, error) {
	out, err := s.countBy(ctx, `SELECT mentor_id AS id, count(*) AS n FROM pairings
		WHERE status IN (?) AND mentor_id IN (?) GROUP BY mentor_id`, strs(st), mentorIDs)
	if err != nil {
		return nil, fmt.Errorf("storage: count pairings of mentors: %w", err)
	}
	return out, nil
}

// CountCoachEngagements counts each coach's engagements in any of the statuses.
func (s *Store) CountCoachEngagements(ctx context.Context, coachIDs []int64, st []domain.EngagementStatus) (map[int64]int, error) {
	out, err := s.countBy(ctx, `SELECT coach_id AS id, count(*) AS n FROM engagements
		WHERE status IN (?) AND coach_id IN (?) GROUP BY coach_id`, strs(st), coachIDs)
	if err != nil {
		return nil, fmt.Errorf("storage: count engagements of coaches: %w", err)
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

// PairsAmong lists the pairings in any of the statuses that involve any of
// the people.
func (s *Store) PairsAmong(ctx context.Context, ids []int64, st []domain.PairingStatus) (map[[2]int64]bool, error) {
	out := map[[2]int64]bool{}
	if len(st) == 0 {
		return out, nil
	}
	err := chunks(ids, func(part []int64) error {
		q, args, err := sqlx.In(`SELECT mentor_id, mentee_id FROM pairings WHERE status IN (?)
			AND (mentor_id IN (?) OR mentee_id IN (?))`, strs(st), part, part)
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
		return nil, fmt.Errorf("storage: pairings among people: %w", err)
	}
	return out, nil
}

// insertBatchReturning runs multi-row INSERTs ... RETURNING id and hands the
// new ids back in row order: within one statement both databases assign
// ascending ids in the order of the VALUES rows, so the sorted ids of a
// chunk match its rows.
func (s *Store) insertBatchReturning(ctx context.Context, table, cols string, n int, row func(i int) []any, setID func(i int, id int64)) error {
	var ids []int64
	return s.eachBatch(ctx, table, cols, " RETURNING id", n, row, func(c chunk) error {
		ids = ids[:0]
		if err := c.sel(ctx, &ids); err != nil {
			return err
		}
		if len(ids) != c.end-c.start {
			return fmt.Errorf("inserted %d rows, got %d ids", c.end-c.start, len(ids))
		}
		slices.Sort(ids)
		for i, id := range ids {
			setID(c.start+i, id)
		}
		return nil
	})
}

// CreatePairings inserts many pairings at once and sets their ids. A
// second open pairing of two people is ErrConflict.
func (s *Store) CreatePairings(ctx context.Context, ps []*domain.Pairing) error {
	err := s.bulkInsert(ctx, "pairings", pairingInsertColumns, len(ps),
		func(i int) []any { return pairingInsertValues(ps[i]) }, func(i int, id int64) { ps[i].ID = id })
	if err != nil {
		return fmt.Errorf("storage: insert %d pairings: %w", len(ps), err)
	}
	return nil
}

// CreateEngagements inserts many engagements at once and sets their ids.
func (s *Store) CreateEngagements(ctx context.Context, es []*domain.Engagement) error {
	err := s.bulkInsert(ctx, "engagements", engagementInsertColumns, len(es),
		func(i int) []any { return engagementInsertValues(es[i]) }, func(i int, id int64) { es[i].ID = id })
	if err != nil {
		return fmt.Errorf("storage: insert %d engagements: %w", len(es), err)
	}
	return nil
}

// ProgrammeCounts counts, per programme, pairings and engagements by
// status and meetings by kind and status, in four grouped queries over all
// programmes at once.
func (s *Store) ProgrammeCounts(ctx context.Context, q domain.CountsQuery) (domain.ProgrammeCounts, error) {
	var out domain.ProgrammeCounts
	var pairings []struct {
		ProgrammeID int64  `db:"programme_id"`
		Status      string `db:"status"`
		N           int    `db:"n"`
	}
	if err := s.sel(ctx, &pairings, `SELECT programme_id, status, count(*) AS n FROM pairings GROUP BY programme_id, status`); err != nil {
		return out, fmt.Errorf("storage: pairing counts: %w", err)
	}
	for _, r := range pairings {
		out.Pairings = append(out.Pairings, domain.PairingCount{ProgrammeID: r.ProgrammeID, Status: domain.PairingStatus(r.Status), N: r.N})
	}
	var engagements []struct {
		ProgrammeID int64  `db:"programme_id"`
		Status      string `db:"status"`
		Outcome     string `db:"outcome"`
		N           int    `db:"n"`
		Planned     int64  `db:"planned"`
		Ending      int64  `db:"ending"`
	}
	if err := s.sel(ctx, &engagements, `SELECT programme_id, status, outcome, count(*) AS n, sum(planned_sessions) AS planned,
		sum(CASE WHEN ends_on >= ? AND ends_on <= ? THEN 1 ELSE 0 END) AS ending
		FROM engagements GROUP BY programme_id, status, outcome`, dateArg(q.EndingFrom), dateArg(q.EndingTo)); err != nil {
		return out, fmt.Errorf("storage: engagement counts: %w", err)
	}
	for _, r := range engagements {
		out.Engagements = append(out.Engagements, domain.EngagementCount{ProgrammeID: r.ProgrammeID,
			Status: domain.EngagementStatus(r.Status), Outcome: domain.Outcome(r.Outcome), N: r.N,
			PlannedSessions: int(r.Planned), EndingInWindow: int(r.Ending)})
	}
	from := q.WindowFrom
	if q.Since.Before(from) {
		from = q.Since
	}
	var meetings []struct {
		ProgrammeID int64  `db:"programme_id"`
		Kind        string `db:"kind"`
		Status      string `db:"status"`
		InWindow    int64  `db:"in_window"`
		Since       int64  `db:"since"`
	}
	if err := s.sel(ctx, &meetings, `SELECT COALESCE(pa.programme_id, e.programme_id) AS programme_id, m.kind, m.status,
		sum(CASE WHEN m.scheduled_at >= ? AND m.scheduled_at < ? THEN 1 ELSE 0 END) AS in_window,
		sum(CASE WHEN m.scheduled_at >= ? THEN 1 ELSE 0 END) AS since
		FROM meetings m LEFT JOIN pairings pa ON pa.id = m.pairing_id LEFT JOIN engagements e ON e.id = m.engagement_id
		WHERE m.scheduled_at >= ? GROUP BY COALESCE(pa.programme_id, e.programme_id), m.kind, m.status`,
		utc(q.WindowFrom), utc(q.WindowTo), utc(q.Since), utc(from)); err != nil {
		return out, fmt.Errorf("storage: meeting counts: %w", err)
	}
	for _, r := range meetings {
		out.Meetings = append(out.Meetings, domain.MeetingCount{ProgrammeID: r.ProgrammeID, Kind: domain.MeetingKind(r.Kind),
			Status: domain.MeetingStatus(r.Status), InWindow: int(r.InWindow), SinceStart: int(r.Since)})
	}
	var sessions []struct {
		ProgrammeID int64  `db:"programme_id"`
		Kind        string `db:"kind"`
		Status      string `db:"status"`
		N           int    `db:"n"`
	}
	if err := s.sel(ctx, &sessions, `SELECT e.programme_id, m.kind, m.status, count(*) AS n FROM meetings m JOIN engagements e ON e.id = m.engagement_id
		GROUP BY e.programme_id, m.kind, m.status`); err != nil {
		return out, fmt.Errorf("storage: session counts: %w", err)
	}
	for _, r := range sessions {
		out.Sessions = append(out.Sessions, domain.MeetingCount{ProgrammeID: r.ProgrammeID, Kind: domain.MeetingKind(r.Kind),
			Status: domain.MeetingStatus(r.Status), Ever: r.N})
	}
	return out, nil
}

// CheckinsSince lists the check-ins in any of the statuses from an instant
// on, of one programme or (programmeID 0) of all.
func (s *Store) CheckinsSince(ctx context.Context, programmeID int64, since time.Time, st []domain.MeetingStatus) ([]domain.CheckinStamp, error) {
	if len(st) == 0 {
		return nil, nil
	}
	// Read from the (pairing, status, time) index, which holds every column
	// asked for: through the status index SQLite looks up each row in the
	// table, eight times slower at 100,000 meetings.
	q := `SELECT pa.programme_id, m.pairing_id, m.scheduled_at FROM meetings m` + s.indexedBy("meetings_pairing_status_time") + `
		JOIN pairings pa ON pa.id = m.pairing_id
		WHERE m.pairing_id > 0 AND m.status IN (?) AND m.scheduled_at >= ?`
	args := []any{strs(st), utc(since)}
	if programmeID != 0 {
		q += ` AND pa.programme_id = ?`
		args = append(args, programmeID)
	}
	q, args, err := sqlx.In(q, args...)
	if err != nil {
		return nil, fmt.Errorf("storage: check-ins since: %w", err)
	}
	var rows []struct {
		ProgrammeID int64     `db:"programme_id"`
		PairingID   int64     `db:"pairing_id"`
		At          time.Time `db:"scheduled_at"`
	}
	if err := s.sel(ctx, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("storage: check-ins since: %w", err)
	}
	out := make([]domain.CheckinStamp, len(rows))
	for i, r := range rows {
		out[i] = domain.CheckinStamp{ProgrammeID: r.ProgrammeID, PairingID: r.PairingID, At: r.At.UTC()}
	}
	return out, nil
}

// CheckinCounts counts the check-ins in the status per programme and
// period, in one query that groups them: the periods' bounds become a CASE
// over the meeting's time, read from the (pairing, status, time) index.
func (s *Store) CheckinCounts(ctx context.Context, status domain.MeetingStatus, bounds []time.Time) ([]domain.PeriodCount, error) {
	if len(bounds) < 2 {
		return nil, nil
	}
	var period strings.Builder
	args := []any{}
	period.WriteString("CASE")
	for i := 1; i < len(bounds)-1; i++ {
		fmt.Fprintf(&period, " WHEN m.scheduled_at < ? THEN %d", i-1)
		args = append(args, utc(bounds[i]))
	}
	fmt.Fprintf(&period, " ELSE %d END", len(bounds)-2)
	args = append(args, string(status), utc(bounds[0]), utc(bounds[len(bounds)-1]))
	var rows []struct {
		ProgrammeID int64 `db:"programme_id"`
		Period      int   `db:"period"`
		N           int   `db:"n"`
	}
	err := s.sel(ctx, &rows, `SELECT pa.programme_id, `+period.String()+` AS period, count(*) AS n
		FROM meetings m`+s.indexedBy("meetings_pairing_status_time")+` JOIN pairings pa ON pa.id = m.pairing_id
		WHERE m.pairing_id > 0 AND m.status = ? AND m.scheduled_at >= ? AND m.scheduled_at < ?
		GROUP BY pa.programme_id, period`, args...)
	if err != nil {
		return nil, fmt.Errorf("storage: check-ins per period: %w", err)
	}
	out := make([]domain.PeriodCount, len(rows))
	for i, r := range rows {
		out[i] = domain.PeriodCount{ProgrammeID: r.ProgrammeID, Period: r.Period, N: r.N}
	}
	return out, nil
}

// MentorCandidates lists, in one query, the active, internal people more
// senior than the mentee with no pairing in the open statuses with them,
// each with their count of pairings in those statuses.
func (s *Store) MentorCandidates(ctx context.Context, mentee domain.Person, open []domain.PairingStatus) ([]domain.MentorCandidate, error) {
	var rows []struct {
		personRow
		OpenMentees int `db:"open_mentees"`
	}
	if len(open) == 0 {
		return nil, fmt.Errorf("storage: mentor candidates for %d: no open statuses given", mentee.ID)
	}
	q, args, err := sqlx.In(`SELECT p.id, p.name, p.email, p.job_title, p.department, p.seniority, p.timezone, p.language, p.external,
		p.role, p.active, p.max_mentees, p.max_coachees, p.password_hash, p.created_at, p.updated_at,
		(SELECT count(*) FROM pairings x WHERE x.mentor_id = p.id AND x.status IN (?)) AS open_mentees
		FROM people p WHERE p.active = ? AND p.external = ? AND p.seniority > ? AND p.id <> ?
		AND NOT EXISTS (SELECT 1 FROM pairings y WHERE y.status IN (?)
			AND ((y.mentor_id = p.id AND y.mentee_id = ?) OR (y.mentor_id = ? AND y.mentee_id = p.id)))
		ORDER BY p.id`, strs(open), true, false, mentee.Seniority, mentee.ID, strs(open), mentee.ID, mentee.ID)
	if err == nil {
		err = s.sel(ctx, &rows, q, args...)
	}
	if err != nil {
		return nil, fmt.Errorf("storage: mentor candidates for %d: %w", mentee.ID, err)
	}
	out := make([]domain.MentorCandidate, len(rows))
	for i, r := range rows {
		out[i] = domain.MentorCandidate{Person: r.personRow.toDomain(), OpenMentees: r.OpenMentees}
	}
	return out, nil
}

// MeetingStamps lists the meetings in the statuses with their
// relationship: one query per kind, each read from that kind's
// (relationship, status, time) index, which holds every column asked for.
// SQLite, left to choose, reads the status index and looks up each of the
// many rows in the table (ten times slower at 100,000 meetings); it is told
// which index to use. PostgreSQL plans it well on its own.
func (s *Store) MeetingStamps(ctx context.Context, st []domain.MeetingStatus) ([]domain.MeetingStamp, error) {
	if len(st) == 0 {
		return nil, nil
	}
	var out []domain.MeetingStamp
	for _, kind := range []struct{ subject, column, index string }{
		{domain.SubjectPairing, "pairing_id", "meetings_pairing_status_time"},
		{domain.SubjectEngagement, "engagement_id", "meetings_engagement_status_time"},
	} {
		q, args, err := sqlx.In(`SELECT `+kind.column+` AS id, scheduled_at FROM meetings`+s.indexedBy(kind.index)+`
			WHERE `+kind.column+` > 0 AND status IN (?)`, strs(st))
		if err != nil {
			return nil, fmt.Errorf("storage: meeting stamps: %w", err)
		}
		var rows []struct {
			ID int64     `db:"id"`
			At time.Time `db:"scheduled_at"`
		}
		if err := s.sel(ctx, &rows, q, args...); err != nil {
			return nil, fmt.Errorf("storage: meeting stamps of %ss: %w", kind.subject, err)
		}
		for _, r := range rows {
			out = append(out, domain.MeetingStamp{SubjectType: kind.subject, RelationshipID: r.ID, At: r.At.UTC()})
		}
	}
	return out, nil
}
