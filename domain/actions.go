package domain

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Action items: the work between meetings. Either participant of a
// pairing or an engagement adds one (a title, an optional detail, an owner
// who is one of the two, a due date, and the meeting it came from when
// there was one); the owner marks it done or reopens it; both participants
// see every item of their relationship. Admins know the relationship but
// not its work: they get counts, never titles or details.

// Limits on an action item's fields.
const (
	MaxActionTitle  = 200
	MaxActionDetail = 5000
)

// ActionMeeting names the meeting an action item came from.
type ActionMeeting struct {
	Kind MeetingKind `json:"kind"`
	ID   int64       `json:"id"`
}

// ActionItem is one thing a participant agreed to do by a date.
type ActionItem struct {
	ID           int64          `json:"id"`
	PairingID    int64          `json:"pairing_id,omitempty"`
	EngagementID int64          `json:"engagement_id,omitempty"`
	Title        string         `json:"title"`
	Detail       string         `json:"detail"`
	OwnerID      int64          `json:"owner_id"`
	Owner        PersonRef      `json:"owner"`
	DueOn        Date           `json:"due_on"`
	DoneAt       *time.Time     `json:"done_at"`
	Meeting      *ActionMeeting `json:"meeting"`
	CreatedByID  int64          `json:"created_by_id"`
	CreatedAt    time.Time      `json:"created_at"`
	UpdatedAt    time.Time      `json:"updated_at"`
	// RemindedAt is when the owner was reminded on the due date.
	RemindedAt *time.Time `json:"-"`
	// Leader and Learner are the relationship's two people (mentor or
	// coach, mentee or coachee), read with the item.
	Leader  PersonRef `json:"-"`
	Learner PersonRef `json:"-"`
	// Overdue is computed when it is read: open and due before today.
	Overdue bool `json:"overdue"`
	// Can is what the caller may do with it.
	Can ActionAbilities `json:"can"`
}

// SubjectType is SubjectPairing or SubjectEngagement.
func (x ActionItem) SubjectType() string {
	if x.EngagementID != 0 {
		return SubjectEngagement
	}
	return SubjectPairing
}

// SubjectID is the pairing's or the engagement's id.
func (x ActionItem) SubjectID() int64 {
	if x.EngagementID != 0 {
		return x.EngagementID
	}
	return x.PairingID
}

// Done reports whether the owner marked it done.
func (x ActionItem) Done() bool { return x.DoneAt != nil }

// Other is the participant who is not person id.
func (x ActionItem) Other(id int64) PersonRef {
	if x.Leader.ID == id {
		return x.Learner
	}
	return x.Leader
}

// ActionAbilities is what an actor may do with one action item.
type ActionAbilities struct {
	Edit bool `json:"edit"`
	// Complete marks it done, or open again.
	Complete bool `json:"complete"`
	Delete   bool `json:"delete"`
}

// ActionAbilitiesOf: both participants edit and delete the items of their
// relationship; the owner marks them done. Admins do neither.
func ActionAbilitiesOf(a Actor, x ActionItem) ActionAbilities {
	in := a.Person.ID != 0 && (a.Person.ID == x.Leader.ID || a.Person.ID == x.Learner.ID)
	return ActionAbilities{Edit: in, Complete: in && a.Person.ID == x.OwnerID, Delete: in}
}

// ActionCounts is what admins see of a relationship's action items.
type ActionCounts struct {
	Open    int `json:"open"`
	Done    int `json:"done"`
	Overdue int `json:"overdue"`
}

// ActionList is a relationship's action items as the caller may see them:
// the items for its participants, only the counts for admins.
type ActionList struct {
	Items  []ActionItem `json:"items"`
	Counts ActionCounts `json:"counts"`
	// CanAdd: the caller may add an item (a participant, while it runs).
	CanAdd bool `json:"can_add"`
}

// ActionFilter narrows a list of action items.
type ActionFilter struct {
	PairingID    int64
	EngagementID int64
	// PersonID: items of the relationships this person takes part in.
	PersonID int64
	OwnerID  int64
	OpenOnly bool
	// DueBy: only items due on or before this date (zero: any).
	DueBy Date
	Limit int
}

// ActionInput is a new action item.
type ActionInput struct {
	Title     string
	Detail    string
	OwnerID   int64
	DueOn     Date
	MeetingID int64
	// MeetingKind, when given, must be the relationship's kind of meeting.
	MeetingKind MeetingKind
}

// ActionPatch changes an action item; nil leaves a field as it is.
type ActionPatch struct {
	Title   *string
	Detail  *string
	OwnerID *int64
	DueOn   *Date
	// Done marks it done (true) or open again (false): the owner's.
	Done *bool
}

// actionRel is the relationship an action item belongs to, as its rules
// need it.
type actionRel struct {
	subject         string
	id              int64
	leader, learner int64
	open            bool
	meetingKind     MeetingKind
}

func (r actionRel) has(id int64) bool { return id != 0 && (id == r.leader || id == r.learner) }

// loadActionRel reads the pairing or engagement for the actor: its
// participants and admins know it, anyone else gets 404.
func (s *Service) loadActionRel(ctx context.Context, st Ports, a Actor, subject string, id int64) (actionRel, error) {
	if subject == SubjectEngagement {
		e, err := s.loadEngagement(ctx, st, a, id)
		if err != nil {
			return actionRel{}, err
		}
		return actionRel{subject: subject, id: id, leader: e.CoachID, learner: e.CoacheeID, open: e.IsOpen(), meetingKind: MeetingSession}, nil
	}
	p, err := st.Pairings.PairingByID(ctx, id)
	if errors.Is(err, ErrNotFound) || (err == nil && !mayKnowPairing(a, p)) {
		return actionRel{}, NotFoundText("error.action.no_pairing")
	}
	if err != nil {
		return actionRel{}, err
	}
	return actionRel{subject: subject, id: id, leader: p.MentorID, learner: p.MenteeID, open: p.Status.IsOpen(), meetingKind: MeetingCheckin}, nil
}

// actionFor fills in what is computed for one viewer.
func (s *Service) actionFor(a Actor, x ActionItem) ActionItem {
	x.Overdue = !x.Done() && x.DueOn.Before(s.orgToday())
	x.Can = ActionAbilitiesOf(a, x)
	return x
}

func actionAuditFields(x ActionItem) map[string]any {
	// titles and details are the participants' words: they stay out of the log
	return map[string]any{"pairing_id": x.PairingID, "engagement_id": x.EngagementID, "owner_id": x.OwnerID,
		"due_on": x.DueOn, "done": x.Done()}
}

// checkAction validates an item's fields against its relationship.
func (s *Service) checkAction(ctx context.Context, st Ports, rel actionRel, x ActionItem, meetingID int64) error {
	var v ValidationError
	if x.Title == "" {
		v.AddText("title", "error.action.required")
	}
	v.Text("title", x.Title)
	v.maxLen("title", x.Title, MaxActionTitle)
	v.Text("detail", x.Detail)
	v.maxLen("detail", x.Detail, MaxActionDetail)
	if !rel.has(x.OwnerID) {
		v.AddText("owner_id", "error.action.owner")
	}
	if x.DueOn.IsZero() {
		v.AddText("due_on", "error.action.required")
	}
	if meetingID != 0 {
		m, err := st.Meetings.MeetingByID(ctx, meetingID)
		switch {
		case errors.Is(err, ErrNotFound):
			v.AddText("meeting_id", "error.action.meeting")
		case err != nil:
			return err
		case (rel.subject == SubjectPairing && (m.PairingID == nil || *m.PairingID != rel.id)) ||
			(rel.subject == SubjectEngagement && (m.EngagementID == nil || *m.EngagementID != rel.id)):
			v.AddText("meeting_id", "error.action.meeting")
		}
	}
	return v.Err()
}

// CreateAction adds an action item to a pairing (subject SubjectPairing)
// or an engagement: a participant's, while it runs. Admins may not (403),
// anyone else does not know the relationship (404).
func (s *Service) CreateAction(ctx context.Context, a Actor, subject string, id int64, in ActionInput) (ActionItem, error) {
	var out ActionItem
	err := s.inTx(ctx, func(tx Ports) error {
		rel, err := s.loadActionRel(ctx, tx, a, subject, id)
		if err != nil {
			return err
		}
		if !rel.has(a.Person.ID) {
			return ForbiddenText("error.action.participants_add")
		}
		if !rel.open {
			if subject == SubjectEngagement {
				return ConflictText("error.action.engagement_ended")
			}
			return ConflictText("error.action.pairing_ended")
		}
		now := s.clock.Now()
		x := ActionItem{Title: strings.TrimSpace(in.Title), Detail: strings.TrimSpace(in.Detail), OwnerID: in.OwnerID,
			DueOn: in.DueOn, CreatedByID: a.Person.ID, CreatedAt: now, UpdatedAt: now}
		if subject == SubjectEngagement {
			x.EngagementID = id
		} else {
			x.PairingID = id
		}
		if in.MeetingID != 0 {
			x.Meeting = &ActionMeeting{Kind: rel.meetingKind, ID: in.MeetingID}
		}
		if err := s.checkAction(ctx, tx, rel, x, in.MeetingID); err != nil {
			return err
		}
		if in.MeetingKind != "" && in.MeetingKind != rel.meetingKind {
			return InvalidText("meeting", "error.action.meeting")
		}
		if err := tx.Actions.CreateActionItem(ctx, &x); err != nil {
			return err
		}
		if err := tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "create", ObjectType: "action_item", ObjectID: x.ID,
			Changes: diff(nil, actionAuditFields(x)), At: now}); err != nil {
			return err
		}
		if out, err = tx.Actions.ActionItemByID(ctx, x.ID); err != nil {
			return err
		}
		out = s.actionFor(a, out)
		return nil
	})
	if err != nil {
		return ActionItem{}, fmt.Errorf("add action item to %s %d: %w", subject, id, err)
	}
	return out, nil
}

// RelationshipActions lists a pairing's or an engagement's action items,
// open ones first by due date: its participants see them, admins only
// the counts, anyone else gets 404.
func (s *Service) RelationshipActions(ctx context.Context, a Actor, subject string, id int64) (ActionList, error) {
	rel, err := s.loadActionRel(ctx, s.store, a, subject, id)
	if err != nil {
		return ActionList{}, fmt.Errorf("action items of %s %d: %w", subject, id, err)
	}
	out, err := s.actionList(ctx, s.store, a, rel)
	if err != nil {
		return ActionList{}, fmt.Errorf("action items of %s %d: %w", subject, id, err)
	}
	return out, nil
}

// actionList lists a relationship the actor knows (rel) as the actor may
// see it, in one store call.
func (s *Service) actionList(ctx context.Context, st Ports, a Actor, rel actionRel) (ActionList, error) {
	f := ActionFilter{Limit: OverviewActionLimit}
	if rel.subject == SubjectEngagement {
		f.EngagementID = rel.id
	} else {
		f.PairingID = rel.id
	}
	xs, err := st.Actions.ListActionItems(ctx, f)
	if err != nil {
		return ActionList{}, err
	}
	return s.actionListOf(a, rel, xs), nil
}

// actionListOf reduces a relationship's items (rel, which the actor
// knows) to what the actor may see: its participants the items, anyone
// else the counts only.
func (s *Service) actionListOf(a Actor, rel actionRel, xs []ActionItem) ActionList {
	out := ActionList{Items: []ActionItem{}, CanAdd: rel.has(a.Person.ID) && rel.open}
	for _, x := range xs {
		x = s.actionFor(a, x)
		switch {
		case x.Done():
			out.Counts.Done++
		case x.Overdue:
			out.Counts.Overdue++
			out.Counts.Open++
		default:
			out.Counts.Open++
		}
		if rel.has(a.Person.ID) {
			out.Items = append(out.Items, x)
		}
	}
	return out
}

// MyActions lists the action items of every relationship the caller takes
// part in (openOnly: the open ones), open first by due date.
func (s *Service) MyActions(ctx context.Context, a Actor, openOnly bool) ([]ActionItem, error) {
	if a.Person.ID == 0 {
		return []ActionItem{}, nil
	}
	xs, err := s.store.Actions.ListActionItems(ctx, ActionFilter{PersonID: a.Person.ID, OpenOnly: openOnly, Limit: 1000})
	if err != nil {
		return nil, fmt.Errorf("my action items: %w", err)
	}
	for i := range xs {
		xs[i] = s.actionFor(a, xs[i])
	}
	return xs, nil
}

// ActionsDue lists the open items the caller owns that are overdue or due
// within days from today, for the home page and the agenda.
func (s *Service) ActionsDue(ctx context.Context, a Actor, days int) ([]ActionItem, error) {
	if a.Person.ID == 0 {
		return []ActionItem{}, nil
	}
	xs, err := s.store.Actions.ListActionItems(ctx, ActionFilter{OwnerID: a.Person.ID, OpenOnly: true,
		DueBy: s.orgToday().AddDays(days), Limit: 200})
	if err != nil {
		return nil, fmt.Errorf("action items due: %w", err)
	}
	for i := range xs {
		xs[i] = s.actionFor(a, xs[i])
	}
	return xs, nil
}

// loadAction reads an item for a participant of its relationship. An
// admin knows the relationship but may not touch its work (403); anyone
// else gets 404.
func (s *Service) loadAction(ctx context.Context, st Ports, a Actor, id int64) (ActionItem, actionRel, error) {
	x, err := st.Actions.ActionItemByID(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return ActionItem{}, actionRel{}, NotFoundText("error.action.not_found")
	}
	if err != nil {
		return ActionItem{}, actionRel{}, err
	}
	rel, err := s.loadActionRel(ctx, st, a, x.SubjectType(), x.SubjectID())
	if errors.Is(err, ErrNotFound) {
		return ActionItem{}, actionRel{}, NotFoundText("error.action.not_found")
	}
	if err != nil {
		return ActionItem{}, actionRel{}, err
	}
	if !rel.has(a.Person.ID) {
		return ActionItem{}, actionRel{}, ForbiddenText("error.action.participants_work")
	}
	return s.actionFor(a, x), rel, nil
}

// UpdateAction changes an item: either participant edits it; only its
// owner marks it done or open again.
func (s *Service) UpdateAction(ctx context.Context, a Actor, id int64, in ActionPatch) (ActionItem, error) {
	var out ActionItem
	err := s.inTx(ctx, func(tx Ports) error {
		before, rel, err := s.loadAction(ctx, tx, a, id)
		if err != nil {
			return err
		}
		x := before
		now := s.clock.Now()
		setTrimmed(&x.Title, in.Title)
		setTrimmed(&x.Detail, in.Detail)
		setIf(&x.OwnerID, in.OwnerID)
		setIf(&x.DueOn, in.DueOn)
		if in.Done != nil && *in.Done != before.Done() {
			if !before.Can.Complete {
				return ForbiddenText("error.action.owner_done")
			}
			if *in.Done {
				x.DoneAt = &now
			} else {
				x.DoneAt = nil
			}
		}
		if in.DueOn != nil && *in.DueOn != before.DueOn {
			x.RemindedAt = nil // a new date gets its own reminder
		}
		if err := s.checkAction(ctx, tx, rel, x, 0); err != nil {
			return err
		}
		x.UpdatedAt = now
		if err := tx.Actions.UpdateActionItem(ctx, &x); err != nil {
			return err
		}
		changes := diff(actionAuditFields(before), actionAuditFields(x))
		if x.Title != before.Title || x.Detail != before.Detail {
			changes["text"] = Change{After: AuditChanged}
		}
		if err := tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "update", ObjectType: "action_item", ObjectID: id,
			Changes: changes, At: now}); err != nil {
			return err
		}
		if out, err = tx.Actions.ActionItemByID(ctx, id); err != nil {
			return err
		}
		out = s.actionFor(a, out)
		return nil
	})
	if err != nil {
		return ActionItem{}, fmt.Errorf("update action item %d: %w", id, err)
	}
	return out, nil
}

// DeleteAction removes an item: either participant's.
func (s *Service) DeleteAction(ctx context.Context, a Actor, id int64) error {
	err := s.inTx(ctx, func(tx Ports) error {
		before, _, err := s.loadAction(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := tx.Actions.DeleteActionItem(ctx, id); err != nil {
			return err
		}
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "delete", ObjectType: "action_item", ObjectID: id,
			Changes: diff(actionAuditFields(before), nil), At: s.clock.Now()})
	})
	if err != nil {
		return fmt.Errorf("delete action item %d: %w", id, err)
	}
	return nil
}

// relationshipFacts is the health store's facts with each relationship's
// overdue action items counted in (one more query for all of them), and
// an engagement's overdue milestones (one more again).
func (s *Service) relationshipFacts(ctx context.Context, st Ports, q FactsQuery) ([]RelationshipFacts, error) {
	fs, err := st.Health.RelationshipFacts(ctx, q)
	if err != nil || len(fs) == 0 {
		return fs, err
	}
	counts, err := st.Actions.OverdueActionCounts(ctx, q.SubjectType, q.IDs, DateOf(q.Now, s.cfg.OrgLocation))
	if err != nil {
		return nil, err
	}
	for i := range fs {
		fs[i].OverdueActions = counts[fs[i].ID]
	}
	if q.SubjectType != SubjectEngagement {
		return fs, nil
	}
	late, err := st.Milestones.OverdueMilestoneCounts(ctx, q.IDs, DateOf(q.Now, s.cfg.OrgLocation))
	if err != nil {
		return nil, err
	}
	for i := range fs {
		fs[i].OverdueMilestones = late[fs[i].ID]
	}
	return fs, nil
}
