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
// programme (columns named "pr.*") and either one progress entry or one
// action item (columns named "act.*"), both absent when there is none.
type engagementRecordRow struct {
	engagementRow
	Programme        programmeRow  `db:"pr"`
	ProgressID       *int64        `db:"progress_id"`
	ProgressPercent  *int          `db:"progress_entry_percent"`
	ProgressComment  *string       `db:"progress_comment"`
	ProgressAuthorID *int64        `db:"progress_author_id"`
	ProgressAuthor   *string       `db:"progress_author_name"`
	ProgressAt       *time.Time    `db:"progress_at"`
	ProgressMeeting  *int64        `db:"progress_meeting_id"`
	Action           pageActionRow `db:"act"`
	Milestone        pageMilestone `db:"ms"`
	Extension        pageExtension `db:"ext"`
}

// pageMilestone is one milestone joined onto the engagement's record,
// all columns absent on the rows of the other parts.
type pageMilestone struct {
	ID        *int64     `db:"id"`
	Title     *string    `db:"title"`
	TargetOn  sqlDate    `db:"target_on"`
	DoneOn    sqlDate    `db:"done_on"`
	CreatedBy *int64     `db:"created_by"`
	CreatedAt *time.Time `db:"created_at"`
	UpdatedAt *time.Time `db:"updated_at"`
}

func (r pageMilestone) toDomain(engagementID int64) (domain.Milestone, bool) {
	if r.ID == nil {
		return domain.Milestone{}, false
	}
	return milestoneRow{ID: *r.ID, EngagementID: engagementID, Title: deref(r.Title), TargetOn: r.TargetOn, DoneOn: r.DoneOn,
		CreatedBy: deref(r.CreatedBy), CreatedAt: deref(r.CreatedAt), UpdatedAt: deref(r.UpdatedAt)}.toDomain(), true
}

// pageMilestoneColumns are pageMilestone's columns from milestones ms.
const pageMilestoneColumns = `ms.id AS "ms.id", ms.title AS "ms.title", ms.target_on AS "ms.target_on", ms.done_on AS "ms.done_on",
	ms.created_by AS "ms.created_by", ms.created_at AS "ms.created_at", ms.updated_at AS "ms.updated_at"`

// pageExtension is one extension proposal joined onto the engagement's
// record, all columns absent on the rows of the other parts.
type pageExtension struct {
	ID              *int64     `db:"id"`
	ProposedBy      *int64     `db:"proposed_by"`
	ProposedByName  *string    `db:"proposed_by_name"`
	EndsOn          sqlDate    `db:"ends_on"`
	PlannedSessions *int       `db:"planned_sessions"`
	PreviousEndsOn  sqlDate    `db:"previous_ends_on"`
	PreviousPlanned *int       `db:"previous_planned_sessions"`
	Reason          *string    `db:"reason"`
	State           *string    `db:"state"`
	DecidedBy       *int64     `db:"decided_by"`
	DecidedByName   *string    `db:"decided_by_name"`
	DecidedAt       *time.Time `db:"decided_at"`
	DeclineReason   *string    `db:"decline_reason"`
	CreatedAt       *time.Time `db:"created_at"`
}

func (r pageExtension) toDomain(engagementID int64) (domain.Extension, bool) {
	if r.ID == nil {
		return domain.Extension{}, false
	}
	return extensionRow{ID: *r.ID, EngagementID: engagementID, ProposedBy: deref(r.ProposedBy), ProposedByName: deref(r.ProposedByName),
		EndsOn: r.EndsOn, PlannedSessions: deref(r.PlannedSessions), PreviousEndsOn: r.PreviousEndsOn,
		PreviousPlanned: deref(r.PreviousPlanned), Reason: deref(r.Reason), State: deref(r.State), DecidedBy: r.DecidedBy,
		DecidedByName: r.DecidedByName, DecidedAt: r.DecidedAt, DeclineReason: deref(r.DeclineReason),
		CreatedAt: deref(r.CreatedAt)}.toDomain(), true
}

// pageExtensionColumns are pageExtension's columns from
// engagement_extensions ex, its proposer exp and who answered exd.
const pageExtensionColumns = `ex.id AS "ext.id", ex.proposed_by AS "ext.proposed_by", exp.name AS "ext.proposed_by_name",
	ex.ends_on AS "ext.ends_on", ex.planned_sessions AS "ext.planned_sessions", ex.previous_ends_on AS "ext.previous_ends_on",
	ex.previous_planned_sessions AS "ext.previous_planned_sessions", ex.reason AS "ext.reason", ex.state AS "ext.state",
	ex.decided_by AS "ext.decided_by", exd.name AS "ext.decided_by_name", ex.decided_at AS "ext.decided_at",
	ex.decline_reason AS "ext.decline_reason", ex.created_at AS "ext.created_at"`

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

// EngagementRecord reads an engagement with its programme, its progress
// history (oldest first), its action items (open ones first by due date),
// its milestones (by target date) and its extension proposals (oldest
// first) in one query: the engagement repeats on each of their rows, which
// for a few dozen of them costs less than a second round trip. The four
// lists come in four parts (kinds.k 0 to 3), so that they add up rather
// than multiply.
func (s *Store) EngagementRecord(ctx context.Context, id int64) (domain.EngagementRecord, error) {
	var rows []engagementRecordRow
	err := s.sel(ctx, &rows, `SELECT x.*, `+programmeColumnsAs("pr")+`,
		ep.id AS progress_id, ep.percent AS progress_entry_percent, ep.comment AS progress_comment,
		ep.author_id AS progress_author_id, au.name AS progress_author_name, ep.at AS progress_at,
		ep.meeting_id AS progress_meeting_id, `+pageActionColumns+`, `+pageMilestoneColumns+`, `+pageExtensionColumns+`
		FROM (`+engagementSelect+` WHERE e.id = ?) x
		JOIN programmes pr ON pr.id = x.programme_id
		CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1 AS k UNION ALL SELECT 2 AS k UNION ALL SELECT 3 AS k) kinds
		LEFT JOIN engagement_progress ep ON kinds.k = 0 AND ep.engagement_id = x.id
		LEFT JOIN people au ON au.id = ep.author_id`+pageActionsJoin("engagement_id", "kinds.k = 1 AND ")+`
		LEFT JOIN milestones ms ON kinds.k = 2 AND ms.engagement_id = x.id
		LEFT JOIN engagement_extensions ex ON kinds.k = 3 AND ex.engagement_id = x.id
		LEFT JOIN people exp ON exp.id = ex.proposed_by LEFT JOIN people exd ON exd.id = ex.decided_by
		ORDER BY kinds.k, ep.at, ep.id, `+pageActionOrder("a")+`, ms.target_on, ms.id, ex.created_at, ex.id`, id)
	if err != nil {
		return domain.EngagementRecord{}, fmt.Errorf("storage: engagement record %d: %w", id, err)
	}
	if len(rows) == 0 {
		return domain.EngagementRecord{}, fmt.Errorf("storage: engagement record %d: %w", id, domain.ErrNotFound)
	}
	e := rows[0].engagementRow.toDomain()
	rec := domain.EngagementRecord{Engagement: e, Programme: rows[0].Programme.toDomain(),
		Progress: []domain.ProgressEntry{}, Actions: []domain.ActionItem{}, Milestones: []domain.Milestone{}, Extensions: []domain.Extension{}}
	for _, r := range rows {
		if m, ok := r.Milestone.toDomain(id); ok {
			rec.Milestones = append(rec.Milestones, m)
		}
		if x, ok := r.Extension.toDomain(id); ok {
			rec.Extensions = append(rec.Extensions, x)
		}
		if x, ok := r.Action.toDomain(domain.SubjectEngagement, id, e.Coach, e.Coachee); ok {
			rec.Actions = append(rec.Actions, x)
		}
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
	// the learner's feedback, all absent when there is none
	FeedbackID      *int64     `db:"fb_id"`
	FeedbackRating  *int       `db:"fb_rating"`
	FeedbackComment *string    `db:"fb_comment"`
	FeedbackShare   *bool      `db:"fb_share"`
	FeedbackAt      *time.Time `db:"fb_created_at"`
}

// feedback is the learner's answer joined onto the meeting, if any.
func (r meetingWithNoteRow) feedback() *domain.MeetingFeedback {
	if r.FeedbackID == nil || r.FeedbackRating == nil || r.FeedbackAt == nil {
		return nil
	}
	f := domain.MeetingFeedback{ID: *r.FeedbackID, MeetingID: r.ID, Kind: domain.MeetingKind(r.Kind), LearnerID: r.LearnerID,
		Rating: *r.FeedbackRating, CreatedAt: r.FeedbackAt.UTC()}
	if r.FeedbackComment != nil {
		f.Comment = *r.FeedbackComment
	}
	if r.FeedbackShare != nil {
		f.ShareWithProgramme = *r.FeedbackShare
	}
	return &f
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
	err := s.sel(ctx, &rows, `SELECT x.*, pn.body AS own_private_notes, fb.id AS fb_id, fb.rating AS fb_rating,
		fb.comment AS fb_comment, fb.share_comment AS fb_share, fb.created_at AS fb_created_at
		FROM (SELECT `+meetingColumns+` FROM meetings WHERE kind = ? AND `+column+` = ? ORDER BY scheduled_at, id LIMIT ?) x
		LEFT JOIN meeting_private_notes pn ON pn.meeting_id = x.id AND pn.author_id = ?
		LEFT JOIN meeting_feedback fb ON fb.meeting_id = x.id AND fb.learner_id = x.learner_id
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
		out[i].Feedback = r.feedback()
	}
	return out, nil
}

// pageActionRow is one action item joined onto a page's record, all
// columns absent when the relationship has none; the relationship's
// people come from the record itself.
type pageActionRow struct {
	ID        *int64     `db:"id"`
	Title     *string    `db:"title"`
	Detail    *string    `db:"detail"`
	OwnerID   *int64     `db:"owner_id"`
	OwnerName *string    `db:"owner_name"`
	DueOn     sqlDate    `db:"due_on"`
	DoneAt    *time.Time `db:"done_at"`
	MeetingID *int64     `db:"meeting_id"`
	CreatedBy *int64     `db:"created_by"`
	CreatedAt *time.Time `db:"created_at"`
	UpdatedAt *time.Time `db:"updated_at"`
	Reminded  *time.Time `db:"reminded_at"`
}

// pageActionColumns are the columns of pageActionRow from action_items a
// and its owner o, named "act.<column>" for sqlx's nested struct.
const pageActionColumns = `a.id AS "act.id", a.title AS "act.title", a.detail AS "act.detail", a.owner_id AS "act.owner_id",
	o.name AS "act.owner_name", a.due_on AS "act.due_on", a.done_at AS "act.done_at", a.meeting_id AS "act.meeting_id",
	a.created_by AS "act.created_by", a.created_at AS "act.created_at", a.updated_at AS "act.updated_at",
	a.reminded_at AS "act.reminded_at"`

// pageActionOrder orders action items open ones first, by due date then id.
func pageActionOrder(t string) string {
	return `CASE WHEN ` + t + `.done_at IS NULL THEN 0 ELSE 1 END, ` + t + `.due_on, ` + t + `.id`
}

// pageActionsJoin joins the action items of the relationship whose id is
// in column rel (pairing_id or engagement_id) at most
// domain.OverviewActionLimit of them, and their owners, under the
// condition on, to the row of relationship alias x.
func pageActionsJoin(column, on string) string {
	return ` LEFT JOIN action_items a ON ` + on + `a.` + column + ` = x.id AND a.id IN (SELECT a2.id FROM action_items a2
		WHERE a2.` + column + ` = x.id ORDER BY ` + pageActionOrder("a2") + ` LIMIT ` + fmt.Sprint(domain.OverviewActionLimit) + `)
		LEFT JOIN people o ON o.id = a.owner_id`
}

// toDomain turns the row into the item of the relationship whose people
// are leader and learner, false when the row holds none.
func (r pageActionRow) toDomain(subject string, relID int64, leader, learner domain.PersonRef) (domain.ActionItem, bool) {
	if r.ID == nil {
		return domain.ActionItem{}, false
	}
	x := actionRow{ID: *r.ID, Title: deref(r.Title), Detail: deref(r.Detail), OwnerID: deref(r.OwnerID), OwnerName: deref(r.OwnerName),
		DueOn: r.DueOn, DoneAt: r.DoneAt, MeetingID: r.MeetingID, CreatedBy: deref(r.CreatedBy), RemindedAt: r.Reminded,
		LeaderID: leader.ID, LeaderName: leader.Name, LearnerID: learner.ID, LearnerName: learner.Name}
	if r.CreatedAt != nil {
		x.CreatedAt = *r.CreatedAt
	}
	if r.UpdatedAt != nil {
		x.UpdatedAt = *r.UpdatedAt
	}
	if subject == domain.SubjectEngagement {
		x.EngagementID = &relID
	} else {
		x.PairingID = &relID
	}
	return x.toDomain(), true
}

// deref is the value p points to, or the zero value.
func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// pairingRecordRow is one row of PairingRecord: the pairing, its
// programme and one action item, absent when it has none.
type pairingRecordRow struct {
	pairingRow
	Programme programmeRow  `db:"pr"`
	Action    pageActionRow `db:"act"`
}

// PairingRecord reads a pairing with its people's names, its programme
// and its action items (open ones first by due date) in one query: the
// pairing repeats on each item's row.
func (s *Store) PairingRecord(ctx context.Context, id int64) (domain.PairingRecord, error) {
	var rows []pairingRecordRow
	err := s.sel(ctx, &rows, `SELECT x.*, `+programmeColumnsAs("pr")+`, `+pageActionColumns+`
		FROM (`+pairingSelect+` WHERE pa.id = ?) x
		JOIN programmes pr ON pr.id = x.programme_id`+pageActionsJoin("pairing_id", "")+`
		ORDER BY `+pageActionOrder("a"), id)
	if err != nil {
		return domain.PairingRecord{}, fmt.Errorf("storage: pairing record %d: %w", id, err)
	}
	if len(rows) == 0 {
		return domain.PairingRecord{}, fmt.Errorf("storage: pairing record %d: %w", id, domain.ErrNotFound)
	}
	p := rows[0].pairingRow.toDomain()
	rec := domain.PairingRecord{Pairing: p, Programme: rows[0].Programme.toDomain(), Actions: []domain.ActionItem{}}
	for _, r := range rows {
		if x, ok := r.Action.toDomain(domain.SubjectPairing, id, p.Mentor, p.Mentee); ok {
			rec.Actions = append(rec.Actions, x)
		}
	}
	return rec, nil
}
