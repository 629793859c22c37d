package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// HotQuery is one hot query with arguments, for TestHotQueryPlans.
type HotQuery struct {
	Name string
	SQL  string
	Args []any
	// Aliases names the tables the query reaches under another name.
	Aliases map[string]string
	Plan    string // set by FullScans
}

// HotQueries are the queries every page view or sweep runs.
func (s *Store) HotQueries(person int64, now time.Time) []HotQuery {
	m := map[string]string{"m": "meetings", "r2": "reminders"}
	facts := map[string]string{"m": "meetings", "r2": "reminders", "se": "series", "sm": "meetings", "c": "meetings"}
	return []HotQuery{
		{Name: "agenda", SQL: agendaSQL, Args: []any{person, person, person, utc(now), utc(now.Add(30 * 24 * time.Hour)), 1000}, Aliases: m},
		{Name: "pairing health", SQL: pairingHealthSQL, Aliases: m},
		{Name: "engagement health", SQL: engagementHealthSQL, Aliases: m},
		{Name: "pairing facts", SQL: pairingFactsSQL + ` WHERE r.status = ? ORDER BY r.id`,
			Args: append(factsArgs(now), "active"), Aliases: facts},
		{Name: "engagement facts", SQL: engagementFactsSQL + ` WHERE r.status = ? ORDER BY r.id`,
			Args: append(factsArgs(now), "active"), Aliases: facts},
		{Name: "engagement with sessions", SQL: engagementSelect + ` WHERE e.coach_id = ?`, Args: []any{person}, Aliases: m},
		{Name: "miss overdue reminders", SQL: missOverdueRemindersSQL, Args: []any{utc(now), utc(now), utc(now), utc(now)}, Aliases: m},
		{Name: "claim reminders", SQL: claimRemindersSQL + s.dialect.skipLocked(), Args: []any{utc(now), 100}, Aliases: m},
		{Name: "claim outbox", SQL: s.dialect.claimOutboxSQL(), Args: []any{utc(now), "t", utc(now), utc(now), 10}, Aliases: m},
	}
}

// FullScans explains q and names the tables among these that its plan
// reads in full: a Seq Scan on PostgreSQL, a SCAN without an index on
// SQLite. It sets q.Plan to the plan's text.
func (s *Store) FullScans(ctx context.Context, q *HotQuery, tables ...string) ([]string, error) {
	watched := map[string]bool{}
	for _, t := range tables {
		watched[t] = true
	}
	table := func(name string) string {
		if t, ok := q.Aliases[name]; ok {
			return t
		}
		return name
	}
	var found []string
	if s.dialect.name == "postgres" {
		var raw string
		if err := s.db.GetContext(ctx, &raw, `EXPLAIN (FORMAT JSON) `+s.db.Rebind(q.SQL), q.Args...); err != nil {
			return nil, fmt.Errorf("explain %s: %w", q.Name, err)
		}
		q.Plan = raw
		var plans []struct{ Plan planNode }
		if err := json.Unmarshal([]byte(raw), &plans); err != nil {
			return nil, err
		}
		var walk func(n planNode)
		walk = func(n planNode) {
			if n.NodeType == "Seq Scan" && watched[n.Relation] {
				found = append(found, n.Relation)
			}
			for _, c := range n.Plans {
				walk(c)
			}
		}
		for _, p := range plans {
			walk(p.Plan)
		}
		return found, nil
	}
	rows, err := s.db.QueryxContext(ctx, `EXPLAIN QUERY PLAN `+q.SQL, q.Args...)
	if err != nil {
		return nil, fmt.Errorf("explain %s: %w", q.Name, err)
	}
	defer rows.Close()
	var plan strings.Builder
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return nil, err
		}
		plan.WriteString(detail + "\n")
		f := strings.Fields(detail)
		if len(f) >= 2 && f[0] == "SCAN" && watched[table(f[1])] && !strings.Contains(detail, "USING") {
			found = append(found, table(f[1]))
		}
	}
	q.Plan = plan.String()
	return found, rows.Err()
}

type planNode struct {
	NodeType string     `json:"Node Type"`
	Relation string     `json:"Relation Name"`
	Plans    []planNode `json:"Plans"`
}

// SeedReminders gives the upcoming scheduled meetings their reminder rows,
// one per participant 24 hours before, pending: the first due of them (by
// meeting) due already (each the only one of its meeting and recipient, so
// none is to be missed), the rest not yet.
func (s *Store) SeedReminders(ctx context.Context, now time.Time, due int) error {
	var ms []struct {
		ID      int64     `db:"id"`
		Leader  int64     `db:"leader_id"`
		Learner int64     `db:"learner_id"`
		At      time.Time `db:"scheduled_at"`
	}
	if err := s.sel(ctx, &ms, `SELECT id, leader_id, learner_id, scheduled_at FROM meetings
		WHERE status = 'scheduled' AND scheduled_at > ? ORDER BY id`, utc(now)); err != nil {
		return err
	}
	type row struct {
		meeting, recipient int64
		at                 time.Time
	}
	var rs []row
	for _, m := range ms {
		rs = append(rs, row{m.ID, m.Leader, m.At}, row{m.ID, m.Learner, m.At})
	}
	if due > len(rs) {
		return fmt.Errorf("only %d upcoming meeting participants for %d due reminders", len(rs), due)
	}
	// A history of sent mail, as an outbox has after a while.
	const sent = 5000
	err := s.inTx(ctx, func(tx *Store) error {
		return tx.insertBatch(ctx, "outbox", "kind, to_address, subject, body_text, message_id, state, next_attempt_at, created_at, sent_at",
			sent, func(i int) []any {
				at := utc(now.Add(-time.Duration(sent-i) * time.Minute))
				return []any{"reminder", "someone@example.com", "Reminder", "Text", fmt.Sprintf("bench-%d@cairn", i), "sent", at, at, at}
			})
	})
	if err != nil {
		return err
	}
	err = s.inTx(ctx, func(tx *Store) error {
		return tx.insertBatch(ctx, "reminders", "meeting_id, offset_seconds, recipient_id, due_at, state, created_at, updated_at",
			len(rs), func(i int) []any {
				r := rs[i]
				const offset = 86400
				dueAt := r.at.Add(-24 * time.Hour)
				if i < due {
					dueAt = now.Add(-time.Minute)
				} else if !dueAt.After(now) {
					dueAt = now.Add(time.Hour)
				}
				return []any{r.meeting, offset, r.recipient, utc(dueAt), "pending", utc(now), utc(now)}
			})
	})
	if err != nil || !s.dialect.analyzeAfterBulk {
		return err
	}
	_, err = s.exec(ctx, `ANALYZE`)
	return err
}
