package storage

import (
	"context"
	"fmt"
	"strings"
	"time"

	"cairn/domain"
)

// The reads behind the relationship pages: each gathers in one query what
// the pages used to read in several.

// engagementRecordRow is one row of EngagementRecord: the engagement, its
// programme (columns named "pr.*") and one progress entry, absent when
// there is none yet.
type engagementRecordRow struct {
	engagementRow
	Programme        programmeRow `db:"pr"`
	ProgressID       *int64       `db:"progress_id"`
	ProgressPercent  *int         `db:"progress_entry_percent"`
	ProgressComment  *string      `db:"progress_comment"`
	ProgressAuthorID *int64       `db:"progress_author_id"`
	ProgressAuthor   *string      `db:"progress_author_name"`
	ProgressAt       *time.Time   `db:"progress_at"`
	ProgressMeeting  *int64       `db:"progress_meeting_id"`
}

// programmeColumnsAs lists the programme's columns of table alias t, named
// "pr.<column>" so that sqlx fills a nested programmeRow.
func programmeColumnsAs(t string) string {
	cols := strings.Split(programmeColumns, ",")
	for i, c := range cols {
		c = strings.TrimSpace(c)
		cols[i] = t + `.` + c + ` AS "pr.` + c + `"`
	}
	return strings.Join(cols, ", ")
}

// EngagementRecord reads an engagement with its programme and its progress
// history (oldest first) in one query: the engagement repeats on each
// progress row, which for a history of a few dozen entries costs less than
// a second round trip.
func (s *Store) EngagementRecord(ctx context.Context, id int64) (domain.EngagementRecord, error) {
	var rows []engagementRecordRow
	err := s.sel(ctx, &rows, `SELECT x.*, `+programmeColumnsAs("pr")+`,
		ep.id AS progress_id, ep.percent AS progress_entry_percent, ep.comment AS progress_comment,
		ep.author_id AS progress_author_id, au.name AS progress_author_name, ep.at AS progress_at,
		ep.meeting_id AS progress_meeting_id
		FROM (`+engagementSelect+` WHERE e.id = ?) x
		JOIN programmes pr ON pr.id = x.programme_id
		LEFT JOIN engagement_progress ep ON ep.engagement_id = x.id
		LEFT JOIN people au ON au.id = ep.author_id
		ORDER BY ep.at, ep.id`, id)
	if err != nil {
		return domain.EngagementRecord{}, fmt.Errorf("storage: engagement record %d: %w", id, err)
	}
	if len(rows) == 0 {
		return domain.EngagementRecord{}, fmt.Errorf("storage: engagement record %d: %w", id, domain.ErrNotFound)
	}
	rec := domain.EngagementRecord{Engagement: rows[0].engagementRow.toDomain(), Programme: rows[0].Programme.toDomain(),
		Progress: []domain.ProgressEntry{}}
	for _, r := range rows {
		if r.ProgressID == nil {
			continue
		}
		p := domain.ProgressEntry{ID: *r.ProgressID, EngagementID: id, MeetingID: r.ProgressMeeting}
		if r.ProgressPercent != nil {
			p.Percent = *r.ProgressPercent
		}
		if r.ProgressComment != nil {
			p.Comment = *r.ProgressComment
		}
		if r.ProgressAuthorID != nil {
			p.AuthorID = *r.ProgressAuthorID
		}
		if r.ProgressAuthor != nil {
			p.AuthorName = *r.ProgressAuthor
		}
		if r.ProgressAt != nil {
			p.At = r.ProgressAt.UTC()
		}
		rec.Progress = append(rec.Progress, p)
	}
	return rec, nil
}

// meetingWithNoteRow is a meeting with one viewer's private notes.
type meetingWithNoteRow struct {
	meetingRow
	OwnNotes *string `db:"own_private_notes"`
}

// RelationshipMeetings lists the check-ins of a pairing or the sessions of
// an engagement by time, at most limit, each with viewerID's private notes
// read in the same query.
func (s *Store) RelationshipMeetings(ctx context.Context, kind domain.MeetingKind, relationshipID, viewerID int64, limit int) ([]domain.Meeting, error) {
	column := `pairing_id`
	if kind == domain.MeetingSession {
		column = `engagement_id`
	}
	var rows []meetingWithNoteRow
	err := s.sel(ctx, &rows, `SELECT x.*, pn.body AS own_private_notes
		FROM (SELECT `+meetingColumns+` FROM meetings WHERE kind = ? AND `+column+` = ? ORDER BY scheduled_at, id LIMIT ?) x
		LEFT JOIN meeting_private_notes pn ON pn.meeting_id = x.id AND pn.author_id = ?
		ORDER BY x.scheduled_at, x.id`, string(kind), relationshipID, limit, viewerID)
	if err != nil {
		return nil, fmt.Errorf("storage: meetings of %s %d: %w", column, relationshipID, err)
	}
	out := make([]domain.Meeting, len(rows))
	for i, r := range rows {
		out[i] = r.meetingRow.toDomain()
		if r.OwnNotes != nil {
			out[i].PrivateNotes = *r.OwnNotes
		}
	}
	return out, nil
}
