package generate

import (
	"context"
	"fmt"
	"io"

	"cairn/domain"
)

// meetingChunk is how many meetings go to the database between progress lines.
const meetingChunk = 20000

// bulkLoader is a database with a faster transaction for loading many
// rows into an idle database (storage.Store's BulkLoad builds the read
// indexes after the rows).
type bulkLoader interface {
	BulkLoad(ctx context.Context, fn func(tx domain.Ports) error) error
}

// Write stores the plan through the domain's ports in one transaction (the
// database's bulk load when it has one), in the order the rows depend on
// each other, and replaces the provisional ids with the database's. On
// error nothing is kept.
func (p *Plan) Write(ctx context.Context, db domain.Database, progress io.Writer) error {
	return p.write(ctx, db, progress, nil)
}

// write is Write, running then (when set) in the transaction at the end.
func (p *Plan) write(ctx context.Context, db domain.Database, progress io.Writer, then func(context.Context, domain.Ports, *Plan) error) error {
	say := func(format string, a ...any) {
		if progress != nil {
			fmt.Fprintf(progress, format+"\n", a...)
		}
	}
	inTx := db.InTx
	if b, ok := db.(bulkLoader); ok {
		inTx = b.BulkLoad
	}
	return inTx(ctx, func(tx domain.Ports) error {
		people := make(map[int64]int64, len(p.People))
		if err := tx.People.CreatePeople(ctx, p.People); err != nil {
			return fmt.Errorf("generate: people: %w", err)
		}
		remap(people, p.People, func(x *domain.Person) int64 { return x.ID })
		say("seed: %d people", len(p.People))
		profiles := make([]domain.Profile, len(p.Profiles))
		for i, x := range p.Profiles {
			profiles[i] = *x
			profiles[i].PersonID = people[x.PersonID]
		}
		if err := tx.Profiles.CreateProfiles(ctx, profiles); err != nil {
			return fmt.Errorf("generate: profiles: %w", err)
		}

		progs := map[int64]int64{}
		for _, x := range p.Programmes {
			old := x.ID
			if err := tx.Programmes.CreateProgramme(ctx, x); err != nil {
				return fmt.Errorf("generate: programme %q: %w", x.Name, err)
			}
			progs[old] = x.ID
		}

		pairings := make(map[int64]int64, len(p.Pairings))
		for _, x := range p.Pairings {
			x.ProgrammeID, x.MentorID, x.MenteeID = progs[x.ProgrammeID], people[x.MentorID], people[x.MenteeID]
		}
		if err := tx.Pairings.CreatePairings(ctx, p.Pairings); err != nil {
			return fmt.Errorf("generate: pairings: %w", err)
		}
		remap(pairings, p.Pairings, func(x *domain.Pairing) int64 { return x.ID })
		say("seed: %d pairings", len(p.Pairings))

		engagements := make(map[int64]int64, len(p.Engagements))
		for _, x := range p.Engagements {
			x.ProgrammeID, x.CoachID, x.CoacheeID = progs[x.ProgrammeID], people[x.CoachID], people[x.CoacheeID]
		}
		if err := tx.Engagements.CreateEngagements(ctx, p.Engagements); err != nil {
			return fmt.Errorf("generate: engagements: %w", err)
		}
		remap(engagements, p.Engagements, func(x *domain.Engagement) int64 { return x.ID })
		say("seed: %d engagements", len(p.Engagements))

		for _, m := range p.Meetings {
			m.LeaderID, m.LearnerID, m.CreatedBy = people[m.LeaderID], people[m.LearnerID], people[m.CreatedBy]
			if m.PairingID != nil {
				id := pairings[*m.PairingID]
				m.PairingID = &id
			}
			if m.EngagementID != nil {
				id := engagements[*m.EngagementID]
				m.EngagementID = &id
			}
		}
		for start := 0; start < len(p.Meetings); start += meetingChunk {
			end := min(start+meetingChunk, len(p.Meetings))
			if err := tx.Meetings.CreateMeetings(ctx, p.Meetings[start:end]); err != nil {
				return fmt.Errorf("generate: meetings: %w", err)
			}
			say("seed: %d/%d meetings", end, len(p.Meetings))
		}
		if then != nil {
			if err := then(ctx, tx, p); err != nil {
				return err
			}
		}
		say("seed: rows written; indexing and committing")
		return nil
	})
}

// remap records, for each row, its provisional id (its position + 1 in
// the plan) against the id the database gave it.
func remap[T any](ids map[int64]int64, rows []T, id func(T) int64) {
	for i, x := range rows {
		ids[int64(i)+1] = id(x)
	}
}
