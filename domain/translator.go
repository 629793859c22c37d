package domain

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Translator gives Cairn's words in a language: what the domain writes
// for people to read outside a page (emails, in-app notices, calendar
// entries, CSV headers) comes through it, in the reader's language. The
// catalogues behind it (package lang) are the translation package's; the
// domain only names the messages by key. It must be safe for concurrent
// use. A tag of "" or one without a catalogue means the default language.
type Translator interface {
	// Resolve is the tag the words for tag are written in ("" or an
	// unknown tag: the default language's), for Content-Language.
	Resolve(tag string) string
	// T is message key with its named arguments as name, value pairs.
	T(tag, key string, args ...any) string
	// N is message key in the plural form n takes; the message reads n
	// as {{.Count}}.
	N(tag, key string, n int, args ...any) string
	// When is an instant in zone loc with the zone named.
	When(tag string, t time.Time, loc *time.Location) string
	// Clock is a time of day.
	Clock(tag string, t time.Time) string
	// Day is a calendar date with its weekday.
	Day(tag string, t time.Time) string
	// DayInYear is Day without the year, for a date next to one that
	// has it: "Wed 3 Dec".
	DayInYear(tag string, t time.Time) string
}

// keyTranslator stands in when no Translator is configured: it writes
// each message as its key and arguments, so a missing wiring shows.
type keyTranslator struct{}

func (keyTranslator) Resolve(string) string { return DefaultLanguage }
func (keyTranslator) T(_, key string, args ...any) string {
	if len(args) == 0 {
		return key
	}
	return key + fmt.Sprint(args...)
}
func (k keyTranslator) N(tag, key string, n int, args ...any) string {
	return k.T(tag, key, append(args, "Count", n)...)
}
func (keyTranslator) When(_ string, t time.Time, loc *time.Location) string { return HumanWhen(t, loc) }
func (keyTranslator) Clock(_ string, t time.Time) string                    { return t.Format("15:04") }
func (keyTranslator) Day(_ string, t time.Time) string                      { return t.Format(DayLayout) }
func (keyTranslator) DayInYear(_ string, t time.Time) string                { return t.Format("Mon 2 Jan") }

// words is one reader's language: the Translator with the tag bound.
type words struct {
	tr  Translator
	tag string
}

// wordsFor is the words a person reads: their language, else the default.
func (s *Service) wordsFor(p Person) words { return s.words(p.Language) }

// words is the words of language tag ("": the default).
func (s *Service) words(tag string) words {
	return words{tr: s.cfg.Translator, tag: s.cfg.Translator.Resolve(tag)}
}

func (w words) T(key string, args ...any) string            { return w.tr.T(w.tag, key, args...) }
func (w words) N(key string, n int, args ...any) string     { return w.tr.N(w.tag, key, n, args...) }
func (w words) Clock(t time.Time) string                    { return w.tr.Clock(w.tag, t) }
func (w words) Day(t time.Time) string                      { return w.tr.Day(w.tag, t) }
func (w words) When(t time.Time, loc *time.Location) string { return w.tr.When(w.tag, t, loc) }

// whenZoned is an instant in zone loc, the zone named twice over
// (abbreviation and IANA name) so nobody has to guess: for mails.
func (w words) whenZoned(t time.Time, loc *time.Location) string {
	return w.When(t, loc) + " (" + loc.String() + ")"
}

// duration writes an offset like "24 hours" or "1 hour 30 minutes".
func (w words) duration(d time.Duration) string {
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	var parts []string
	if h > 0 {
		parts = append(parts, w.N("mail.duration.hours", h))
	}
	if m > 0 || h == 0 {
		parts = append(parts, w.N("mail.duration.minutes", m))
	}
	return strings.Join(parts, " ")
}

// otherClockNote is OtherClocks for a mail or a notice written for
// reader about their meeting with other: " (18:00 JST for Leo)", or ""
// when both clocks read alike.
func (w words) otherClockNote(t time.Time, reader, other Person) string {
	if t.IsZero() || other.ID == 0 || other.ID == reader.ID || other.Timezone == "" {
		return ""
	}
	mine, theirs := t.In(reader.Location()), t.In(other.Location())
	if theirs.Format("2006-01-02 15:04 MST") == mine.Format("2006-01-02 15:04 MST") {
		return ""
	}
	clock := w.Clock(theirs) + " " + theirs.Format("MST")
	if theirs.Format("2006-01-02") != mine.Format("2006-01-02") {
		return " (" + w.T("mail.clock.other_day", "Day", w.tr.DayInYear(w.tag, theirs), "Time", clock, "Name", FirstName(other.Name)) + ")"
	}
	return " (" + w.T("mail.clock.other", "Time", clock, "Name", FirstName(other.Name)) + ")"
}

// meetingTitle is an invite's summary: "Check-in: Ada and Bo".
func (w words) meetingTitle(k MeetingKind, leader, learner Person) string {
	return w.T("mail.invite.summary", "Session", k == MeetingSession, "Leader", leader.Name, "Learner", learner.Name)
}

// flagTitle is a flag kind in words, for mails and notices.
func (w words) flagTitle(k FlagKind) string {
	switch k {
	case FlagGoalDeadlineNear:
		return w.T("mail.flag.goal_deadline_near")
	case FlagGoalOverdue:
		return w.T("mail.flag.goal_overdue")
	case FlagCheckinOverdue:
		return w.T("mail.flag.checkin_overdue")
	case FlagSessionsBehind:
		return w.T("mail.flag.sessions_behind")
	}
	return string(k)
}

// flagSubject is the relationship a flag is about: its name, else which
// kind of relationship it is.
func (w words) flagSubject(f Flag) string {
	if f.SubjectPeople[0] != "" {
		return w.T("mail.flag.people", "Leader", f.SubjectPeople[0], "Learner", f.SubjectPeople[1])
	}
	if f.SubjectName != "" {
		return f.SubjectName
	}
	return w.T("mail.flag.unnamed", "Engagement", f.SubjectType == SubjectEngagement)
}

// wordsOf is the words of the person with this id.
func (s *Service) wordsOf(ctx context.Context, tx Ports, id int64) (words, error) {
	p, err := tx.People.PersonByID(ctx, id)
	if err != nil {
		return words{}, fmt.Errorf("language of person %d: %w", id, err)
	}
	return s.wordsFor(p), nil
}

// letter is a short mail to name: the greeting, the paragraphs, the
// signature.
func (w words) letter(name string, paragraphs ...string) string {
	return w.T("mail.greeting", "Name", name) + "\n\n" + strings.Join(paragraphs, "\n\n") + "\n\n" + w.T("mail.signature") + "\n"
}

// date is a calendar date with its weekday.
func (w words) date(d Date) string {
	if d.IsZero() {
		return ""
	}
	return w.Day(d.Start(time.UTC))
}
