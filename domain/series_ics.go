package domain

import (
	"context"
	"fmt"
	"strconv"
	"time"

	ics "github.com/arran4/golang-ical"
)

// A series goes to calendars as ONE recurring event: a VEVENT with the
// RRULE and DTSTART;TZID in the series' zone, that zone's VTIMEZONE, an
// EXDATE per cancelled or skipped occurrence and an overriding VEVENT
// (RECURRENCE-ID) per occurrence moved or changed on its own. Its
// SEQUENCE is the series', bumped on every change, so a client updates
// the series instead of adding another.

// icsLocal is a local date-time as a TZID property value carries it.
const icsLocal = "20060102T150405"

// SeriesUID is the iCalendar UID of a series under the scheme.
func (u uidScheme) SeriesUID(seriesID int64) string {
	id := strconv.FormatInt(seriesID, 10)
	if u.tag == "" {
		return "series-" + id + "@cairn"
	}
	return "series-" + id + "-" + u.tag + "@cairn"
}

// addVTimezone adds loc's VTIMEZONE with every offset change between from
// and to (a year either side), read from Go's zone database, each as an
// observance of its own.
func addVTimezone(cal *ics.Calendar, loc *time.Location, from, to time.Time) {
	tz := cal.AddTimezone(loc.String())
	from, to = from.AddDate(-1, 0, 0), to.AddDate(1, 0, 0)
	_, off := from.In(loc).Zone()
	observe := func(at time.Time, fromOff int) {
		n, o := at.In(loc).Zone()
		comp := ics.ComponentBase{}
		comp.SetProperty(ics.ComponentProperty(ics.PropertyDtstart), at.UTC().Add(time.Duration(fromOff)*time.Second).Format(icsLocal))
		comp.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), icsOffset(fromOff))
		comp.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), icsOffset(o))
		comp.SetProperty(ics.ComponentProperty(ics.PropertyTzname), n)
		if at.In(loc).IsDST() {
			tz.Components = append(tz.Components, &ics.Daylight{ComponentBase: comp})
		} else {
			tz.Components = append(tz.Components, &ics.Standard{ComponentBase: comp})
		}
	}
	observe(from, off)
	for day := from; day.Before(to); day = day.Add(24 * time.Hour) {
		next := day.Add(24 * time.Hour)
		_, o1 := day.In(loc).Zone()
		_, o2 := next.In(loc).Zone()
		if o1 == o2 {
			continue
		}
		lo, hi := day, next // the change lies in (lo, hi]
		for hi.Sub(lo) > time.Second {
			mid := lo.Add(hi.Sub(lo) / 2).Truncate(time.Second)
			if _, o := mid.In(loc).Zone(); o == o1 {
				lo = mid
			} else {
				hi = mid
			}
		}
		observe(hi, o1)
	}
}

// icsOffset writes a UTC offset in seconds as +HHMM.
func icsOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	return fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec%3600/60)
}

// seriesCal is what one series' events need.
type seriesCal struct {
	uid     string
	sr      Series
	ms      []Meeting
	summary string
	link    string
	stamp   time.Time
	parties func(ev *ics.VEvent) // ORGANIZER and ATTENDEEs, for invites
}

// horizonEnd is how far the series' VTIMEZONE reaches: its last date (the
// UNTIL, or the COUNT-th date), at most twenty years on; an open-ended
// series ten years past now.
func (c seriesCal) horizonEnd() time.Time {
	limit := c.sr.StartsAt.AddDate(20, 0, 0)
	end := c.stamp.AddDate(10, 0, 0)
	switch {
	case c.sr.UntilAt != nil:
		end = *c.sr.UntilAt
	case c.sr.Count > 0:
		if ts, err := c.sr.Occurrences(c.sr.StartsAt, limit); err == nil && len(ts) > 0 {
			end = ts[len(ts)-1]
		}
	}
	if end.After(limit) {
		return limit
	}
	return end
}

// changedOnItsOwn reports whether an occurrence differs from what the
// series says (moved, another place or length) and is not cancelled.
func (c seriesCal) changedOnItsOwn(m Meeting) bool {
	return m.Status != StatusCancelled && m.OccurrenceAt != nil &&
		(!m.ScheduledAt.Equal(*m.OccurrenceAt) || m.DurationMinutes != c.sr.DurationMinutes || m.Location != c.sr.Location)
}

func (c seriesCal) common(ev *ics.VEvent, loc *time.Location) {
	ev.SetDtStampTime(c.stamp)
	ev.SetSequence(c.sr.Sequence)
	ev.SetSummary(icsText(c.summary))
	ev.SetDescription(icsText(c.link))
	ev.SetURL(c.link)
	if c.parties != nil {
		c.parties(ev)
	}
}

func setLocal(ev *ics.VEvent, p ics.ComponentProperty, t time.Time, loc *time.Location) {
	ev.SetProperty(p, t.In(loc).Format(icsLocal), ics.WithTZID(loc.String()))
}

// add writes the series' master event and its overrides into cal.
func (c seriesCal) add(cal *ics.Calendar) {
	loc := c.sr.Zone()
	ev := cal.AddEvent(c.uid)
	c.common(ev, loc)
	setLocal(ev, ics.ComponentPropertyDtStart, c.sr.StartsAt, loc)
	setLocal(ev, ics.ComponentPropertyDtEnd, c.sr.StartsAt.Add(time.Duration(c.sr.DurationMinutes)*time.Minute), loc)
	ev.AddRrule(c.sr.RRule)
	if c.sr.Location != "" {
		ev.SetLocation(icsText(c.sr.Location))
	}
	ev.SetStatus(ics.ObjectStatusConfirmed)
	var exdates []time.Time
	for _, m := range c.ms {
		if m.Status == StatusCancelled && m.OccurrenceAt != nil {
			exdates = append(exdates, *m.OccurrenceAt)
		}
	}
	exdates = append(exdates, c.sr.Skipped...)
	for _, t := range exdates {
		ev.AddExdate(t.In(loc).Format(icsLocal), ics.WithTZID(loc.String()))
	}
	for _, m := range c.ms {
		if !c.changedOnItsOwn(m) {
			continue
		}
		o := cal.AddEvent(c.uid)
		c.common(o, loc)
		setLocal(o, ics.ComponentPropertyRecurrenceId, *m.OccurrenceAt, loc)
		setLocal(o, ics.ComponentPropertyDtStart, m.ScheduledAt, loc)
		setLocal(o, ics.ComponentPropertyDtEnd, m.EndsAt(), loc)
		if m.Location != "" {
			o.SetLocation(icsText(m.Location))
		}
		o.SetStatus(ics.ObjectStatusConfirmed)
	}
}

// seriesInvite is the emailed invite of an occurrence of a series: with
// METHOD:REQUEST the whole series (so the client keeps one recurring
// event), with METHOD:CANCEL that one occurrence by its RECURRENCE-ID.
func (s *Service) seriesInvite(ctx context.Context, tx Ports, w words, m Meeting, method ics.Method, leader, learner Person, now time.Time) (string, error) {
	sr, err := tx.Series.SeriesByID(ctx, *m.SeriesID)
	if err != nil {
		return "", fmt.Errorf("invite of series %d: %w", *m.SeriesID, err)
	}
	ms, err := tx.Series.SeriesMeetings(ctx, sr.ID)
	if err != nil {
		return "", fmt.Errorf("invite of series %d: %w", sr.ID, err)
	}
	uids, err := s.uids(ctx, tx)
	if err != nil {
		return "", err
	}
	c := seriesCal{uid: uids.SeriesUID(sr.ID), sr: sr, ms: ms, summary: w.meetingTitle(sr.Kind, leader, learner),
		link: s.meetingLink(m), stamp: now, parties: func(ev *ics.VEvent) {
			addParty(ev, ics.ComponentPropertyOrganizer, leader)
			for _, p := range []Person{leader, learner} {
				addParty(ev, ics.ComponentPropertyAttendee, p, "ROLE="+string(ics.ParticipationRoleReqParticipant))
			}
		}}
	cal := ics.NewCalendar()
	cal.SetProductId("-//Cairn//Cairn//EN")
	cal.SetMethod(method)
	loc := sr.Zone()
	addVTimezone(cal, loc, sr.StartsAt, c.horizonEnd())
	if method != ics.MethodCancel {
		c.add(cal)
		return cal.Serialize(), nil
	}
	ev := cal.AddEvent(c.uid)
	c.common(ev, loc)
	setLocal(ev, ics.ComponentPropertyRecurrenceId, *m.OccurrenceAt, loc)
	setLocal(ev, ics.ComponentPropertyDtStart, m.ScheduledAt, loc)
	setLocal(ev, ics.ComponentPropertyDtEnd, m.EndsAt(), loc)
	ev.SetStatus(ics.ObjectStatusCancelled)
	return cal.Serialize(), nil
}

// addSeriesToFeed writes each series among the feed's items once, as a
// recurring event (with its zone), in place of its occurrences.
func (s *Service) addSeriesToFeed(ctx context.Context, cal *ics.Calendar, w words, uids uidScheme, items []AgendaItem, now time.Time) ([]AgendaItem, error) {
	titles := map[int64]AgendaItem{}
	var order []int64
	rest := items[:0:0]
	for _, it := range items {
		if it.SeriesID == nil {
			rest = append(rest, it)
			continue
		}
		if _, ok := titles[*it.SeriesID]; !ok {
			order = append(order, *it.SeriesID)
			titles[*it.SeriesID] = it
		}
	}
	zones := map[string]bool{}
	for _, id := range order {
		sr, err := s.store.Series.SeriesByID(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("series %d: %w", id, err)
		}
		ms, err := s.store.Series.SeriesMeetings(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("series %d: %w", id, err)
		}
		it := titles[id]
		c := seriesCal{uid: uids.SeriesUID(id), sr: sr, ms: ms, summary: agendaTitle(w, it), stamp: now,
			link: s.cfg.BaseURL + RelationshipPath(sr)}
		if !zones[sr.Timezone] {
			zones[sr.Timezone] = true
			addVTimezone(cal, sr.Zone(), now.Add(-feedWindow-365*24*time.Hour), now.AddDate(10, 0, 0))
		}
		c.add(cal)
	}
	return rest, nil
}

// RelationshipPath is the page of the pairing or engagement a series
// belongs to.
func RelationshipPath(sr Series) string {
	if sr.EngagementID != nil {
		return "/engagements/" + strconv.FormatInt(*sr.EngagementID, 10)
	}
	return "/pairings/" + strconv.FormatInt(*sr.PairingID, 10)
}
