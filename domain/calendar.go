package domain

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
)

// CalendarFeed is a person's private feed: the URL's token is derived from
// a random nonce with the app's calendar key, so the URL can be shown again
// while only the token's hash is stored; rotating replaces the nonce.
type CalendarFeed struct {
	PersonID  int64
	Nonce     string
	TokenHash []byte
	CreatedAt time.Time
}

const calendarKeyName = "calendar"

// feedWindow is how far back the feed reaches.
const feedWindow = 30 * 24 * time.Hour

func (s *Service) feedToken(ctx context.Context, personID int64, nonce string) (string, error) {
	key, err := s.store.Access.AppSecret(ctx, calendarKeyName)
	if err != nil {
		return "", fmt.Errorf("calendar key: %w", err)
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("calendar:" + strconv.FormatInt(personID, 10) + ":" + nonce))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)), nil
}

func (s *Service) feedURL(token string) string { return s.cfg.BaseURL + "/calendar/" + token + ".ics" }

// CalendarURL returns the actor's private feed URL, making the feed on
// first use.
func (s *Service) CalendarURL(ctx context.Context, a Actor) (string, error) {
	f, err := s.store.Access.CalendarFeedOf(ctx, a.Person.ID)
	if errors.Is(err, ErrNotFound) {
		return s.RotateCalendarURL(ctx, a)
	}
	if err != nil {
		return "", fmt.Errorf("calendar of %d: %w", a.Person.ID, err)
	}
	token, err := s.feedToken(ctx, a.Person.ID, f.Nonce)
	if err != nil {
		return "", err
	}
	return s.feedURL(token), nil
}

// CalendarLink returns the actor's private feed URL, or "" while they have
// none; unlike CalendarURL it never makes one, so a page can offer to.
func (s *Service) CalendarLink(ctx context.Context, a Actor) (string, error) {
	f, err := s.store.Access.CalendarFeedOf(ctx, a.Person.ID)
	if errors.Is(err, ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("calendar of %d: %w", a.Person.ID, err)
	}
	token, err := s.feedToken(ctx, a.Person.ID, f.Nonce)
	if err != nil {
		return "", err
	}
	return s.feedURL(token), nil
}

// RotateCalendarURL gives the actor a new feed URL; the old one stops
// working at once.
func (s *Service) RotateCalendarURL(ctx context.Context, a Actor) (string, error) {
	nonce := NewSecret()
	token, err := s.feedToken(ctx, a.Person.ID, nonce)
	if err != nil {
		return "", err
	}
	now := s.clock.Now()
	err = s.inTx(ctx, func(tx Ports) error {
		if err := tx.Access.SetCalendarFeed(ctx, CalendarFeed{PersonID: a.Person.ID, Nonce: nonce, TokenHash: HashSecret(token), CreatedAt: now}); err != nil {
			return err
		}
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "rotate", ObjectType: "calendar_feed", ObjectID: a.Person.ID, At: now})
	})
	if err != nil {
		return "", fmt.Errorf("rotate calendar of %d: %w", a.Person.ID, err)
	}
	return s.feedURL(token), nil
}

// CalendarFeedICS renders the feed for a token: RFC 5545, one event per
// meeting from 30 days back onward, no note contents. An unknown or
// rotated token is 404.
func (s *Service) CalendarFeedICS(ctx context.Context, token string) (string, error) {
	personID, err := s.store.Access.PersonByFeedHash(ctx, HashSecret(token))
	if errors.Is(err, ErrNotFound) {
		return "", NotFoundText("error.a1.no_calendar")
	}
	if err != nil {
		return "", fmt.Errorf("calendar feed: %w", err)
	}
	p, err := s.store.People.PersonByID(ctx, personID)
	if err != nil {
		return "", fmt.Errorf("calendar feed: %w", err)
	}
	if !p.Active {
		return "", NotFoundText("error.a1.no_calendar")
	}
	now := s.clock.Now()
	items, err := s.store.Meetings.AgendaOf(ctx, personID, now.Add(-feedWindow), now.AddDate(5, 0, 0), 5000)
	if err != nil {
		return "", fmt.Errorf("calendar feed of %d: %w", personID, err)
	}
	cal := ics.NewCalendarFor("Cairn")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName("Cairn: " + p.Name)
	cal.SetXWRCalName("Cairn: " + p.Name)
	cal.SetRefreshInterval("PT1H")
	uids, err := s.uids(ctx, s.store)
	if err != nil {
		return "", err
	}
	w := s.wordsFor(p)
	if items, err = s.addSeriesToFeed(ctx, cal, w, uids, items, now); err != nil {
		return "", fmt.Errorf("calendar feed of %d: %w", personID, err)
	}
	for _, it := range items {
		it.Title = agendaTitle(w, it)
		s.addMeetingEvent(cal, uids, it, now)
	}
	if err := s.addActionTodos(ctx, cal, w, uids, personID, now); err != nil {
		return "", fmt.Errorf("calendar feed of %d: %w", personID, err)
	}
	return cal.Serialize(), nil
}

// uidScheme makes meetings' iCalendar UIDs: the same in the feed and in
// emailed invites, so calendars treat them as one event, and unique across
// installations: from the first meeting made after UIDs got the tag, the
// UID carries this installation's random tag; older meetings keep the UID
// their invites went out with.
type uidScheme struct {
	from int64  // the first meeting id with a tagged UID
	tag  string // this installation's
}

// calendarUIDsName is the app secret holding "FROM:TAG", written by the
// migration that introduced tagged UIDs.
const calendarUIDsName = "calendar_uids"

// MeetingUID is the iCalendar UID of a meeting under the scheme.
func (u uidScheme) MeetingUID(meetingID int64) string {
	id := strconv.FormatInt(meetingID, 10)
	if meetingID < u.from || u.tag == "" {
		return "meeting-" + id + "@cairn"
	}
	return "meeting-" + id + "-" + u.tag + "@cairn"
}

// uids reads the installation's UID scheme once; it never writes, so it
// is safe inside any transaction.
func (s *Service) uids(ctx context.Context, st Ports) (uidScheme, error) {
	if u := s.uidScheme.Load(); u != nil {
		return *u, nil
	}
	raw, err := st.Access.AppSecret(ctx, calendarUIDsName)
	if err != nil {
		return uidScheme{}, fmt.Errorf("calendar UIDs: %w", err)
	}
	u := parseUIDScheme(raw)
	s.uidScheme.Store(&u)
	return u, nil
}

// parseUIDScheme reads "FROM:TAG"; any other value (a key made at random
// where no migration wrote one) tags every meeting with its first bytes.
func parseUIDScheme(raw []byte) uidScheme {
	from, tag, ok := strings.Cut(string(raw), ":")
	n, err := strconv.ParseInt(from, 10, 64)
	if !ok || err != nil || tag == "" {
		return uidScheme{from: 0, tag: hex.EncodeToString(raw[:min(6, len(raw))])}
	}
	return uidScheme{from: n, tag: tag}
}

// MeetingUID is the iCalendar UID of the meeting on this installation, as
// the feed and the invites carry it.
func (s *Service) MeetingUID(ctx context.Context, meetingID int64) (string, error) {
	u, err := s.uids(ctx, s.store)
	return u.MeetingUID(meetingID), err
}

// MeetingPath is the meeting's page, below the base URL.
func MeetingPath(kind MeetingKind, id int64) string {
	if kind == MeetingSession {
		return "/sessions/" + strconv.FormatInt(id, 10)
	}
	return "/checkins/" + strconv.FormatInt(id, 10)
}

func (s *Service) addMeetingEvent(cal *ics.Calendar, uids uidScheme, it AgendaItem, stamp time.Time) {
	ev := cal.AddEvent(uids.MeetingUID(it.ID))
	ev.SetDtStampTime(stamp)
	ev.SetStartAt(it.ScheduledAt)
	ev.SetEndAt(it.ScheduledAt.Add(time.Duration(it.DurationMinutes) * time.Minute))
	ev.SetSequence(it.Sequence)
	ev.SetSummary(icsText(it.Title))
	if it.Location != "" {
		ev.SetLocation(icsText(it.Location))
	}
	ev.SetDescription(icsText(it.ProgrammeName + " · " + s.cfg.BaseURL + MeetingPath(it.Kind, it.ID)))
	ev.SetURL(s.cfg.BaseURL + MeetingPath(it.Kind, it.ID))
	if it.Status == StatusCancelled {
		ev.SetStatus(ics.ObjectStatusCancelled)
	} else {
		ev.SetStatus(ics.ObjectStatusConfirmed)
	}
}

// icsText drops control characters a calendar line cannot carry; the
// library escapes commas, semicolons and newlines.
func icsText(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\n' && r != '\t' {
			return -1
		}
		return r
	}, s)
}

// addParty adds an ORGANIZER or ATTENDEE naming p. golang-ical writes
// parameter values with backslash escapes, which RFC 5545 does not have
// (to a conformant reader CN=O\'Brien\, Pat is two names, one with a
// stray backslash), and quotes none but ALTREP; so the parameters are
// written here, quoted per RFC 5545 section 3.2, and handed to the library
// as part of the property's name, which it writes as given.
func addParty(ev *ics.VEvent, prop ics.ComponentProperty, p Person, params ...string) {
	name := string(prop) + ";CN=" + icsParam(p.Name)
	for _, param := range params {
		name += ";" + param
	}
	ev.Properties = append(ev.Properties, ics.IANAProperty{BaseProperty: ics.BaseProperty{
		IANAToken: name, ICalParameters: map[string][]string{}, Value: "mailto:" + p.Email}})
}

// icsParam is a parameter value as RFC 5545 section 3.2 writes it: in
// double quotes, so a comma, colon or semicolon is part of the value. A
// quoted value cannot hold a double quote or a line break; those are
// written per RFC 6868 (^' and ^n, and ^ itself as ^^), and other control
// characters, which no name may hold, are dropped.
func icsParam(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '"':
			b.WriteString("^'")
		case r == '^':
			b.WriteString("^^")
		case r == '\n':
			b.WriteString("^n")
		case r < 0x20 && r != '\t' || r == 0x7f:
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
