package domain

import (
	"context"
	"fmt"
	"time"
)

// EngagementExport is an engagement with its progress history.
type EngagementExport struct {
	Engagement
	Progress []ProgressEntry `json:"progress"`
}

// PersonExport is everything Cairn holds about one person: their profile,
// pairings, engagements with progress history, meetings with their shared
// notes and the person's OWN private notes (never anyone else's), and the
// audit entries by or about them.
type PersonExport struct {
	ExportedAt  time.Time          `json:"exported_at"`
	Person      Person             `json:"person"`
	Profile     Profile            `json:"profile"`
	Pairings    []Pairing          `json:"pairings"`
	Engagements []EngagementExport `json:"engagements"`
	Meetings    []Meeting          `json:"meetings"`
	Audit       []AuditView        `json:"audit"`
	// NotesWithheld is set when an admin exports someone else: note
	// contents (shared and private notes, agendas, progress comments) stay
	// with the people who wrote them; the person's own export has them.
	NotesWithheld bool `json:"notes_withheld"`
}

// ExportPerson gathers a person's data for download, by the person or an
// admin (anyone else: 403). The export is audited. An admin's export of
// someone else holds no note contents: admins never read them, an export
// included.
func (s *Service) ExportPerson(ctx context.Context, a Actor, id int64) (PersonExport, error) {
	if !a.IsAdmin() && a.Person.ID != id {
		if _, err := s.GetPerson(ctx, a, id); err != nil {
			return PersonExport{}, err
		}
		return PersonExport{}, ForbiddenText("error.person.export_forbidden")
	}
	now := s.clock.Now()
	out := PersonExport{ExportedAt: now}
	err := s.inTx(ctx, func(tx Ports) error {
		p, err := tx.People.PersonByID(ctx, id)
		if err != nil {
			return err
		}
		out.Person = p
		if out.Profile, err = tx.Profiles.ProfileOf(ctx, id); err != nil {
			return err
		}
		out.Profile.Can = ProfileAbilitiesOf(a, id)
		if out.Pairings, err = tx.Pairings.ListPairings(ctx, PairingFilter{PersonID: id, Limit: allRows}); err != nil {
			return err
		}
		es, err := tx.Engagements.ListEngagements(ctx, EngagementFilter{PersonID: id, Limit: allRows})
		if err != nil {
			return err
		}
		out.Engagements = make([]EngagementExport, len(es))
		for i, e := range es {
			progress, err := tx.Engagements.ListEngagementProgress(ctx, e.ID)
			if err != nil {
				return err
			}
			out.Engagements[i] = EngagementExport{Engagement: s.withDeadline(e), Progress: progress}
		}
		ms, err := tx.Meetings.ListMeetings(ctx, MeetingFilter{PersonID: id, Limit: allRows})
		if err != nil {
			return err
		}
		ids := make([]int64, len(ms))
		for i, m := range ms {
			ids[i] = m.ID
		}
		if len(ids) > 0 {
			own, err := tx.Meetings.PrivateNotesOf(ctx, ids, id)
			if err != nil {
				return err
			}
			for i := range ms {
				ms[i].PrivateNotes = own[ms[i].ID]
			}
		}
		out.Meetings = ms
		if a.Person.ID != id {
			out.NotesWithheld = true
			for i := range out.Meetings {
				out.Meetings[i] = out.Meetings[i].redactFor(Actor{})
			}
			for i := range out.Engagements {
				for j := range out.Engagements[i].Progress {
					if out.Engagements[i].Progress[j].Comment != "" {
						out.Engagements[i].Progress[j].Comment, out.Engagements[i].Progress[j].CommentHidden = "", true
					}
				}
			}
		}
		if out.Audit, err = tx.Audit.ListAudit(ctx, AuditFilter{PersonID: id, Limit: allRows}); err != nil {
			return err
		}
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "export", ObjectType: "person", ObjectID: id, At: now})
	})
	if err != nil {
		return PersonExport{}, fmt.Errorf("export person %d: %w", id, err)
	}
	return out, nil
}
