package domaintest

import (
	"context"
	"time"

	"cairn/domain"
)

type meetings struct{ conn }

// CreateMeeting stores the meeting without its private notes, which live
// in their own table.
func (g meetings) CreateMeeting(_ context.Context, m *domain.Meeting) error {
	st, unlock := g.lock()
	defer unlock()
	if occurrenceTaken(st, m.SeriesID, m.OccurrenceAt, 0) {
		return errConflict("meeting of series %d at %s exists", *m.SeriesID, m.OccurrenceAt)
	}
	insertMeeting(st, m)
	return nil
}

// insertMeeting stores a new meeting's row, which holds no private notes.
func insertMeeting(st *state, m *domain.Meeting) {
	m.ID = st.id()
	row := *m
	row.PrivateNotes, row.ContentHidden = "", false
	st.meetings[m.ID] = row
}

// CreateMeetings inserts each meeting, keeping a non-empty PrivateNotes
// as its creator's private note, as storage's bulk insert does.
func (g meetings) CreateMeetings(_ context.Context, ms []*domain.Meeting) error {
	st, unlock := g.lock()
	defer unlock()
	for _, m := range ms {
		insertMeeting(st, m)
		if m.PrivateNotes != "" {
			st.notes[noteKey{m.ID, m.CreatedBy}] = m.PrivateNotes
		}
	}
	return nil
}

// UpdateMeeting writes the mutable fields only, as storage does.
func (g meetings) UpdateMeeting(_ context.Context, m *domain.Meeting) error {
	return change(g.conn, func(st *state) map[int64]domain.Meeting { return st.meetings }, m.ID, func(_ *state, row *domain.Meeting) error {
		row.ScheduledAt, row.DurationMinutes, row.Location, row.Agenda = m.ScheduledAt, m.DurationMinutes, m.Location, m.Agenda
		row.Status, row.Notes, row.Sequence, row.UpdatedAt = m.Status, m.Notes, m.Sequence, m.UpdatedAt
		return nil
	}, "update %s %d", m.Kind, m.ID)
}

func (g meetings) MeetingByID(_ context.Context, id int64) (domain.Meeting, error) {
	return lookup(g.conn, func(st *state) map[int64]domain.Meeting { return st.meetings }, id, nil, "meeting %d", id)
}

func (g meetings) MeetingsByIDs(_ context.Context, ids []int64) (map[int64]domain.Meeting, error) {
	return lookupMany(g.conn, func(st *state) map[int64]domain.Meeting { return st.meetings }, ids), nil
}

// ListMeetings orders by time then id, continuing after the cursor
// meeting's (time, id), or by id alone with ByID.
func (g meetings) ListMeetings(_ context.Context, f domain.MeetingFilter) ([]domain.Meeting, error) {
	st, unlock := g.lock()
	defer unlock()
	out := filter(sortedValues(st.meetings), func(m domain.Meeting) bool {
		return (f.PairingID == 0 || (m.PairingID != nil && *m.PairingID == f.PairingID)) &&
			(f.EngagementID == 0 || (m.EngagementID != nil && *m.EngagementID == f.EngagementID)) &&
			(f.PersonID == 0 || m.HasParticipant(f.PersonID)) &&
			(f.From.IsZero() || !m.ScheduledAt.Before(f.From)) && (f.To.IsZero() || m.ScheduledAt.Before(f.To)) &&
			in(f.Statuses, m.Status)
	})
	if f.ByID {
		return limit(filter(out, func(m domain.Meeting) bool { return m.ID > f.After }), f.Limit), nil
	}
	sortStable(out, func(a, b domain.Meeting) bool { return a.ScheduledAt.Before(b.ScheduledAt) })
	if f.After > 0 {
		c, ok := st.meetings[f.After]
		if !ok || (f.PairingID != 0 && (c.PairingID == nil || *c.PairingID != f.PairingID)) ||
			(f.EngagementID != 0 && (c.EngagementID == nil || *c.EngagementID != f.EngagementID)) ||
			(f.PersonID != 0 && !c.HasParticipant(f.PersonID)) {
			return []domain.Meeting{}, nil
		}
		out = filter(out, func(m domain.Meeting) bool {
			return m.ScheduledAt.After(c.ScheduledAt) || (m.ScheduledAt.Equal(c.ScheduledAt) && m.ID > c.ID)
		})
	}
	return limit(out, f.Limit), nil
}

func (g meetings) CountOverlappingMeetings(_ context.Context, ids []int64, from, to time.Time, exceptID int64) (int, error) {
	st, unlock := g.lock()
	defer unlock()
	n := 0
	for _, m := range st.meetings {
		if m.Status != domain.StatusScheduled || m.ID == exceptID || !m.ScheduledAt.Before(to) || !m.EndsAt().After(from) {
			continue
		}
		for _, id := range ids {
			if m.HasParticipant(id) {
				n++
				break
			}
		}
	}
	return n, nil
}

func (g meetings) PrivateNote(_ context.Context, meetingID, authorID int64) (string, error) {
	st, unlock := g.lock()
	defer unlock()
	return st.notes[noteKey{meetingID, authorID}], nil
}

func (g meetings) PrivateNotesOf(_ context.Context, meetingIDs []int64, authorID int64) (map[int64]string, error) {
	st, unlock := g.lock()
	defer unlock()
	out := map[int64]string{}
	for _, id := range meetingIDs {
		if body, ok := st.notes[noteKey{id, authorID}]; ok {
			out[id] = body
		}
	}
	return out, nil
}

// SetPrivateNote writes the note, or with an empty body removes it.
func (g meetings) SetPrivateNote(_ context.Context, meetingID, authorID int64, body string, _ time.Time) error {
	st, unlock := g.lock()
	defer unlock()
	if _, ok := st.meetings[meetingID]; !ok {
		return errNotFound("private note on meeting %d", meetingID)
	}
	if body == "" {
		delete(st.notes, noteKey{meetingID, authorID})
		return nil
	}
	st.notes[noteKey{meetingID, authorID}] = body
	return nil
}

// AgendaOf joins the other participant and the programme (through the
// pairing or the engagement) and the leader's id; the domain names roles.
func (g meetings) AgendaOf(_ context.Context, personID int64, from, to time.Time, n int) ([]domain.AgendaItem, error) {
	st, unlock := g.lock()
	defer unlock()
	ms := filter(sortedValues(st.meetings), func(m domain.Meeting) bool {
		return m.HasParticipant(personID) && !m.ScheduledAt.Before(from) && m.ScheduledAt.Before(to)
	})
	sortStable(ms, func(a, b domain.Meeting) bool { return a.ScheduledAt.Before(b.ScheduledAt) })
	out := []domain.AgendaItem{}
	for _, m := range ms {
		var programmeID int64
		var goal string
		if m.PairingID != nil {
			programmeID = st.pairings[*m.PairingID].ProgrammeID
		}
		if m.EngagementID != nil {
			e := st.engagements[*m.EngagementID]
			programmeID, goal = e.ProgrammeID, e.Goal.Title
		}
		prog, ok := st.programmes[programmeID]
		other, found := st.people[m.OtherParticipant(personID)]
		if !ok || !found {
			continue // the inner joins drop it
		}
		it := domain.AgendaItem{Kind: m.Kind, ID: m.ID, With: domain.PersonRef{ID: other.ID, Name: other.Name}, WithTimezone: other.Timezone,
			ScheduledAt: m.ScheduledAt, DurationMinutes: m.DurationMinutes, Location: m.Location, Status: m.Status,
			Format: m.Format, ProgrammeID: prog.ID, ProgrammeName: prog.Name, Sequence: m.Sequence, GoalTitle: goal,
			LeaderID: m.LeaderID, SeriesID: m.SeriesID}
		out = append(out, it)
	}
	return limit(out, n), nil
}

type imports struct{ conn }

func (g imports) CreatePendingImport(_ context.Context, p domain.PendingImport) error {
	st, unlock := g.lock()
	defer unlock()
	if _, ok := st.imports[p.ID]; ok {
		return errConflict("held import %s", p.ID)
	}
	st.imports[p.ID] = p
	return nil
}

func (g imports) PendingImportByID(_ context.Context, id string) (domain.PendingImport, error) {
	return lookup(g.conn, func(st *state) map[string]domain.PendingImport { return st.imports }, id, nil, "held import")
}

func (g imports) DeletePendingImport(_ context.Context, id string) error {
	st, unlock := g.lock()
	defer unlock()
	delete(st.imports, id)
	return nil
}

func (g imports) DeleteExpiredImports(_ context.Context, now time.Time) error {
	st, unlock := g.lock()
	defer unlock()
	for id, p := range st.imports {
		if !p.ExpiresAt.After(now) {
			delete(st.imports, id)
		}
	}
	return nil
}

// RelationshipMeetings lists a pairing's check-ins or an engagement's
// sessions by time, with the viewer's private notes filled in.
func (g meetings) RelationshipMeetings(_ context.Context, kind domain.MeetingKind, relationshipID, viewerID int64, n int) ([]domain.Meeting, error) {
	st, unlock := g.lock()
	defer unlock()
	out := filter(sortedValues(st.meetings), func(m domain.Meeting) bool {
		rel := m.PairingID
		if kind == domain.MeetingSession {
			rel = m.EngagementID
		}
		return m.Kind == kind && rel != nil && *rel == relationshipID
	})
	sortStable(out, func(a, b domain.Meeting) bool { return a.ScheduledAt.Before(b.ScheduledAt) })
	out = limit(out, n)
	for i := range out {
		out[i].PrivateNotes = st.notes[noteKey{out[i].ID, viewerID}]
		if f, ok := feedbackOf(st, out[i].ID); ok {
			out[i].Feedback = &f
		}
	}
	return out, nil
}
