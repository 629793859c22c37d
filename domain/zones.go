package domain

import (
	"strings"
	"time"
)

// Meetings cross zones: a time is written in its reader's zone and, beside
// it, as each other participant whose clock reads differently sees it.
// Pages put those after the time ("Tue 2 Dec 2026, 10:00 CET · 18:00 JST
// for Leo"); mails and in-app notices in brackets ("(18:00 JST for Leo)").

// OtherClocks is instant t as each of people other than the reader
// (readerID) reads it, for those whose clock shows another time or zone
// than loc: "18:00 JST for Leo", with the date first ("Wed 3 Dec, 02:00
// JST for Leo") when it differs from the reader's. People without an id
// or a zone are left out; nil when all read alike.
func OtherClocks(t time.Time, loc *time.Location, readerID int64, people []Person) []string {
	if t.IsZero() {
		return nil
	}
	if loc == nil {
		loc = time.UTC
	}
	mine := t.In(loc)
	var out []string
	for _, p := range people {
		if p.ID == 0 || p.ID == readerID || p.Timezone == "" {
			continue
		}
		theirs := t.In(p.Location())
		if theirs.Format("2006-01-02 15:04 MST") == mine.Format("2006-01-02 15:04 MST") {
			continue
		}
		s := theirs.Format("15:04 MST") + " for " + FirstName(p.Name)
		if theirs.Format("2006-01-02") != mine.Format("2006-01-02") {
			s = theirs.Format("Mon 2 Jan, ") + s
		}
		out = append(out, s)
	}
	return out
}

// FirstName is the first word of a name, the way the others are named
// beside a time.
func FirstName(name string) string {
	if f := strings.Fields(name); len(f) > 0 {
		return f[0]
	}
	return name
}
