package domain

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// SeriesOf names the relationship a series belongs to: one id is set.
type SeriesOf struct {
	PairingID    int64
	EngagementID int64
}

// relationForSeries loads the relationship for the actor: admins and its
// two participants see it, everyone else gets 404.
func (s *Service) relationForSeries(ctx context.Context, st Ports, a Actor, of SeriesOf) (meetingRelation, error) {
	switch {
	case of.PairingID != 0:
		p, err := st.Pairings.PairingByID(ctx, of.PairingID)
		if errors.Is(err, ErrNotFound) || err == nil && !mayKnowPairing(a, p) {
			return meetingRelation{}, NotFoundText("error.a1.no_pairing")
		}
		if err != nil {
			return meetingRelation{}, err
		}
		return pairingRelation(p), nil
	case of.EngagementID != 0:
		e, err := s.loadEngagement(ctx, st, a, of.EngagementID)
		if err != nil {
			return meetingRelation{}, err
		}
		return s.engagementRelation(e), nil
	}
	return meetingRelation{}, NotFoundText("error.a1.no_relation")
}

// parties are the leader and the learner of a relationship and the kind
// of meeting it holds.
func (r meetingRelation) parties() (kind MeetingKind, leader, learner int64) {
	if r.pairing != nil {
		return MeetingCheckin, r.pairing.MentorID, r.pairing.MenteeID
	}
	return MeetingSession, r.engagement.CoachID, r.engagement.CoacheeID
}

// window is an engagement's [from, to) in the organisation's zone; nil
// for a pairing, which has no end.
func (s *Service) seriesWindow(r meetingRelation) *[2]time.Time {
	if r.engagement == nil {
		return nil
	}
	from, to := r.engagement.Window(s.cfg.OrgLocation)
	return &[2]time.Time{from, to}
}

// seriesAbilities: the participants and admins change a series while its
// relationship takes new times.
func seriesAbilities(a Actor, sr Series, rel meetingRelation) SeriesAbilities {
	may := (a.IsAdmin() || sr.HasParticipant(a.Person.ID)) && sr.Status == SeriesActive && rel.active
	return SeriesAbilities{Edit: may, End: may}
}

// MaySetPairingSeries: an admin or a participant sets a regular time for
// an active pairing.
func MaySetPairingSeries(a Actor, p Pairing) bool {
	return mayKnowPairing(a, p) && p.Status == PairingActive
}

// MaySetEngagementSeries: an admin or a participant sets a regular time
// for a running engagement.
func MaySetEngagementSeries(a Actor, e Engagement) bool {
	return mayKnowEngagement(a, e) && e.IsOpen()
}

// lockedRelation locks what orders changes to the relationship (as
// meetings do) and reads it again.
func (s *Service) lockedRelation(ctx context.Context, tx Ports, r meetingRelation) (meetingRelation, error) {
	_, leader, learner := r.parties()
	m := Meeting{LeaderID: leader, LearnerID: learner}
	if r.pairing != nil {
		m.PairingID = &r.pairing.ID
	} else {
		m.EngagementID = &r.engagement.ID
	}
	return s.relationOf(ctx, tx, m, true)
}

func clashModeOf(v *ValidationError, m ClashMode) ClashMode {
	switch m {
	case "", ClashRefuse:
		return ClashRefuse
	case ClashSkip:
		return ClashSkip
	}
	v.AddText("on_clash", "error.a1.clash_mode")
	return ClashRefuse
}

// newSeries builds and validates a series for a relationship.
func (s *Service) newSeries(ctx context.Context, st Ports, a Actor, rel meetingRelation, in SeriesInput, now time.Time) (Series, ClashMode, error) {
	kind, leader, learner := rel.parties()
	sr := Series{Kind: kind, LeaderID: leader, LearnerID: learner, OrganiserID: leader, Timezone: strings.TrimSpace(in.Timezone),
		StartsAt: in.StartsAt, DurationMinutes: in.DurationMinutes, Location: in.Location, Rule: in.Rule, Until: in.Until,
		Count: in.Count, Status: SeriesActive, Skipped: []time.Time{}, CreatedBy: a.Person.ID, CreatedAt: now, UpdatedAt: now}
	if rel.pairing != nil {
		sr.PairingID = &rel.pairing.ID
	} else {
		sr.EngagementID = &rel.engagement.ID
	}
	if sr.HasParticipant(a.Person.ID) {
		sr.OrganiserID = a.Person.ID
	}
	if sr.Timezone == "" {
		p, err := st.People.PersonByID(ctx, sr.OrganiserID)
		if err != nil {
			return Series{}, "", err
		}
		sr.Timezone = p.Location().String()
	}
	var v ValidationError
	mode := clashModeOf(&v, in.OnClash)
	sr.shape(&v, now, s.seriesWindow(rel))
	return sr, mode, v.Err()
}

// CreateSeries sets a regular time for a pairing or an engagement, by a
// participant or an admin. Its occurrences inside the horizon become
// meetings through the one meeting path; occurrences that clash with
// another meeting of a participant refuse the series (409, the dates
// named) or, with OnClash skip, are left out.
func (s *Service) CreateSeries(ctx context.Context, a Actor, of SeriesOf, in SeriesInput) (Series, error) {
	var out Series
	err := s.inTx(ctx, func(tx Ports) error {
		rel, err := s.relationForSeries(ctx, tx, a, of)
		if err != nil {
			return err
		}
		if rel, err = s.lockedRelation(ctx, tx, rel); err != nil {
			return err
		}
		if !rel.active {
			return rel.refuse("error.a1.pairing_no_regular_time", "error.a1.engagement_no_regular_time")
		}
		now := s.clock.Now()
		sr, mode, err := s.newSeries(ctx, tx, a, rel, in, now)
		if err != nil {
			return err
		}
		if sr.StartsAt.After(now.Add(SeriesHorizon)) {
			return InvalidText("starts_at", "error.a1.within_horizon")
		}
		if err := tx.Series.CreateSeries(ctx, &sr); err != nil {
			return err
		}
		if err := s.fillSeries(ctx, tx, a, &sr, rel, mode, now); err != nil {
			return err
		}
		if made, err := tx.Series.SeriesMeetings(ctx, sr.ID); err != nil {
			return err
		} else if len(made) == 0 {
			return ConflictText("error.a1.every_date_clashes")
		}
		if err := tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "create", ObjectType: "series", ObjectID: sr.ID,
			Changes: diff(nil, seriesAuditFields(sr)), At: now}); err != nil {
			return err
		}
		out = sr
		return nil
	})
	if err != nil {
		return Series{}, fmt.Errorf("create series: %w", err)
	}
	return s.seriesFor(ctx, a, out.ID)
}

func seriesAuditFields(sr Series) map[string]any {
	return map[string]any{"rule": sr.RRule, "starts_at": sr.StartsAt, "timezone": sr.Timezone,
		"duration_minutes": sr.DurationMinutes, "location": sr.Location, "status": sr.Status}
}

// clashError names the clashing dates in the series' zone.
func clashError(ts []time.Time, loc *time.Location) error {
	words := make([]string, len(ts))
	stamps := make([]string, len(ts))
	for i, t := range ts {
		words[i] = t.In(loc).Format("Mon 2 Jan 2006 15:04")
		stamps[i] = t.UTC().Format(time.RFC3339)
	}
	dates := strings.Join(words, "; ")
	msg := Text{Key: "error.a1.dates_clash", Args: []any{"Count", len(ts), "Dates", dates}}
	if len(ts) == 1 {
		msg = Text{Key: "error.a1.date_clashes", Args: []any{"Dates", dates}}
	}
	return conflictOnFields(msg, map[string]Text{"starts_at": {Key: "error.a1.clashes_on", Args: []any{"Dates", dates}}},
		map[string]string{"clashes": strings.Join(stamps, ",")})
}

// fillSeries makes the meetings of the series' occurrences inside the
// horizon that have none yet (the skipped, those outside the
// relationship's dates and those already made, in any state, are left).
// A clash refuses or is skipped, by mode.
func (s *Service) fillSeries(ctx context.Context, tx Ports, a Actor, sr *Series, rel meetingRelation, mode ClashMode, now time.Time) error {
	if sr.Status != SeriesActive || !rel.active {
		return nil
	}
	have, err := tx.Series.SeriesMeetings(ctx, sr.ID)
	if err != nil {
		return err
	}
	taken := map[int64]bool{}
	for _, m := range have {
		if m.OccurrenceAt != nil {
			taken[m.OccurrenceAt.Unix()] = true
		}
	}
	occ, err := sr.Occurrences(now, now.Add(SeriesHorizon))
	if err != nil {
		return err
	}
	if err := tx.People.LockPeople(ctx, sr.LeaderID, sr.LearnerID); err != nil {
		return err
	}
	var clashes []time.Time
	skipped := false
	for _, t := range occ {
		if !t.After(now) || taken[t.Unix()] || !rel.inside(t) {
			continue
		}
		m := Meeting{Kind: sr.Kind, PairingID: sr.PairingID, EngagementID: sr.EngagementID, LeaderID: sr.LeaderID,
			LearnerID: sr.LearnerID, Format: FormatFormal, ScheduledAt: t, DurationMinutes: sr.DurationMinutes,
			Location: sr.Location, Status: StatusScheduled, SeriesID: &sr.ID, OccurrenceAt: &t}
		n, err := tx.Meetings.CountOverlappingMeetings(ctx, []int64{sr.LeaderID, sr.LearnerID}, t, m.EndsAt(), 0)
		if err != nil {
			return err
		}
		if n > 0 {
			if mode == ClashSkip {
				sr.Skipped = append(sr.Skipped, t)
				skipped = true
			} else {
				clashes = append(clashes, t)
			}
			continue
		}
		if len(clashes) > 0 {
			continue // refused anyway; only the clashes are still of interest
		}
		if err := s.insertMeeting(ctx, tx, a, &m); err != nil {
			return err
		}
	}
	if len(clashes) > 0 {
		return clashError(clashes, sr.Zone())
	}
	if skipped {
		sr.UpdatedAt = now
		if err := tx.Series.UpdateSeries(ctx, sr); err != nil {
			return err
		}
		return tx.Series.BumpSeriesSequence(ctx, sr.ID, now)
	}
	return nil
}

// loadSeriesFor reads a series for the actor (admins and its two
// participants; 404 for anyone else) with its relationship.
func (s *Service) loadSeriesFor(ctx context.Context, st Ports, a Actor, id int64) (Series, meetingRelation, error) {
	sr, err := st.Series.SeriesByID(ctx, id)
	if errors.Is(err, ErrNotFound) || err == nil && !a.IsAdmin() && !sr.HasParticipant(a.Person.ID) {
		return Series{}, meetingRelation{}, NotFoundText("error.a1.no_series")
	}
	if err != nil {
		return Series{}, meetingRelation{}, err
	}
	rel, err := s.relationOf(ctx, st, Meeting{PairingID: sr.PairingID, EngagementID: sr.EngagementID, LeaderID: sr.LeaderID, LearnerID: sr.LearnerID}, false)
	if err != nil {
		return Series{}, meetingRelation{}, err
	}
	return sr, rel, nil
}

// seriesFor reads a series with its upcoming occurrences and what the
// actor may do.
func (s *Service) seriesFor(ctx context.Context, a Actor, id int64) (Series, error) {
	sr, rel, err := s.loadSeriesFor(ctx, s.store, a, id)
	if err != nil {
		return Series{}, fmt.Errorf("series %d: %w", id, err)
	}
	if err := s.withOccurrences(ctx, a, &sr, rel); err != nil {
		return Series{}, fmt.Errorf("series %d: %w", id, err)
	}
	return sr, nil
}

func (s *Service) withOccurrences(ctx context.Context, a Actor, sr *Series, rel meetingRelation) error {
	ms, err := s.store.Series.SeriesMeetings(ctx, sr.ID)
	if err != nil {
		return err
	}
	fillOccurrences(a, sr, rel, ms, s.clock.Now())
	return nil
}

// fillOccurrences fills in a series' dates ahead from meetings read (of
// any series), what the actor may do with each and with the series.
func fillOccurrences(a Actor, sr *Series, rel meetingRelation, ms []Meeting, now time.Time) {
	sr.Upcoming = []SeriesOccurrence{}
	for _, m := range ms {
		if m.SeriesID == nil || *m.SeriesID != sr.ID || m.OccurrenceAt == nil || !m.EndsAt().After(now) {
			continue
		}
		sr.Upcoming = append(sr.Upcoming, SeriesOccurrence{MeetingID: m.ID, Kind: m.Kind, ScheduledAt: m.ScheduledAt,
			OccurrenceAt: *m.OccurrenceAt, Status: m.Status, Moved: !m.ScheduledAt.Equal(*m.OccurrenceAt),
			Can: meetingAbilities(a, m, rel, now)})
	}
	slices.SortFunc(sr.Upcoming, func(x, y SeriesOccurrence) int { return x.ScheduledAt.Compare(y.ScheduledAt) })
	if sr.Skipped == nil {
		sr.Skipped = []time.Time{}
	}
	sr.describe()
	sr.Can = seriesAbilities(a, *sr, rel)
}

// relationshipSeries reads a relationship's regular times for its page,
// with their dates ahead from the meetings the page read: the store is
// asked (once) only when one of those meetings belongs to a series, or the
// list was cut short. A series always has a meeting: CreateSeries makes at
// least one.
func (s *Service) relationshipSeries(ctx context.Context, a Actor, of SeriesOf, ms []Meeting, rel meetingRelation) ([]Series, error) {
	cut := len(ms) >= overviewMeetingLimit
	if !cut && !slices.ContainsFunc(ms, func(m Meeting) bool { return m.SeriesID != nil }) {
		return []Series{}, nil
	}
	list, err := s.store.Series.ListSeries(ctx, SeriesFilter{PairingID: of.PairingID, EngagementID: of.EngagementID, Limit: 500})
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	for i := range list {
		if cut {
			if err := s.withOccurrences(ctx, a, &list[i], rel); err != nil {
				return nil, err
			}
			continue
		}
		fillOccurrences(a, &list[i], rel, ms, now)
	}
	return list, nil
}

// GetSeries reads a series with its upcoming occurrences: admins and the
// two participants; anyone else 404.
func (s *Service) GetSeries(ctx context.Context, a Actor, id int64) (Series, error) {
	return s.seriesFor(ctx, a, id)
}

// ListSeries lists a pairing's or an engagement's series by id, for
// whoever may see the relationship.
func (s *Service) ListSeries(ctx context.Context, a Actor, of SeriesOf, limit int, after int64) ([]Series, error) {
	rel, err := s.relationForSeries(ctx, s.store, a, of)
	if err != nil {
		return nil, fmt.Errorf("list series: %w", err)
	}
	out, err := s.store.Series.ListSeries(ctx, SeriesFilter{PairingID: of.PairingID, EngagementID: of.EngagementID, Limit: ClampLimit(limit), After: after})
	if err != nil {
		return nil, fmt.Errorf("list series: %w", err)
	}
	for i := range out {
		if err := s.withOccurrences(ctx, a, &out[i], rel); err != nil {
			return nil, fmt.Errorf("list series: %w", err)
		}
	}
	return out, nil
}

// SeriesPreview is what a new series would be: its first dates, and the
// two participants to show them to in their own zones.
type SeriesPreview struct {
	Series Series
	Dates  []time.Time
	People [2]Person // leader, learner
}

// PreviewSeries checks a series as CreateSeries would and lists its next
// n dates (at most 20), writing nothing.
func (s *Service) PreviewSeries(ctx context.Context, a Actor, of SeriesOf, in SeriesInput, n int) (SeriesPreview, error) {
	rel, err := s.relationForSeries(ctx, s.store, a, of)
	if err != nil {
		return SeriesPreview{}, fmt.Errorf("preview series: %w", err)
	}
	now := s.clock.Now()
	sr, _, err := s.newSeries(ctx, s.store, a, rel, in, now)
	if err != nil {
		return SeriesPreview{}, fmt.Errorf("preview series: %w", err)
	}
	out := SeriesPreview{Series: sr}
	if out.Dates, err = sr.First(now, min(max(n, 1), 20)); err != nil {
		return SeriesPreview{}, fmt.Errorf("preview series: %w", err)
	}
	for i, id := range []int64{sr.LeaderID, sr.LearnerID} {
		if out.People[i], err = s.store.People.PersonByID(ctx, id); err != nil {
			return SeriesPreview{}, fmt.Errorf("preview series: %w", err)
		}
	}
	return out, nil
}

// UpdateSeries changes a series from an occurrence on ("this and
// following"; from now on when From is nil). Occurrences before From,
// and their reminders, stay as they are. From at or before the first
// occurrence changes the series itself; a later From ends the series
// before it and carries on with a new series from there. Scheduled
// occurrences ahead that the new rule still has are kept (their place and
// duration follow); the others are cancelled and the new ones made,
// clashes refused or skipped as in CreateSeries.
func (s *Service) UpdateSeries(ctx context.Context, a Actor, id int64, in SeriesPatch) (Series, error) {
	var outID int64
	err := s.inTx(ctx, func(tx Ports) error {
		if _, _, err := s.loadSeriesFor(ctx, tx, a, id); err != nil {
			return err
		}
		if err := tx.Series.LockSeries(ctx, id); err != nil {
			return err
		}
		old, rel, err := s.loadSeriesFor(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if rel, err = s.lockedRelation(ctx, tx, rel); err != nil {
			return err
		}
		if old.Status != SeriesActive {
			return ConflictText("error.a1.series_ended")
		}
		if !rel.active {
			return rel.refuse("error.a1.pairing_regular_time_fixed", "error.a1.engagement_regular_time_fixed")
		}
		now := s.clock.Now()
		from := now
		if in.From != nil {
			if !InstantInRange(*in.From) {
				return InvalidText("from", "error.a1.years", "From", MinYear, "To", MaxYear)
			}
			from = in.From.UTC()
		}
		next := old
		next.Skipped = slices.DeleteFunc(slices.Clone(old.Skipped), func(t time.Time) bool { return t.Before(from) })
		setIf(&next.Rule, in.Rule)
		setIf(&next.Timezone, in.Timezone)
		setIf(&next.DurationMinutes, in.DurationMinutes)
		setIf(&next.Location, in.Location)
		if in.Until != nil || in.Count != nil {
			next.Until, next.Count = nil, 0
			if in.Until != nil && !in.Until.IsZero() {
				u := *in.Until
				next.Until = &u
			}
			setIf(&next.Count, in.Count)
		}
		inPlace := !from.After(old.StartsAt)
		if in.StartsAt != nil {
			next.StartsAt = in.StartsAt.UTC()
		} else if !inPlace {
			first, err := old.First(from, 1)
			if err != nil {
				return err
			}
			if len(first) == 0 {
				return InvalidText("from", "error.a1.no_date_from")
			}
			next.StartsAt = first[0]
		}
		if !inPlace && old.Count > 0 && in.Until == nil && in.Count == nil {
			before, err := old.Occurrences(old.StartsAt, from.Add(-time.Second))
			if err != nil {
				return err
			}
			next.Count = max(old.Count-len(before)-len(slices.DeleteFunc(slices.Clone(old.Skipped), func(t time.Time) bool { return !t.Before(from) })), 1)
		}
		var v ValidationError
		mode := clashModeOf(&v, in.OnClash)
		next.shape(&v, now, s.seriesWindow(rel))
		if err := v.Err(); err != nil {
			return err
		}
		next.UpdatedAt = now
		if inPlace {
			if err := tx.Series.UpdateSeries(ctx, &next); err != nil {
				return err
			}
		} else {
			end := from.Add(-time.Second)
			d := DateOf(end, old.Zone())
			old.Until, old.UntilAt, old.Count = &d, &end, 0
			old.RRule, old.UpdatedAt = fullRule(old.Rule, old.UntilAt, 0), now
			if err := tx.Series.UpdateSeries(ctx, &old); err != nil {
				return err
			}
			if err := tx.Series.BumpSeriesSequence(ctx, old.ID, now); err != nil {
				return err
			}
			next.ID, next.Sequence, next.CreatedBy, next.CreatedAt = 0, 0, a.Person.ID, now
			if err := tx.Series.CreateSeries(ctx, &next); err != nil {
				return err
			}
		}
		if err := tx.Series.BumpSeriesSequence(ctx, next.ID, now); err != nil {
			return err
		}
		if err := s.carryOccurrences(ctx, tx, a, old, next, from, now); err != nil {
			return err
		}
		if err := s.fillSeries(ctx, tx, a, &next, rel, mode, now); err != nil {
			return err
		}
		changes := diff(seriesAuditFields(old), seriesAuditFields(next))
		changes["from"] = Change{After: from}
		if err := tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "update", ObjectType: "series", ObjectID: old.ID,
			Changes: changes, At: now}); err != nil {
			return err
		}
		outID = next.ID
		return nil
	})
	if err != nil {
		return Series{}, fmt.Errorf("update series %d: %w", id, err)
	}
	return s.seriesFor(ctx, a, outID)
}

// carryOccurrences hands the old series' scheduled occurrences ahead, from
// from on, to the next series: one the next rule also has stays (its
// place and duration follow the series; one moved on its own keeps its
// time), the rest are cancelled through the meeting path.
func (s *Service) carryOccurrences(ctx context.Context, tx Ports, a Actor, old, next Series, from, now time.Time) error {
	ms, err := tx.Series.SeriesMeetings(ctx, old.ID)
	if err != nil {
		return err
	}
	keep := map[int64]bool{}
	occ, err := next.Occurrences(from, now.Add(SeriesHorizon))
	if err != nil {
		return err
	}
	for _, t := range occ {
		keep[t.Unix()] = true
	}
	var stay []Meeting
	cancelled := StatusCancelled
	for _, m := range ms {
		if m.OccurrenceAt == nil || m.OccurrenceAt.Before(from) || m.Status != StatusScheduled || !m.ScheduledAt.After(now) {
			continue
		}
		if !keep[m.OccurrenceAt.Unix()] {
			if _, err := s.changeMeeting(ctx, tx, a, m, MeetingPatch{Status: &cancelled}); err != nil {
				return err
			}
			continue
		}
		stay = append(stay, m)
	}
	for _, m := range stay {
		if next.ID != old.ID {
			if err := tx.Series.SetMeetingSeries(ctx, m.ID, next.ID, *m.OccurrenceAt); err != nil {
				return err
			}
			m.SeriesID = &next.ID
		}
		patch := MeetingPatch{}
		if m.DurationMinutes != next.DurationMinutes {
			patch.DurationMinutes = &next.DurationMinutes
		}
		if m.Location != next.Location {
			patch.Location = &next.Location
		}
		if !patch.IsEmpty() {
			if _, err := s.changeMeeting(ctx, tx, a, m, patch); err != nil {
				return err
			}
		}
	}
	return nil
}

// EndSeries ends a series now: its scheduled occurrences ahead are
// cancelled (through the meeting path: reminders withdrawn, a notice
// sent); the past ones stay. Admins and the two participants; 404 for
// anyone else.
func (s *Service) EndSeries(ctx context.Context, a Actor, id int64) error {
	err := s.inTx(ctx, func(tx Ports) error {
		if _, _, err := s.loadSeriesFor(ctx, tx, a, id); err != nil {
			return err
		}
		if err := tx.Series.LockSeries(ctx, id); err != nil {
			return err
		}
		sr, rel, err := s.loadSeriesFor(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if _, err := s.lockedRelation(ctx, tx, rel); err != nil {
			return err
		}
		if sr.Status != SeriesActive {
			return ConflictText("error.a1.series_ended_already")
		}
		return s.endSeries(ctx, tx, a, sr, true)
	})
	if err != nil {
		return fmt.Errorf("end series %d: %w", id, err)
	}
	return nil
}

// endSeries stops the rule now and, with cancel, cancels the scheduled
// occurrences ahead (a relationship that ends cancels them itself).
func (s *Service) endSeries(ctx context.Context, tx Ports, a Actor, sr Series, cancel bool) error {
	now := s.clock.Now()
	before := sr
	end := now.UTC().Truncate(time.Second)
	d := DateOf(end, sr.Zone())
	sr.Status, sr.Until, sr.UntilAt, sr.Count = SeriesEnded, &d, &end, 0
	sr.RRule, sr.UpdatedAt = fullRule(sr.Rule, sr.UntilAt, 0), now
	if err := tx.Series.UpdateSeries(ctx, &sr); err != nil {
		return err
	}
	if err := tx.Series.BumpSeriesSequence(ctx, sr.ID, now); err != nil {
		return err
	}
	if cancel {
		ms, err := tx.Series.SeriesMeetings(ctx, sr.ID)
		if err != nil {
			return err
		}
		cancelled := StatusCancelled
		for _, m := range ms {
			if m.Status == StatusScheduled && m.ScheduledAt.After(now) {
				if _, err := s.changeMeeting(ctx, tx, a, m, MeetingPatch{Status: &cancelled}); err != nil {
					return err
				}
			}
		}
	}
	return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "end", ObjectType: "series", ObjectID: sr.ID,
		Changes: diff(seriesAuditFields(before), seriesAuditFields(sr)), At: now})
}

// endSeriesOf ends the live series of a relationship that ends, inside
// its transaction; the relationship cancels its meetings itself.
func (s *Service) endSeriesOf(ctx context.Context, tx Ports, a Actor, of SeriesOf) error {
	list, err := tx.Series.ListSeries(ctx, SeriesFilter{PairingID: of.PairingID, EngagementID: of.EngagementID,
		Statuses: []SeriesStatus{SeriesActive}, Limit: 500})
	if err != nil {
		return err
	}
	for _, sr := range list {
		if err := s.endSeries(ctx, tx, a, sr, false); err != nil {
			return err
		}
	}
	return nil
}

// SeriesRun says what one horizon sweep did.
type SeriesRun struct {
	Series int `json:"series"`
	Ended  int `json:"ended"`
}

// ExtendSeries moves every live series' horizon on: the occurrences now
// inside it become meetings (clashes skipped). Each series is extended in
// its own transaction under its row lock and meetings are unique per
// (series, occurrence), so two instances running it together make each
// occurrence once. A series whose relationship has ended is ended.
func (s *Service) ExtendSeries(ctx context.Context) (SeriesRun, error) {
	var run SeriesRun
	var after int64
	for ctx.Err() == nil {
		list, err := s.store.Series.ListSeries(ctx, SeriesFilter{Statuses: []SeriesStatus{SeriesActive}, Limit: 200, After: after})
		if err != nil {
			return run, fmt.Errorf("extend series: %w", err)
		}
		if len(list) == 0 {
			break
		}
		for _, sr := range list {
			after = sr.ID
			err := s.inTx(ctx, func(tx Ports) error {
				if err := tx.Series.LockSeries(ctx, sr.ID); err != nil {
					return err
				}
				cur, err := tx.Series.SeriesByID(ctx, sr.ID)
				if err != nil || cur.Status != SeriesActive {
					return err
				}
				rel, err := s.relationOf(ctx, tx, Meeting{PairingID: cur.PairingID, EngagementID: cur.EngagementID,
					LeaderID: cur.LeaderID, LearnerID: cur.LearnerID}, true)
				if err != nil {
					return err
				}
				if !rel.open {
					run.Ended++
					return s.endSeries(ctx, tx, Actor{}, cur, true)
				}
				run.Series++
				return s.fillSeries(ctx, tx, Actor{}, &cur, rel, ClashSkip, s.clock.Now())
			})
			if err != nil {
				return run, fmt.Errorf("extend series %d: %w", sr.ID, err)
			}
		}
	}
	return run, ctx.Err()
}

// touchSeries bumps the series' sequence when one of its occurrences
// moves, changes place or state, so calendars update the series.
func touchSeries(ctx context.Context, tx Ports, before *Meeting, after Meeting, now time.Time) error {
	if after.SeriesID == nil || before == nil {
		return nil
	}
	if !after.movedFrom(*before) && after.Location == before.Location && after.Status == before.Status {
		return nil
	}
	return tx.Series.BumpSeriesSequence(ctx, *after.SeriesID, now)
}

// SeriesMissed is the longest run, among the live series, of dates
// cancelled or missed (before now) since that series' last held one: what
// the store's facts query counts, from meetings already read.
func SeriesMissed(ms []Meeting, live []int64, now time.Time) int {
	held := map[int64]time.Time{}
	for _, m := range ms {
		if m.SeriesID != nil && m.OccurrenceAt != nil && m.Status == StatusCompleted && m.OccurrenceAt.After(held[*m.SeriesID]) {
			held[*m.SeriesID] = *m.OccurrenceAt
		}
	}
	runs := map[int64]int{}
	for _, m := range ms {
		if m.SeriesID == nil || m.OccurrenceAt == nil || !slices.Contains(live, *m.SeriesID) || m.ScheduledAt.After(now) {
			continue
		}
		if (m.Status == StatusCancelled || m.Status == StatusNoShow) && m.OccurrenceAt.After(held[*m.SeriesID]) {
			runs[*m.SeriesID]++
		}
	}
	most := 0
	for _, n := range runs {
		most = max(most, n)
	}
	return most
}

// withSeriesFacts adds the relationship's regular times to facts its page
// gathered from its meetings.
func withSeriesFacts(f RelationshipFacts, list []Series, ms []Meeting, now time.Time) RelationshipFacts {
	var live []int64
	for _, sr := range list {
		if sr.Status == SeriesActive {
			live = append(live, sr.ID)
		}
	}
	f.LiveSeries, f.SeriesMissed = len(live) > 0, SeriesMissed(ms, live, now)
	return f
}
