package storage

import (
	"context"
	"fmt"

	"cairn/domain"
)

// CreateMeetings inserts many meetings at once, sets their ids, and keeps
// each non-empty PrivateNotes as its creator's private note.
func (s *Store) CreateMeetings(ctx context.Context, ms []*domain.Meeting) error {
	err := s.insertBatchReturning(ctx, "meetings", `kind, pairing_id, engagement_id, leader_id, learner_id, format,
		scheduled_at, ends_at, duration_minutes, location, agenda, status, notes, sequence, created_by, created_at, updated_at`,
		len(ms), func(i int) []any {
			m := ms[i]
			return []any{string(m.Kind), m.PairingID, m.EngagementID, m.LeaderID, m.LearnerID, string(m.Format), utc(m.ScheduledAt),
				utc(m.EndsAt()), m.DurationMinutes, m.Location, m.Agenda, string(m.Status), m.Notes, m.Sequence,
				nullID(m.CreatedBy), utc(m.CreatedAt), utc(m.UpdatedAt)}
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
	err = s.insertBatch(ctx, "meeting_private_notes", "meeting_id, author_id, body, updated_at", len(notes), func(i int) []any {
		return []any{notes[i].ID, notes[i].CreatedBy, notes[i].PrivateNotes, utc(notes[i].UpdatedAt)}
	})
	if err != nil {
		return fmt.Errorf("storage: insert %d private notes: %w", len(notes), err)
	}
	return nil
}

// seedTables are emptied, children first, by WipeData.
var seedTables = []string{"profile_tags", "profiles", "tags", "programme_match_settings", "milestones", "engagement_extensions", "flag_actions", "meeting_feedback", "nudges", "programme_nudge_settings", "action_items", "flag_digests", "flags",
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
// empty ones it last looked at.
func (s *Store) AfterBulkLoad(ctx context.Context) error {
	if !s.dialect.analyzeAfterBulk {
		return nil
	}
	if _, err := s.exec(ctx, `ANALYZE`); err != nil {
		return fmt.Errorf("storage: analyze after bulk load: %w", err)
	}
	return nil
}
