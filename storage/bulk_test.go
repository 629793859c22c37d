package storage_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"cairn/cmd/cairn/generate"
	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
)

// TestBulkLoadBuildsTheIndexesAgain: during a bulk load the read indexes
// (and, on PostgreSQL, the foreign keys) are gone; after it, committed or
// rolled back, the same ones are there, the indexes find the rows loaded,
// and a row naming a missing parent fails the load.
func TestBulkLoadBuildsTheIndexesAgain(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		schema := func(s *storage.Store) (map[string]string, map[string]string) {
			t.Helper()
			indexes, err := s.PlainIndexes(ctx)
			if err != nil {
				t.Fatal(err)
			}
			keys, err := s.BulkForeignKeys(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return indexes, keys
		}
		indexes, keys := schema(s)
		for _, name := range []string{"people.people_name", "meetings.meetings_leader_time", "meetings.meetings_pairing_status_time", "pairings.pairings_mentor"} {
			if indexes[name] == "" {
				t.Fatalf("index %s not among the plain ones: %v", name, slices.Sorted(maps.Keys(indexes)))
			}
		}
		if indexes["pairings.pairings_one_open"] != "" {
			t.Error("the unique index pairings_one_open would be dropped")
		}
		if s.Dialect() == "postgres" && keys["meetings.meetings_leader_id_fkey"] == "" {
			t.Errorf("foreign key meetings_leader_id_fkey not listed: %v", slices.Sorted(maps.Keys(keys)))
		}
		unchanged := func(when string) {
			t.Helper()
			if i, k := schema(s); !reflect.DeepEqual(i, indexes) || !reflect.DeepEqual(k, keys) {
				t.Errorf("%s: indexes %v, foreign keys %v; before: %v, %v", when, i, k, indexes, keys)
			}
		}
		// A load of many people goes the bulk way (ids reserved, COPY on
		// PostgreSQL); the first one is in Cartography, and each was
		// created at another microsecond, given in another zone.
		var loaded []*domain.Person
		load := func(email string, orphan bool, fail error) error {
			return s.BulkLoad(ctx, func(tx domain.Ports) error {
				if i, k := schema(tx.People.(*storage.Store)); len(i)+len(k) > 0 {
					t.Errorf("kept during the load: %v %v", slices.Sorted(maps.Keys(i)), slices.Sorted(maps.Keys(k)))
				}
				loaded = nil
				for i := range 700 {
					p := newPerson(fmt.Sprintf("%d.%s", i, email))
					if i == 0 {
						p.Department = "Cartography"
					}
					p.CreatedAt = p.CreatedAt.In(time.FixedZone("", 5*3600)).Add(time.Duration(i) * time.Microsecond)
					loaded = append(loaded, &p)
				}
				if err := tx.People.CreatePeople(ctx, loaded); err != nil {
					return err
				}
				if orphan {
					now := time.Now()
					if err := tx.Profiles.CreateProfiles(ctx, []domain.Profile{{PersonID: loaded[699].ID + 1000, UpdatedAt: &now}}); err != nil {
						return err
					}
				}
				return fail
			})
		}
		boom := errors.New("boom")
		if err := load("gone@example.com", false, boom); !errors.Is(err, boom) {
			t.Fatalf("failed load: %v", err)
		}
		unchanged("after a failed load")
		if err := load("orphan@example.com", true, nil); err == nil {
			t.Error("a profile of no one was loaded")
		}
		unchanged("after a load with an orphan")
		if n, err := s.CountPeople(ctx); err != nil || n != 0 {
			t.Errorf("failed loads kept %d people (%v)", n, err)
		}
		if err := load("kept@example.com", false, nil); err != nil {
			t.Fatal(err)
		}
		unchanged("after a load")
		for _, p := range loaded {
			if got, err := s.PersonByID(ctx, p.ID); err != nil || got.Email != p.Email || !got.CreatedAt.Equal(p.CreatedAt) {
				t.Fatalf("person %d: %+v, %v; want %s created at %s", p.ID, got, err, p.Email, p.CreatedAt)
			}
		}
		found, err := s.ListPeople(ctx, domain.PeopleFilter{Query: "cartog", Limit: 10})
		if err != nil || len(found) != 1 || found[0].Email != "0.kept@example.com" {
			t.Errorf("search after the load: %v, %v", found, err)
		}
		// New ids continue after the loaded ones.
		after := newPerson("after@example.com")
		if err := s.CreatePerson(ctx, &after); err != nil || after.ID <= loaded[699].ID {
			t.Errorf("a person created after the load got id %d (%v); the load went up to %d", after.ID, err, loaded[699].ID)
		}
	})
}

// TestUpsertRemindersInBatches writes more rows than one statement
// carries, a key twice (the last row wins), then all of them again, in a
// transaction and outside one.
func TestUpsertRemindersInBatches(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
		if _, err := generate.Generate(ctx, s, generate.Options{People: 60, Seed: 5, Now: now}); err != nil {
			t.Fatal(err)
		}
		var meetings []struct {
			ID      int64 `db:"id"`
			Leader  int64 `db:"leader_id"`
			Learner int64 `db:"learner_id"`
		}
		if err := s.DB().Select(&meetings, `SELECT id, leader_id, learner_id FROM meetings ORDER BY id LIMIT 250`); err != nil {
			t.Fatal(err)
		}
		if len(meetings) < 250 {
			t.Fatalf("%d meetings", len(meetings))
		}
		rows := func(state domain.ReminderState) []domain.Reminder {
			var out []domain.Reminder
			for _, m := range meetings {
				for _, off := range []time.Duration{time.Hour, 24 * time.Hour, 48 * time.Hour} {
					for _, who := range []int64{m.Leader, m.Learner} {
						out = append(out, domain.Reminder{MeetingID: m.ID, Offset: off, RecipientID: who, DueAt: now.Add(off), State: state, UpdatedAt: now})
					}
				}
			}
			return out
		}
		first := rows(domain.ReminderPending)
		again := first[0]
		again.State = domain.ReminderMissed
		// In a transaction (through COPY on PostgreSQL), twice over.
		err := s.InTx(ctx, func(tx domain.Ports) error {
			for range 2 {
				if err := tx.Reminders.UpsertReminders(ctx, append(first, again)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		count := func(state domain.ReminderState) int {
			var n int
			if err := s.DB().Get(&n, s.DB().Rebind(`SELECT count(*) FROM reminders WHERE state = ?`), string(state)); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if p, m := count(domain.ReminderPending), count(domain.ReminderMissed); p != len(first)-1 || m != 1 {
			t.Errorf("%d pending, %d missed; want %d and 1", p, m, len(first)-1)
		}
		// Outside one, a statement at a time.
		if err := s.UpsertReminders(ctx, rows(domain.ReminderCancelled)); err != nil {
			t.Fatal(err)
		}
		if c := count(domain.ReminderCancelled); c != len(first) {
			t.Errorf("%d cancelled, want %d", c, len(first))
		}
	})
}

// TestBulkLoadWritesWhatOneRowAtATimeWrites: an organisation loaded in
// bulk, with more rows per table than one statement carries (so ids
// reserved and COPY on PostgreSQL, prepared multi-row INSERTs on SQLite),
// reads back the same, every column of every row, as the organisation
// written through the one-row methods the use cases call: people in
// their languages, a programme where any level may mentor, pairings,
// engagements, meetings with private notes and occurrences of a series,
// profiles with their tags.
func TestBulkLoadWritesWhatOneRowAtATimeWrites(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, bulk *storage.Store) {
		ctx := context.Background()
		single := storagetest.New(t, bulk.Dialect())
		if err := bulk.BulkLoad(ctx, func(tx domain.Ports) error { return writeOrganisation(ctx, tx, true) }); err != nil {
			t.Fatalf("bulk: %v", err)
		}
		if err := single.InTx(ctx, func(tx domain.Ports) error { return writeOrganisation(ctx, tx, false) }); err != nil {
			t.Fatalf("one row at a time: %v", err)
		}
		for table, order := range map[string]string{"people": "id", "profiles": "person_id", "profile_tags": "person_id, kind, position",
			"programmes": "id", "pairings": "id", "engagements": "id", "series": "id", "meetings": "id",
			"meeting_private_notes": "meeting_id, author_id"} {
			got, want := dumpTable(t, bulk, table, order), dumpTable(t, single, table, order)
			if len(want) == 0 {
				t.Errorf("%s: %d rows written one at a time", table, len(want))
			}
			if len(got) != len(want) {
				t.Errorf("%s: %d rows loaded in bulk, %d written one at a time", table, len(got), len(want))
				continue
			}
			for i := range got {
				if !reflect.DeepEqual(got[i], want[i]) {
					t.Errorf("%s row %d:\nbulk   %v\nsingle %v", table, i, got[i], want[i])
					break
				}
			}
		}
		// The columns the languages and seniority work added hold what was
		// given, not their defaults.
		var languages []string
		if err := bulk.DB().Select(&languages, `SELECT DISTINCT language FROM people ORDER BY language`); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(languages, []string{"", "de", "es", "pt-BR"}) {
			t.Errorf("languages loaded: %q", languages)
		}
		var seniority []string
		if err := bulk.DB().Select(&seniority, `SELECT mentor_seniority FROM programmes ORDER BY id`); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(seniority, []string{"any", "more_senior"}) {
			t.Errorf("programmes' mentor seniority: %q", seniority)
		}
	})
}

// writeOrganisation writes a small organisation whose tables each have
// more rows than one statement carries: through the bulk methods
// (CreatePeople and the like) when bulk is set, otherwise one row at a
// time (CreatePerson, SaveProfile, ...).
func writeOrganisation(ctx context.Context, tx domain.Ports, bulk bool) error {
	const n = 700
	now := time.Date(2026, 3, 10, 9, 30, 0, 123456000, time.UTC)
	languages := []string{"", "de", "pt-BR", "es"}
	people := make([]*domain.Person, n)
	for i := range people {
		p := newPerson(fmt.Sprintf("p%d@example.org", i))
		p.Name, p.JobTitle, p.Department = fmt.Sprintf("Person %d", i), "Engineer", []string{"Maps", "Ops", "Legal"}[i%3]
		p.Seniority, p.Language, p.External, p.Active = 1+i%6, languages[i%len(languages)], i%7 == 0, i%11 != 0
		if i%3 == 0 {
			p.MaxMentees = new(i % 4)
		}
		if i%5 == 0 {
			p.MaxCoachees = new(1 + i%3)
		}
		if i%50 == 0 {
			p.Role = domain.RoleAdmin
		}
		p.PasswordHash = fmt.Sprintf("hash-%d", i)
		p.CreatedAt, p.UpdatedAt = now.Add(time.Duration(i)*time.Microsecond), now.Add(time.Duration(i)*time.Second)
		people[i] = &p
	}
	if bulk {
		if err := tx.People.CreatePeople(ctx, people); err != nil {
			return err
		}
	} else {
		for _, p := range people {
			if err := tx.People.CreatePerson(ctx, p); err != nil {
				return err
			}
		}
	}

	profiles := make([]domain.Profile, n)
	for i, p := range people {
		profiles[i] = domain.Profile{PersonID: p.ID, Bio: fmt.Sprintf("Bio %d", i), Offers: []string{"go", "maps"}[:i%3%2+i%2],
			Wants: []string{"sql", "leading"}[:1+i%2], Languages: []string{"en", "de"}[:1+i%2]}
		if i%2 == 0 {
			profiles[i].WorkStart, profiles[i].WorkEnd = "08:30", "17:00"
		}
		profiles[i].UpdatedAt = new(now.Add(time.Duration(i) * time.Minute))
	}
	if bulk {
		if err := tx.Profiles.CreateProfiles(ctx, profiles); err != nil {
			return err
		}
	} else {
		for _, p := range profiles {
			if err := tx.Profiles.SaveProfile(ctx, p); err != nil {
				return err
			}
		}
	}

	start := domain.NewDate(2026, 1, 5)
	mentoring := &domain.Programme{Name: "Peers", Kind: domain.KindMentoring, StartsOn: start, EndsOn: start.AddDays(365),
		MentorSeniority: domain.MentorAnyLevel, CreatedAt: now, UpdatedAt: now}
	coaching := &domain.Programme{Name: "Coaching", Kind: domain.KindCoaching, StartsOn: start, EndsOn: start.AddDays(365),
		CreatedAt: now, UpdatedAt: now}
	for _, p := range []*domain.Programme{mentoring, coaching} {
		if err := tx.Programmes.CreateProgramme(ctx, p); err != nil {
			return err
		}
	}

	pairings := make([]*domain.Pairing, n)
	engagements := make([]*domain.Engagement, n)
	for i := range n {
		a, b := people[i], people[(i+1)%n]
		pairings[i] = &domain.Pairing{ProgrammeID: mentoring.ID, MentorID: a.ID, MenteeID: b.ID, StartedOn: start.AddDays(i % 30),
			Status: domain.PairingActive, CheckinCadenceDays: 14 + i%3, Focus: fmt.Sprintf("Focus %d", i), CreatedAt: now, UpdatedAt: now}
		if i%9 == 0 {
			pairings[i].Status, pairings[i].EndedOn, pairings[i].EndReason = domain.PairingEnded, start.AddDays(60), "Done"
			pairings[i].LastCheckinAt = &now
		}
		if i%13 == 0 {
			pairings[i].SeniorityOverrideReason = "Peer mentoring"
		}
		engagements[i] = &domain.Engagement{ProgrammeID: coaching.ID, CoachID: b.ID, CoacheeID: a.ID,
			Goal:     domain.Goal{Title: fmt.Sprintf("Goal %d", i), Description: "Lead", Area: domain.AreaWork, SuccessMeasure: "A team"},
			StartsOn: start, EndsOn: start.AddDays(90 + i%10), PlannedSessions: 1 + i%12, ProgressPercent: i % 101,
			Status: domain.EngagementActive, CreatedAt: now, UpdatedAt: now}
	}
	if bulk {
		if err := tx.Pairings.CreatePairings(ctx, pairings); err != nil {
			return err
		}
		if err := tx.Engagements.CreateEngagements(ctx, engagements); err != nil {
			return err
		}
	} else {
		for _, p := range pairings {
			if err := tx.Pairings.CreatePairing(ctx, p); err != nil {
				return err
			}
		}
		for _, e := range engagements {
			if err := tx.Engagements.CreateEngagement(ctx, e); err != nil {
				return err
			}
		}
	}

	first := pairings[1]
	series := &domain.Series{Kind: domain.MeetingCheckin, PairingID: &first.ID, LeaderID: first.MentorID, LearnerID: first.MenteeID,
		OrganiserID: first.MentorID, Timezone: "Europe/Berlin", StartsAt: now, DurationMinutes: 45, Location: "Room 1",
		Rule: "FREQ=DAILY", RRule: "FREQ=DAILY;COUNT=40", Count: 40, Status: domain.SeriesActive, CreatedBy: first.MentorID,
		CreatedAt: now, UpdatedAt: now}
	if err := tx.Series.CreateSeries(ctx, series); err != nil {
		return err
	}
	meetings := make([]*domain.Meeting, n)
	for i := range n {
		at := now.Add(time.Duration(i-n/2) * 24 * time.Hour)
		m := &domain.Meeting{Format: domain.FormatFormal, ScheduledAt: at, DurationMinutes: 30 + i%4*15,
			Location: fmt.Sprintf("Room %d", i%5), Agenda: "Plans", Status: domain.StatusScheduled, Sequence: i % 3,
			CreatedAt: now, UpdatedAt: now.Add(time.Duration(i) * time.Millisecond)}
		if i%2 == 0 {
			p := pairings[i]
			m.Kind, m.PairingID, m.LeaderID, m.LearnerID = domain.MeetingCheckin, &p.ID, p.MentorID, p.MenteeID
		} else {
			e := engagements[i]
			m.Kind, m.EngagementID, m.LeaderID, m.LearnerID = domain.MeetingSession, &e.ID, e.CoachID, e.CoacheeID
		}
		if at.Before(now) {
			m.Status, m.Notes = domain.StatusCompleted, fmt.Sprintf("Notes %d", i)
		}
		if i%20 != 0 {
			m.CreatedBy, m.PrivateNotes = m.LeaderID, fmt.Sprintf("Private %d", i)
		}
		if i >= n/2 && i < n/2+40 {
			m = &domain.Meeting{Kind: domain.MeetingCheckin, PairingID: &first.ID, LeaderID: first.MentorID, LearnerID: first.MenteeID,
				Format: domain.FormatFormal, ScheduledAt: at, DurationMinutes: 45, Location: "Room 1", Status: domain.StatusScheduled,
				SeriesID: &series.ID, OccurrenceAt: &at, CreatedBy: first.MentorID, CreatedAt: now, UpdatedAt: now}
		}
		meetings[i] = m
	}
	if bulk {
		return tx.Meetings.CreateMeetings(ctx, meetings)
	}
	for _, m := range meetings {
		if err := tx.Meetings.CreateMeeting(ctx, m); err != nil {
			return err
		}
		if m.PrivateNotes != "" {
			if err := tx.Meetings.SetPrivateNote(ctx, m.ID, m.CreatedBy, m.PrivateNotes, m.UpdatedAt); err != nil {
				return err
			}
		}
	}
	return nil
}

// dumpTable reads every row of table, in order, as column name to value.
func dumpTable(t *testing.T, s *storage.Store, table, order string) []map[string]any {
	t.Helper()
	rows, err := s.DB().Queryx(`SELECT * FROM ` + table + ` ORDER BY ` + order)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []map[string]any
	for rows.Next() {
		row := map[string]any{}
		if err := rows.MapScan(row); err != nil {
			t.Fatal(err)
		}
		for k, v := range row {
			if b, ok := v.([]byte); ok {
				row[k] = string(b)
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
