package domain

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// In-app notifications are written for the screen, not copied from the
// email: a short headline (Subject), one line of detail (Body) and the
// path of the object they are about (Link), which the page turns into a
// link. No greeting, no signature, no address to copy. Nobody is notified
// of their own action: the person whose change caused a notice gets no
// in-app entry for it.

// actingKey carries, inside a use case's transaction, who made the change
// the meeting hooks are reacting to.
type actingKey struct{}

// withActing marks ctx as carrying a change made by person id.
func withActing(ctx context.Context, id int64) context.Context {
	return context.WithValue(ctx, actingKey{}, id)
}

// actingPerson is the person whose change ctx carries, 0 when none (the
// scheduler, the system).
func actingPerson(ctx context.Context) int64 {
	id, _ := ctx.Value(actingKey{}).(int64)
	return id
}

// cancellationNotice is the in-app entry telling to that their meeting
// with other was cancelled; by is who cancelled it (0 or neither of them:
// an admin, or the relationship ending).
func cancellationNotice(m Meeting, to, other Person, by int64) Notification {
	noun := meetingNoun(m.Kind)
	subject := fmt.Sprintf("Your %s with %s was cancelled", noun, other.Name)
	if by == other.ID {
		subject = fmt.Sprintf("%s cancelled your %s", other.Name, noun)
	}
	return Notification{RecipientID: to.ID, Kind: string(OutboxCancellation), Subject: subject,
		Body: "It was planned for " + HumanWhen(m.ScheduledAt, to.Location()) + otherClockNote(m.ScheduledAt, to, other) + ".",
		Link: MeetingPath(m.Kind, m.ID)}
}

// reminderNotice is the in-app entry reminding to of their meeting with
// other, offset before it.
func reminderNotice(m Meeting, to, other Person, offset time.Duration) Notification {
	body := HumanWhen(m.ScheduledAt, to.Location()) + otherClockNote(m.ScheduledAt, to, other) + fmt.Sprintf(", %d minutes", m.DurationMinutes)
	if m.Location != "" {
		body += ", " + m.Location
	}
	return Notification{RecipientID: to.ID, Kind: string(OutboxReminder),
		Subject: fmt.Sprintf("%s with %s in %s", capitalise(meetingNoun(m.Kind)), other.Name, humanDuration(offset)),
		Body:    body + ".", Link: MeetingPath(m.Kind, m.ID)}
}

// digestNotice is the in-app entry of an admin's daily flag summary: how
// many, and each kind with the relationships it is about.
func digestNotice(admin Person, fs []Flag) Notification {
	byKind := map[FlagKind][]string{}
	var kinds []FlagKind
	for _, f := range fs {
		if _, ok := byKind[f.Kind]; !ok {
			kinds = append(kinds, f.Kind)
		}
		name := f.SubjectName
		if name == "" {
			name = "a " + f.SubjectType
		}
		byKind[f.Kind] = append(byKind[f.Kind], name)
	}
	sort.Slice(kinds, func(i, j int) bool { return kinds[i] < kinds[j] })
	parts := make([]string, 0, len(kinds))
	for _, k := range kinds {
		parts = append(parts, FlagTitle(k)+": "+strings.Join(byKind[k], "; "))
	}
	return Notification{RecipientID: admin.ID, Kind: "flags",
		Subject: capitalise(plural(len(fs), "new flag")) + " to look at", Body: strings.Join(parts, ". ") + ".", Link: "/flags"}
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
