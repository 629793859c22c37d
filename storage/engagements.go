package storage

import (
	"context"
	"fmt"
	"time"

	"cairn/domain"
)

type engagementRow struct {
	ID                int64      `db:"id"`
	ProgrammeID       int64      `db:"programme_id"`
	CoachID           int64      `db:"coach_id"`
	CoacheeID         int64      `db:"coachee_id"`
	CoachName         string     `db:"coach_name"`
	CoacheeName       string     `db:"coachee_name"`
	CoachTimezone     string     `db:"coach_timezone"`
	CoacheeTimezone   string     `db:"coachee_timezone"`
	GoalTitle         string     `db:"goal_title"`
	GoalDescription   string     `db:"goal_description"`
	GoalArea          string     `db:"goal_area"`
	SuccessMeasure    string     `db:"success_measure"`
	StartsOn          sqlDate    `db:"starts_on"`
	EndsOn            sqlDate    `db:"ends_on"`
	PlannedSessions   int        `db:"planned_sessions"`
	ProgressPercent   int        `db:"progress_percent"`
	ProgressMode      string     `db:"progress_mode"`
	Status            string     `db:"status"`
	Outcome           string     `db:"outcome"`
	OutcomeSummary    string     `db:"outcome_summary"`
	CancelReason      string     `db:"cancel_reason"`
	CapacityOverride  string     `db:"capacity_override_reason"`
	ClosedAt          *time.Time `db:"closed_at"`
	CreatedAt         time.Time  `db:"created_at"`
	UpdatedAt         time.Time  `db:"updated_at"`
	SessionsCompleted int        `db:"sessions_completed"`
	CoacheeRating     *int       `db:"coachee_rating"`
	CoacheeOutcome    *string    `db:"coachee_outcome"`
	CoacheeReviewedAt *time.Time `db:"coachee_reviewed_at"`
}

func (r engagementRow) toDomain() domain.Engagement {
	return domain.Engagement{ID: r.ID, ProgrammeID: r.ProgrammeID, CoachID: r.CoachID, CoacheeID: r.CoacheeID,
		Coach:   domain.PersonRef{ID: r.CoachID, Name: r.CoachName, Timezone: r.CoachTimezone},
		Coachee: domain.PersonRef{ID: r.CoacheeID, Name: r.CoacheeName, Timezone: r.CoacheeTimezone},
		Goal: domain.Goal{Title: r.GoalTitle, Description: r.GoalDescription, Area: domain.GoalArea(r.GoalArea),
			SuccessMeasure: r.SuccessMeasure},
		StartsOn: r.StartsOn.Date, EndsOn: r.EndsOn.Date, PlannedSessions: r.PlannedSessions,
		ProgressPercent: r.ProgressPercent, ProgressMode: domain.ProgressMode(r.ProgressMode), Status: domain.EngagementStatus(r.Status), SessionsCompleted: r.SessionsCompleted,
		Outcome: domain.Outcome(r.Outcome), OutcomeSummary: r.OutcomeSummary, CancelReason: r.CancelReason, CapacityOverrideReason: r.CapacityOverride,
		ClosedAt: utcPtr(r.ClosedAt), CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		CoacheeReview: coacheeReviewOf(r.CoacheeRating, r.CoacheeOutcome, r.CoacheeReviewedAt)}
}

// engagementSelect reads engagements with their people's names and their
// completed sessions counted in the same query.
const engagementSelect = `SELECT e.id, e.programme_id, e.coach_id, e.coachee_id, c.name AS coach_name, ce.name AS coachee_name, c.timezone AS coach_timezone, ce.timezone AS coachee_timezone,
	e.goal_title, e.goal_description, e.goal_area, e.success_measure, e.starts_on, e.ends_on, e.planned_sessions,
	e.progress_percent, e.progress_mode, e.status, e.outcome, e.outcome_summary, e.cancel_reason, e.capacity_override_reason, e.closed_at, e.created_at, e.updated_at,
	e.coachee_rating, e.coachee_outcome, e.coachee_reviewed_at,
	(SELECT count(*) FROM meetings m WHERE m.engagement_id = e.id AND m.status = '` + string(domain.StatusCompleted) + `') AS sessions_completed
	FROM engagements e JOIN people c ON c.id = e.coach_id JOIN people ce ON ce.id = e.coachee_id`

const engagementInsertColumns = `programme_id, coach_id, coachee_id, goal_title, goal_description, goal_area,
	success_measure, starts_on, ends_on, planned_sessions, progress_percent, status, outcome, outcome_summary, cancel_reason,
	capacity_override_reason, closed_at, created_at, updated_at`

func engagementInsertValues(e *domain.Engagement) []any {
	return []any{e.ProgrammeID, e.CoachID, e.CoacheeID, e.Goal.Title, e.Goal.Description, string(e.Goal.Area),
		e.Goal.SuccessMeasure, dateArg(e.StartsOn), dateArg(e.EndsOn), e.PlannedSessions, e.ProgressPercent, string(e.Status),
		string(e.Outcome), e.OutcomeSummary, e.CancelReason, e.CapacityOverrideReason, utcPtr(e.ClosedAt), utc(e.CreatedAt),
		utc(e.UpdatedAt)}
}

// progressModeArg is the mode to store: none given is by hand. A new
// engagement takes the column's default (by hand), as every one starts.
func progressModeArg(m domain.ProgressMode) string {
	if m == "" {
		return string(domain.ProgressManual)
	}
	return string(m)
}

// CreateEngagement inserts e and sets its id.
func (s *Store) CreateEngagement(ctx context.Context, e *domain.Engagement) error {
	id, err := s.insert(ctx, `INSERT INTO engagements (`+engagementInsertColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, engagementInsertValues(e)...)
	if err != nil {
		return fmt.Errorf("storage: insert engagement: %w", err)
	}
	e.ID = id
	return nil
}

// UpdateEngagement writes the mutable fields of e.
func (s *Store) UpdateEngagement(ctx context.Context, e *domain.Engagement) error {
	res, err := s.exec(ctx, `UPDATE engagements SET goal_title = ?, goal_description = ?, goal_area = ?, success_measure = ?,
		starts_on = ?, ends_on = ?, planned_sessions = ?, progress_percent = ?, status = ?, outcome = ?, outcome_summary = ?,
		cancel_reason = ?, closed_at = ?, updated_at = ?, progress_mode = ? WHERE id = ?`,
		e.Goal.Title, e.Goal.Description, string(e.Goal.Area), e.Goal.SuccessMeasure, dateArg(e.StartsOn), dateArg(e.EndsOn),
		e.PlannedSessions, e.ProgressPercent, string(e.Status), string(e.Outcome), e.OutcomeSummary, e.CancelReason,
		utcPtr(e.ClosedAt), utc(e.UpdatedAt), progressModeArg(e.ProgressMode), e.ID)
	if err != nil {
		return fmt.Errorf("storage: update engagement %d: %w", e.ID, err)
	}
	if err := mustAffect(res); err != nil {
		return fmt.Errorf("storage: update engagement %d: %w", e.ID, err)
	}
	return nil
}

// EngagementByID reads one engagement.
func (s *Store) EngagementByID(ctx context.Context, id int64) (domain.Engagement, error) {
	var r engagementRow
	if err := s.get(ctx, &r, engagementSelect+` WHERE e.id = ?`, id); err != nil {
		return domain.Engagement{}, fmt.Errorf("storage: engagement %d: %w", id, err)
	}
	return r.toDomain(), nil
}

// ListEngagements lists engagements by id.
func (s *Store) ListEngagements(ctx context.Context, f domain.EngagementFilter) ([]domain.Engagement, error) {
	var c conditions
	if f.ProgrammeID != 0 {
		c.add(`e.programme_id = ?`, f.ProgrammeID)
	}
	if f.PersonID != 0 {
		c.add(s.dialect.eitherPerson("e", "engagements", "coach_id", "coachee_id"), f.PersonID, f.PersonID)
	}
	if f.WithID != 0 {
		c.add(s.dialect.eitherPerson("e", "engagements", "coach_id", "coachee_id"), f.WithID, f.WithID)
	}
	statuses(&c, `e.status`, f.Statuses)
	out, err := selectPage[engagementRow](ctx, s, engagementSelect, c, `e.id`, f.After, f.Before, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("storage: list engagements: %w", err)
	}
	return out, nil
}

// AddEngagementProgress appends one progress entry and sets its id.
func (s *Store) AddEngagementProgress(ctx context.Context, p *domain.ProgressEntry) error {
	id, err := s.insert(ctx, `INSERT INTO engagement_progress (engagement_id, percent, comment, author_id, meeting_id, at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, p.EngagementID, p.Percent, p.Comment, nullID(p.AuthorID), p.MeetingID, utc(p.At))
	if err != nil {
		return fmt.Errorf("storage: progress of engagement %d: %w", p.EngagementID, err)
	}
	p.ID = id
	return nil
}

// ListEngagementProgress lists an engagement's progress entries, oldest first.
func (s *Store) ListEngagementProgress(ctx context.Context, engagementID int64) ([]domain.ProgressEntry, error) {
	var rows []struct {
		ID           int64     `db:"id"`
		EngagementID int64     `db:"engagement_id"`
		Percent      int       `db:"percent"`
		Comment      string    `db:"comment"`
		AuthorID     *int64    `db:"author_id"`
		AuthorName   *string   `db:"author_name"`
		MeetingID    *int64    `db:"meeting_id"`
		At           time.Time `db:"at"`
	}
	err := s.sel(ctx, &rows, `SELECT p.id, p.engagement_id, p.percent, p.comment, p.author_id, a.name AS author_name, p.meeting_id, p.at
		FROM engagement_progress p LEFT JOIN people a ON a.id = p.author_id WHERE p.engagement_id = ? ORDER BY p.at, p.id`, engagementID)
	if err != nil {
		return nil, fmt.Errorf("storage: progress of engagement %d: %w", engagementID, err)
	}
	out := make([]domain.ProgressEntry, len(rows))
	for i, r := range rows {
		out[i] = domain.ProgressEntry{ID: r.ID, EngagementID: r.EngagementID, Percent: r.Percent, Comment: r.Comment,
			MeetingID: r.MeetingID, At: r.At.UTC()}
		if r.AuthorID != nil {
			out[i].AuthorID = *r.AuthorID
		}
		if r.AuthorName != nil {
			out[i].AuthorName = *r.AuthorName
		}
	}
	return out, nil
}

// PeopleShareEngagement reports whether a and b are coach and coachee of
// one engagement, either way round.
func (s *Store) PeopleShareEngagement(ctx context.Context, a, b int64) (bool, error) {
	var n int
	err := s.get(ctx, &n, `SELECT count(*) FROM engagements WHERE (coach_id = ? AND coachee_id = ?) OR (coach_id = ? AND coachee_id = ?)`,
		a, b, b, a)
	if err != nil {
		return false, fmt.Errorf("storage: do people %d and %d share an engagement: %w", a, b, err)
	}
	return n > 0, nil
}
