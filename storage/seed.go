package storage

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"cairn/domain"
)

// SeedOptions shape a generated organisation.
type SeedOptions struct {
	People       int
	Seed         uint64
	Now          time.Time
	PasswordHash string    // given to every generated person ("" : none can sign in)
	Progress     io.Writer // a line per phase; nil for none
}

// SeedCounts says what Seed wrote.
type SeedCounts struct {
	People, Programmes, Pairings, Engagements, Meetings, PrivateNotes int
}

// seedTables are emptied, children first, by WipeData.
var seedTables = []string{"flag_digests", "flags", "notifications", "reminders", "outbox", "action_links",
	"password_links", "calendar_feeds", "pending_imports", "meeting_private_notes", "engagement_progress", "meetings", "engagements", "pairings",
	"programmes", "sessions", "api_tokens", "audit_log", "people"}

// CountPeople counts everyone in the directory.
func (s *Store) CountPeople(ctx context.Context) (int, error) {
	var n int
	if err := s.get(ctx, &n, `SELECT count(*) FROM people`); err != nil {
		return 0, fmt.Errorf("storage: count people: %w", err)
	}
	return n, nil
}

// WipeData deletes every row of every table Cairn keeps (the schema, its
// version and the app's keys stay), for `seed --force`.
func (s *Store) WipeData(ctx context.Context) error {
	return s.inTx(ctx, func(tx *Store) error {
		for _, t := range seedTables {
			if _, err := tx.exec(ctx, `DELETE FROM `+t); err != nil {
				return fmt.Errorf("storage: wipe %s: %w", t, err)
			}
		}
		return nil
	})
}

var (
	seedFirst = []string{"Ada", "Grace", "Alan", "Katherine", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances",
		"Edsger", "Radia", "Tim", "Hedy", "John", "Sophie", "Donald", "Joan", "Niklaus", "Anita", "Yukihiro", "Shafi",
		"Leslie", "Lynn", "Bjarne", "Karen", "Guido", "Jean", "Rob", "Mary", "Amara", "Tariq", "Priya", "Chen", "Olu",
		"Ines", "Mateo", "Freya", "Kofi", "Aiko"}
	seedLast = []string{"Lovelace", "Hopper", "Turing", "Johnson", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson",
		"Allen", "Dijkstra", "Perlman", "Berners-Lee", "Lamarr", "McCarthy", "Wilson", "Knuth", "Clarke", "Wirth", "Borg",
		"Matsumoto", "Goldwasser", "Lamport", "Conway", "Stroustrup", "Jones", "Rossum", "Sammet", "Pike", "Keller",
		"Okafor", "Haddad", "Raman", "Wei", "Adeyemi", "Moreno", "Garcia", "Lund", "Mensah", "Sato"}
	seedDepartments = []string{"Engineering", "Product", "Design", "Finance", "People", "Sales", "Marketing", "Support",
		"Operations", "Legal", "Research", "Data"}
	seedTitles = []string{"Associate", "Analyst", "Specialist", "Engineer", "Senior specialist", "Lead", "Manager",
		"Senior manager", "Director", "Vice president"}
	seedZones = []string{"Europe/London", "Europe/Berlin", "Europe/Berlin", "Europe/Paris", "America/New_York",
		"America/Los_Angeles", "Asia/Tokyo", "Asia/Singapore", "Australia/Sydney", "UTC"}
	seedGoals = []string{"Delegate more and coach the team", "Speak up in leadership meetings", "Lead a cross-team project",
		"Give clear, kind feedback", "Balance work and recovery", "Prepare for a first management role",
		"Present to the board with confidence", "Negotiate a complex contract", "Build a network outside the team"}
	seedNotes = []string{"Talked through the next steps of the project.", "Reviewed the feedback from the last review.",
		"Agreed on one thing to try before we meet again.", "Discussed how to prepare for the promotion panel.",
		"Went over the presentation; good progress on structure."}
)

type seedMeeting struct {
	id, pairing, engagement, leader, learner int64
	kind, format, status                     string
	at                                       time.Time
	minutes                                  int
	notes                                    string
}

// Seed writes a consistent organisation of opts.People people with two
// years of history, with multi-row INSERTs: departments and a seniority
// spread, mentoring and coaching programmes, about People/2 pairings and
// People/5 engagements, meetings (~20 per person) with notes, and a few
// mentors at capacity. The same seed gives the same organisation.
func (s *Store) Seed(ctx context.Context, o SeedOptions) (SeedCounts, error) {
	r := rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15))
	now := o.Now.UTC().Truncate(time.Second)
	today := domain.DateOf(now, time.UTC)
	var c SeedCounts
	say := func(format string, a ...any) {
		if o.Progress != nil {
			fmt.Fprintf(o.Progress, format+"\n", a...)
		}
	}
	base, err := s.maxID(ctx, "people")
	if err != nil {
		return c, err
	}

	// People: seniority leans junior, as organisations do.
	type person struct {
		id         int64
		seniority  int
		department int
		maxMentees *int
		mentees    int
	}
	n := o.People
	people := make([]person, n)
	for i := range people {
		sen := 1 + int(10*r.Float64()*r.Float64()*1.3)
		people[i] = person{id: base + int64(i) + 1, seniority: min(sen, 10), department: r.IntN(len(seedDepartments))}
		if r.IntN(10) == 0 {
			m := 2 + r.IntN(3)
			people[i].maxMentees = &m
		}
	}
	err = s.inTx(ctx, func(tx *Store) error {
		return tx.insertBatch(ctx, "people", `id, name, email, job_title, department, seniority, timezone, external, role,
			active, max_mentees, max_coachees, password_hash, created_at, updated_at`, n, func(i int) []any {
			p := people[i]
			first, last := seedFirst[r.IntN(len(seedFirst))], seedLast[r.IntN(len(seedLast))]
			role := "member"
			if i < 3 {
				role = "admin"
			}
			return []any{p.id, first + " " + last, fmt.Sprintf("%s.%s.%d@example.com", strings.ToLower(first), strings.ToLower(strings.ReplaceAll(last, " ", "")), p.id),
				seedTitles[p.seniority-1], seedDepartments[p.department], p.seniority, seedZones[r.IntN(len(seedZones))],
				i%97 == 5, role, i%211 != 7, p.maxMentees, nil, o.PasswordHash, utc(now.AddDate(-2, 0, -r.IntN(60))), utc(now)}
		})
	})
	if err != nil {
		return c, fmt.Errorf("storage: seed people: %w", err)
	}
	c.People = n
	say("seed: %d people", n)

	// Programmes.
	progBase, err := s.maxID(ctx, "programmes")
	if err != nil {
		return c, err
	}
	nm, nc := max(1, n/2000), max(1, n/2500)
	type programme struct {
		id   int64
		kind string
	}
	var progs []programme
	for i := 0; i < nm+nc; i++ {
		kind := "mentoring"
		if i >= nm {
			kind = "coaching"
		}
		progs = append(progs, programme{id: progBase + int64(i) + 1, kind: kind})
	}
	err = s.inTx(ctx, func(tx *Store) error {
		return tx.insertBatch(ctx, "programmes", `id, name, kind, description, starts_on, ends_on, checkin_cadence_days,
			archived_at, created_at, updated_at`, len(progs), func(i int) []any {
			p := progs[i]
			var cadence *int
			name := fmt.Sprintf("Coaching cohort %d", i-nm+1)
			if p.kind == "mentoring" {
				d := []int{14, 21, 30}[i%3]
				cadence = &d
				name = fmt.Sprintf("Mentoring circle %d", i+1)
			}
			return []any{p.id, name, p.kind, "Generated by cairn seed.", dateArg(today.AddDays(-730)), nil, cadence, nil, utc(now.AddDate(-2, 0, 0)), utc(now)}
		})
	})
	if err != nil {
		return c, fmt.Errorf("storage: seed programmes: %w", err)
	}
	c.Programmes = len(progs)

	// Meetings are placed on half-hour slots, never two at once for a person.
	busy := map[[2]int64]bool{}
	free := func(a, b int64, at time.Time, minutes int) bool {
		for t := at; t.Before(at.Add(time.Duration(minutes) * time.Minute)); t = t.Add(30 * time.Minute) {
			if busy[[2]int64{a, t.Unix()}] || busy[[2]int64{b, t.Unix()}] {
				return false
			}
		}
		for t := at; t.Before(at.Add(time.Duration(minutes) * time.Minute)); t = t.Add(30 * time.Minute) {
			busy[[2]int64{a, t.Unix()}], busy[[2]int64{b, t.Unix()}] = true, true
		}
		return true
	}
	slot := func(day domain.Date) time.Time {
		return day.Start(time.UTC).Add(time.Duration(8*2+r.IntN(18)) * 30 * time.Minute)
	}
	meetBase, err := s.maxID(ctx, "meetings")
	if err != nil {
		return c, err
	}
	var meetings []seedMeeting
	addMeeting := func(m seedMeeting) {
		for tries := 0; tries < 5; tries++ {
			if free(m.leader, m.learner, m.at, m.minutes) {
				m.id = meetBase + int64(len(meetings)) + 1
				meetings = append(meetings, m)
				return
			}
			m.at = m.at.Add(time.Duration(1+r.IntN(4)) * time.Hour)
		}
	}

	// Pairings: a mentee and a more senior mentor, mostly in another department.
	pairBase, err := s.maxID(ctx, "pairings")
	if err != nil {
		return c, err
	}
	type pairing struct {
		id, prog, mentor, mentee int64
		status, endReason        string
		started, ended           domain.Date
		cadence                  int
		lastCheckin              *time.Time
	}
	var pairings []pairing
	open := map[[2]int64]bool{}
	mentorPool := make([]int, 0, n)
	for i, p := range people {
		if p.seniority >= 5 {
			mentorPool = append(mentorPool, i)
		}
	}
	for len(pairings) < n/2 && len(mentorPool) > 0 {
		mi := r.IntN(n)
		if people[mi].seniority >= 9 {
			continue
		}
		ti := mentorPool[r.IntN(len(mentorPool))]
		if people[ti].seniority <= people[mi].seniority || ti == mi {
			continue
		}
		key := [2]int64{people[ti].id, people[mi].id}
		if open[key] || (people[ti].maxMentees != nil && people[ti].mentees >= *people[ti].maxMentees) {
			continue
		}
		open[key] = true
		people[ti].mentees++
		prog := progs[r.IntN(nm)]
		started := today.AddDays(-r.IntN(700))
		p := pairing{id: pairBase + int64(len(pairings)) + 1, prog: prog.id, mentor: people[ti].id, mentee: people[mi].id,
			status: "active", started: started, cadence: []int{14, 21, 30}[r.IntN(3)]}
		switch roll := r.IntN(20); {
		case roll < 3 && started.DaysUntil(today) > 60:
			p.status, p.ended, p.endReason = "ended", started.AddDays(30+r.IntN(started.DaysUntil(today)-30)), "The mentee moved on to a new role."
		case roll < 5:
			p.status = "paused"
		}
		pairings = append(pairings, p)
		last := today.AddDays(30)
		if p.status == "ended" {
			last = p.ended
		}
		quiet := len(pairings)%40 == 0 // some pairings go quiet
		for day := started.AddDays(r.IntN(7)); day.Before(last); day = day.AddDays(p.cadence - 3 + r.IntN(7)) {
			at := slot(day)
			past := at.Before(now)
			if quiet && past && day.DaysUntil(today) < 3*p.cadence {
				continue
			}
			m := seedMeeting{pairing: p.id, leader: p.mentor, learner: p.mentee, kind: "checkin", format: "formal", at: at, minutes: []int{30, 45, 60}[r.IntN(3)]}
			switch {
			case !past && p.status == "active":
				m.status = "scheduled"
			case !past:
				continue
			case r.IntN(4) == 0:
				m.format, m.status = "informal", "completed"
			case r.IntN(8) == 0:
				m.status = "cancelled"
			default:
				m.status = "completed"
			}
			if m.status == "completed" && r.IntN(2) == 0 {
				m.notes = seedNotes[r.IntN(len(seedNotes))]
			}
			addMeeting(m)
			if m.status == "completed" && (p.lastCheckin == nil || m.at.After(*p.lastCheckin)) {
				t := m.at
				pairings[len(pairings)-1].lastCheckin = &t
			}
		}
	}
	// A few mentors end up exactly at capacity.
	for i := range people {
		if people[i].mentees >= 2 && i%25 == 0 {
			m := people[i].mentees
			people[i].maxMentees = &m
		}
	}
	say("seed: %d pairings", len(pairings))

	// Engagements: coaches from a pool of senior people and externals.
	engBase, err := s.maxID(ctx, "engagements")
	if err != nil {
		return c, err
	}
	type engagement struct {
		id, prog, coach, coachee int64
		goal, area, status       string
		starts, ends             domain.Date
		planned, progress        int
		outcome, summary, reason string
		closedAt                 *time.Time
	}
	var engagements []engagement
	var coaches []int64
	for i, p := range people {
		if p.seniority >= 7 || i%97 == 5 {
			coaches = append(coaches, p.id)
		}
		if len(coaches) >= max(10, n/40) {
			break
		}
	}
	for len(engagements) < n/5 {
		coach := coaches[r.IntN(len(coaches))]
		coachee := people[r.IntN(n)].id
		if coach == coachee {
			continue
		}
		starts := today.AddDays(-r.IntN(700))
		e := engagement{id: engBase + int64(len(engagements)) + 1, prog: progs[nm+r.IntN(nc)].id, coach: coach, coachee: coachee,
			goal: seedGoals[r.IntN(len(seedGoals))], area: []string{"work", "work", "personal"}[r.IntN(3)],
			starts: starts, ends: starts.AddDays(90 + r.IntN(180)), planned: 6 + r.IntN(7), status: "active"}
		done := 0
		step := max(1, e.starts.DaysUntil(e.ends)/e.planned)
		for k := 0; k < e.planned; k++ {
			day := e.starts.AddDays(k*step + r.IntN(max(1, step/2)))
			at := slot(day)
			m := seedMeeting{engagement: e.id, leader: coach, learner: coachee, kind: "session", format: "formal", at: at, minutes: 60}
			switch {
			case at.After(now):
				m.status = "scheduled"
			case r.IntN(10) == 0:
				m.status = "no_show"
			default:
				m.status, done = "completed", done+1
				if r.IntN(2) == 0 {
					m.notes = seedNotes[r.IntN(len(seedNotes))]
				}
			}
			addMeeting(m)
		}
		e.progress = min(100, done*100/e.planned+r.IntN(10))
		if e.ends.Before(today) {
			closed := e.ends.Start(time.UTC).Add(17 * time.Hour)
			e.closedAt = &closed
			switch roll := r.IntN(10); {
			case roll < 5:
				e.status, e.outcome, e.summary = "completed", "achieved", "The goal was reached."
			case roll < 8:
				e.status, e.outcome, e.summary = "completed", "partially_achieved", "Good progress; more to do."
			case roll < 9:
				e.status, e.outcome, e.summary = "completed", "not_achieved", "Priorities changed."
			default:
				e.status, e.reason = "cancelled", "The coachee left the company."
			}
		}
		engagements = append(engagements, e)
	}
	say("seed: %d engagements", len(engagements))

	err = s.inTx(ctx, func(tx *Store) error {
		for i := range people {
			if people[i].maxMentees != nil {
				if _, err := tx.exec(ctx, `UPDATE people SET max_mentees = ? WHERE id = ?`, *people[i].maxMentees, people[i].id); err != nil {
					return err
				}
			}
		}
		if err := tx.insertBatch(ctx, "pairings", `id, programme_id, mentor_id, mentee_id, started_on, status,
			checkin_cadence_days, focus, seniority_override_reason, ended_on, end_reason, last_checkin_at, created_at, updated_at`,
			len(pairings), func(i int) []any {
				p := pairings[i]
				return []any{p.id, p.prog, p.mentor, p.mentee, dateArg(p.started), p.status, p.cadence, "Growing in the role", "",
					dateArg(p.ended), p.endReason, utcPtr(p.lastCheckin), utc(p.started.Start(time.UTC)), utc(now)}
			}); err != nil {
			return err
		}
		return tx.insertBatch(ctx, "engagements", `id, programme_id, coach_id, coachee_id, goal_title, goal_description,
			goal_area, success_measure, starts_on, ends_on, planned_sessions, progress_percent, status, outcome, outcome_summary,
			cancel_reason, closed_at, created_at, updated_at`, len(engagements), func(i int) []any {
			e := engagements[i]
			return []any{e.id, e.prog, e.coach, e.coachee, e.goal, "", e.area, "Seen by the team in reviews", dateArg(e.starts),
				dateArg(e.ends), e.planned, e.progress, e.status, e.outcome, e.summary, e.reason, utcPtr(e.closedAt),
				utc(e.starts.Start(time.UTC)), utc(now)}
		})
	})
	if err != nil {
		return c, fmt.Errorf("storage: seed relationships: %w", err)
	}
	c.Pairings, c.Engagements = len(pairings), len(engagements)

	// Meetings, in transactions of 20,000 rows so progress shows.
	for start := 0; start < len(meetings); start += 20000 {
		end := min(start+20000, len(meetings))
		err = s.inTx(ctx, func(tx *Store) error {
			return tx.insertBatch(ctx, "meetings", `id, kind, pairing_id, engagement_id, leader_id, learner_id, format,
				scheduled_at, ends_at, duration_minutes, location, agenda, status, notes, sequence, created_by, created_at, updated_at`,
				end-start, func(i int) []any {
					m := meetings[start+i]
					var pa, en *int64
					if m.pairing != 0 {
						pa = &m.pairing
					} else {
						en = &m.engagement
					}
					return []any{m.id, m.kind, pa, en, m.leader, m.learner, m.format, utc(m.at),
						utc(m.at.Add(time.Duration(m.minutes) * time.Minute)), m.minutes, "Room " + fmt.Sprint(1+m.id%12), "", m.status,
						m.notes, 0, m.leader, utc(m.at.Add(-72 * time.Hour)), utc(now)}
				})
		})
		if err != nil {
			return c, fmt.Errorf("storage: seed meetings: %w", err)
		}
		say("seed: %d/%d meetings", end, len(meetings))
	}
	c.Meetings = len(meetings)

	// Private notes on a share of completed meetings, by their leader.
	var private []seedMeeting
	for _, m := range meetings {
		if m.status == "completed" && m.id%5 == 0 {
			private = append(private, m)
		}
	}
	err = s.inTx(ctx, func(tx *Store) error {
		return tx.insertBatch(ctx, "meeting_private_notes", "meeting_id, author_id, body, updated_at", len(private), func(i int) []any {
			return []any{private[i].id, private[i].leader, "My own reminder: follow up on this next time.", utc(now)}
		})
	})
	if err != nil {
		return c, fmt.Errorf("storage: seed private notes: %w", err)
	}
	c.PrivateNotes = len(private)
	if err := s.dialect.resetSequences(ctx, s, "people", "programmes", "pairings", "engagements", "meetings"); err != nil {
		return c, err
	}
	// Fresh statistics, so the planner sees the bulk-loaded tables as they
	// are rather than as the empty ones it last looked at.
	if s.dialect.analyzeAfterBulk {
		if _, err := s.exec(ctx, `ANALYZE`); err != nil {
			return c, fmt.Errorf("storage: analyze after seed: %w", err)
		}
	}
	return c, nil
}

func (s *Store) maxID(ctx context.Context, table string) (int64, error) {
	var id int64
	if err := s.get(ctx, &id, `SELECT COALESCE(MAX(id), 0) FROM `+table); err != nil {
		return 0, fmt.Errorf("storage: max id of %s: %w", table, err)
	}
	return id, nil
}
