package storage

import (
	"context"
	"fmt"
	"slices"

	"github.com/jmoiron/sqlx"

	"cairn/domain"
)

// bulkTables are the tables a generated organisation fills: BulkLoad
// builds their plain indexes after the rows.
var bulkTables = []string{"people", "profiles", "profile_tags", "programmes", "pairings", "engagements", "meetings", "meeting_private_notes", "reminders"}

// BulkLoad runs fn in one transaction, like InTx, for loading many rows
// into an idle database (cairn seed). The indexes of the bulk tables that
// only speed up reads are dropped first and built again once fn is done,
// in the same transaction: building an index over a million rows at once
// takes a fraction of keeping it in step row by row (PostgreSQL's trigram
// index on people most of all). On PostgreSQL their foreign keys are
// dropped too and added back, which checks every row in one pass. Primary
// keys and unique indexes stay, so conflicts show as the rows arrive; a
// row naming a missing parent fails the load when its key is added back.
// An error rolls back the rows and the schema's changes alike. While it
// runs, PostgreSQL keeps the tables locked against readers.
func (s *Store) BulkLoad(ctx context.Context, fn func(tx domain.Ports) error) error {
	return s.inTx(ctx, func(tx *Store) error {
		indexes, err := tx.bulkSchema(ctx, tx.dialect.plainIndexesSQL())
		if err != nil {
			return fmt.Errorf("storage: bulk load: list indexes: %w", err)
		}
		keys, err := tx.bulkSchema(ctx, tx.dialect.foreignKeysSQL())
		if err != nil {
			return fmt.Errorf("storage: bulk load: list foreign keys: %w", err)
		}
		for _, k := range keys {
			if _, err := tx.exec(ctx, `ALTER TABLE `+quoteIdent(k.Table)+` DROP CONSTRAINT `+quoteIdent(k.Name)); err != nil {
				return fmt.Errorf("storage: bulk load: drop foreign key %s: %w", k.Name, err)
			}
		}
		for _, ix := range indexes {
			if _, err := tx.exec(ctx, `DROP INDEX `+quoteIdent(ix.Name)); err != nil {
				return fmt.Errorf("storage: bulk load: drop index %s: %w", ix.Name, err)
			}
		}
		if err := fn(tx.Ports()); err != nil {
			return err
		}
		if q := tx.dialect.bulkBuildSQL(); q != "" {
			if _, err := tx.exec(ctx, q); err != nil {
				return fmt.Errorf("storage: bulk load: %w", err)
			}
		}
		for _, ix := range indexes {
			if _, err := tx.exec(ctx, ix.Def); err != nil {
				return fmt.Errorf("storage: bulk load: build index %s: %w", ix.Name, err)
			}
		}
		for _, k := range keys {
			if _, err := tx.exec(ctx, `ALTER TABLE `+quoteIdent(k.Table)+` ADD CONSTRAINT `+quoteIdent(k.Name)+` `+k.Def); err != nil {
				return fmt.Errorf("storage: bulk load: check foreign key %s: %w", k.Name, err)
			}
		}
		return nil
	})
}

// schemaObject is an index or a constraint BulkLoad drops and makes again.
type schemaObject struct {
	Table string `db:"tbl"`
	Name  string `db:"name"`
	Def   string `db:"def"`
}

// bulkSchema lists the schema objects of the bulk tables that query (one
// of the dialect's, "" for none) names.
func (s *Store) bulkSchema(ctx context.Context, query string) ([]schemaObject, error) {
	if query == "" {
		return nil, nil
	}
	q, args, err := sqlx.In(query, bulkTables)
	if err != nil {
		return nil, err
	}
	var out []schemaObject
	if err := s.sel(ctx, &out, q, args...); err != nil {
		return nil, err
	}
	return out, nil
}

// CreateMeetings inserts many meetings at once, sets their ids, and keeps
// each non-empty PrivateNotes as its creator's private note. The series
// columns are written, as CreateMeeting writes them, when one of the
// meetings is an occurrence of a series; otherwise they are left to their
// default (NULL), so a batch also loads into a database from before 00015
// (the upgrade tests fill old schemas this way).
func (s *Store) CreateMeetings(ctx context.Context, ms []*domain.Meeting) error {
	inSeries := slices.ContainsFunc(ms, func(m *domain.Meeting) bool { return m.SeriesID != nil || m.OccurrenceAt != nil })
	cols := `kind, pairing_id, engagement_id, leader_id, learner_id, format,
		scheduled_at, ends_at, duration_minutes, location, agenda, status, notes, sequence, created_by, created_at, updated_at`
	if inSeries {
		cols += ", series_id, occurrence_at"
	}
	err := s.bulkInsert(ctx, "meetings", cols, len(ms), func(i int) []any {
		m := ms[i]
		row := []any{string(m.Kind), m.PairingID, m.EngagementID, m.LeaderID, m.LearnerID, string(m.Format), utc(m.ScheduledAt),
			utc(m.EndsAt()), m.DurationMinutes, m.Location, m.Agenda, string(m.Status), m.Notes, m.Sequence,
			nullID(m.CreatedBy), utc(m.CreatedAt), utc(m.UpdatedAt)}
		if inSeries {
			row = append(row, m.SeriesID, utcPtr(m.OccurrenceAt))
		}
		return row
	}, func(i int, id int64) { ms[i].ID = id })
	if err != nil {
		return fmt.Errorf("storage: insert %d meetings: %w", len(ms), err)
	}
	var notes []*domain.Meeting
	for _, m := range ms {
		if m.PrivateNotes != "" {
			notes = append(notes, m)
		}
	}
	err = s.bulkInsert(ctx, "meeting_private_notes", "meeting_id, author_id, body, updated_at", len(notes), func(i int) []any {
		return []any{notes[i].ID, notes[i].CreatedBy, notes[i].PrivateNotes, utc(notes[i].UpdatedAt)}
	}, nil)
	if err != nil {
		return fmt.Errorf("storage: insert %d private notes: %w", len(notes), err)
	}
	return nil
}

// seedTables are emptied, children first, by WipeData.
var seedTables = []string{"mentor_requests", "programme_members", "profile_tags", "profiles", "tags", "programme_match_settings", "milestones", "engagement_extensions", "flag_actions", "meeting_feedback", "nudges", "programme_nudge_settings", "action_items", "flag_digests", "flags",
	"notifications", "reminders", "outbox", "action_links", "password_links", "calendar_feeds", "pending_imports",
	"meeting_private_notes", "engagement_progress", "meetings", "series", "engagements", "pairings", "programmes",
	"sso_sessions", "sessions", "sso_links", "api_tokens", "audit_log", "people"}

// CountPeople counts everyone in the directory.
func (s *Store) CountPeople(ctx context.Context) (int, error) {
	var n int
	if err := s.get(ctx, &n, `SELECT count(*) FROM people`); err != nil {
		return 0, fmt.Errorf("storage: count people: %w", err)
	}
	return n, nil
}

// WipeData deletes every row of every table Cairn keeps (the schema, its
// version and the app's keys stay), for `seed --force` and for a
// generator run that failed half way.
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

// AfterBulkLoad refreshes the planner's statistics where the database
// needs it, so it sees bulk-loaded tables as they are rather than as the
// empty ones it last looked at. On PostgreSQL it vacuums too: the load
// updates rows it wrote (a meeting's feedback asked, say), and until a
// vacuum the old versions' index entries are read by every scan of their
// index; a sweep with nothing due read 90,000 dead entries of the
// feedback-to-ask index (2 ms) where it reads one page after.
func (s *Store) AfterBulkLoad(ctx context.Context) error {
	if !s.dialect.analyzeAfterBulk {
		return nil
	}
	if _, err := s.exec(ctx, `VACUUM (ANALYZE)`); err != nil {
		return fmt.Errorf("storage: vacuum and analyze after bulk load: %w", err)
	}
	return nil
}
