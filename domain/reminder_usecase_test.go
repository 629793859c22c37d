package domain_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"cairn/domain"
)

// reminderWant is one expected (offset, due, state), for each participant.
type reminderWant struct {
	offset time.Duration
	due    time.Time
	state  domain.ReminderState
}

// TestReminderPlanning checks the rows the reminder hook leaves in the
// store after a meeting is created, moved, cancelled or completed, with the
// world's configured offsets (48 h and 2 h before).
func TestReminderPlanning(t *testing.T) {
	in72h, in100h := start.Add(72*time.Hour), start.Add(100*time.Hour)
	pending, missed, cancelled := domain.ReminderPending, domain.ReminderMissed, domain.ReminderCancelled
	cases := []struct {
		name          string
		act           func(w *world) domain.Meeting
		want          []reminderWant
		cancellations int // cancellation notices queued
	}{
		{"formal check-in created", func(w *world) domain.Meeting { return w.checkin },
			[]reminderWant{{48 * time.Hour, in72h.Add(-48 * time.Hour), pending}, {2 * time.Hour, in72h.Add(-2 * time.Hour), pending}}, 0},
		{"session scheduled", func(w *world) domain.Meeting { return w.session },
			[]reminderWant{{48 * time.Hour, start.Add(48 * time.Hour), pending}, {2 * time.Hour, start.Add(94 * time.Hour), pending}}, 0},
		{"created too late for the first reminder", func(w *world) domain.Meeting {
			m, err := w.svc.CreateCheckin(w.ctx, w.mentor, w.pairing.ID, domain.CheckinInput{Format: domain.FormatFormal, ScheduledAt: start.Add(30 * time.Hour)})
			w.must(err)
			return m
		}, []reminderWant{{2 * time.Hour, start.Add(28 * time.Hour), pending}}, 0},
		{"informal check-in", func(w *world) domain.Meeting {
			m, err := w.svc.CreateCheckin(w.ctx, w.mentor, w.pairing.ID, domain.CheckinInput{Format: domain.FormatInformal})
			w.must(err)
			return m
		}, nil, 0},
		{"session logged as completed", func(w *world) domain.Meeting {
			m, err := w.svc.ScheduleSession(w.ctx, w.coach, w.engagement.ID, domain.SessionInput{ScheduledAt: start.Add(-24 * time.Hour),
				DurationMinutes: 60, Status: domain.StatusCompleted})
			w.must(err)
			return m
		}, nil, 0},
		{"moved later", func(w *world) domain.Meeting {
			m, err := w.svc.UpdateCheckin(w.ctx, w.mentee, w.checkin.ID, domain.MeetingPatch{ScheduledAt: ptr(in100h)})
			w.must(err)
			return m
		}, []reminderWant{{48 * time.Hour, in100h.Add(-48 * time.Hour), pending}, {2 * time.Hour, in100h.Add(-2 * time.Hour), pending}}, 0},
		{"moved so close the first reminder is past", func(w *world) domain.Meeting {
			m, err := w.svc.UpdateSession(w.ctx, w.coach, w.session.ID, domain.MeetingPatch{ScheduledAt: ptr(start.Add(10 * time.Hour))})
			w.must(err)
			return m
		}, []reminderWant{{48 * time.Hour, start.Add(-38 * time.Hour), missed}, {2 * time.Hour, start.Add(8 * time.Hour), pending}}, 0},
		{"only the place changed", func(w *world) domain.Meeting {
			m, err := w.svc.UpdateCheckin(w.ctx, w.mentee, w.checkin.ID, domain.MeetingPatch{Location: ptr("Room 2")})
			w.must(err)
			return m
		}, []reminderWant{{48 * time.Hour, in72h.Add(-48 * time.Hour), pending}, {2 * time.Hour, in72h.Add(-2 * time.Hour), pending}}, 0},
		{"cancelled", func(w *world) domain.Meeting {
			m, err := w.svc.UpdateCheckin(w.ctx, w.mentee, w.checkin.ID, domain.MeetingPatch{Status: ptr(domain.StatusCancelled)})
			w.must(err)
			return m
		}, []reminderWant{{48 * time.Hour, in72h.Add(-48 * time.Hour), cancelled}, {2 * time.Hour, in72h.Add(-2 * time.Hour), cancelled}}, 2},
		{"completed", func(w *world) domain.Meeting {
			w.clock.Set(in72h.Add(time.Hour))
			m, err := w.svc.UpdateCheckin(w.ctx, w.mentee, w.checkin.ID, domain.MeetingPatch{Status: ptr(domain.StatusCompleted)})
			w.must(err)
			return m
		}, []reminderWant{{48 * time.Hour, in72h.Add(-48 * time.Hour), cancelled}, {2 * time.Hour, in72h.Add(-2 * time.Hour), cancelled}}, 0},
		{"no-show", func(w *world) domain.Meeting {
			w.clock.Set(start.Add(97 * time.Hour))
			m, err := w.svc.UpdateSession(w.ctx, w.coach, w.session.ID, domain.MeetingPatch{Status: ptr(domain.StatusNoShow)})
			w.must(err)
			return m
		}, []reminderWant{{48 * time.Hour, start.Add(48 * time.Hour), cancelled}, {2 * time.Hour, start.Add(94 * time.Hour), cancelled}}, 0},
		{"pairing ended", func(w *world) domain.Meeting {
			w.movePairing(domain.PairingEnded)
			return w.checkin
		}, []reminderWant{{48 * time.Hour, in72h.Add(-48 * time.Hour), cancelled}, {2 * time.Hour, in72h.Add(-2 * time.Hour), cancelled}}, 2},
		{"engagement closed", func(w *world) domain.Meeting {
			closeEngagement(w)
			return w.session
		}, []reminderWant{{48 * time.Hour, start.Add(48 * time.Hour), cancelled}, {2 * time.Hour, start.Add(94 * time.Hour), cancelled}}, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			m := tc.act(w)
			var want []string
			for _, r := range tc.want {
				for _, who := range []int64{m.LeaderID, m.LearnerID} {
					want = append(want, fmt.Sprintf("%v to %d due %s: %s", r.offset, who, r.due.UTC().Format(time.RFC3339), r.state))
				}
			}
			var got []string
			for _, r := range w.reminders(m.ID) {
				got = append(got, fmt.Sprintf("%v to %d due %s: %s", r.Offset, r.RecipientID, r.DueAt.UTC().Format(time.RFC3339), r.State))
			}
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("reminder rows\n got %q\nwant %q", got, want)
			}
			msgs, err := w.mem.Ports().Outbox.ListOutbox(w.ctx, domain.OutboxFilter{State: domain.OutboxQueued, Limit: 100})
			w.must(err)
			n := 0
			for _, msg := range msgs {
				if msg.Kind == domain.OutboxCancellation && msg.MeetingID != nil && *msg.MeetingID == m.ID {
					n++
				}
			}
			if n != tc.cancellations {
				t.Errorf("%d cancellation notices queued, want %d", n, tc.cancellations)
			}
		})
	}
}

// TestMovingWithdrawsQueuedReminder: a reminder already in the outbox for
// the old time is withdrawn when the meeting moves, and its row is planned
// again for the new time.
func TestMovingWithdrawsQueuedReminder(t *testing.T) {
	w := newWorld(t)
	w.clock.Set(w.checkin.ScheduledAt.Add(-47 * time.Hour))
	run, err := w.svc.QueueDueReminders(w.ctx)
	w.must(err)
	if run.Queued != 2 {
		t.Fatalf("queued %d reminders, want 2 (one per participant)", run.Queued)
	}
	later := w.checkin.ScheduledAt.Add(24 * time.Hour)
	_, err = w.svc.UpdateCheckin(w.ctx, w.mentor, w.checkin.ID, domain.MeetingPatch{ScheduledAt: &later})
	w.must(err)
	msgs, err := w.mem.Ports().Outbox.ListOutbox(w.ctx, domain.OutboxFilter{Limit: 100})
	w.must(err)
	for _, m := range msgs {
		if m.Kind == domain.OutboxReminder && m.State != domain.OutboxCancelled {
			t.Errorf("reminder %d for the old time is %s, want cancelled", m.ID, m.State)
		}
	}
	for _, r := range w.reminders(w.checkin.ID) {
		if r.State != domain.ReminderPending || r.OutboxID != nil || !r.DueAt.Equal(later.Add(-r.Offset)) {
			t.Errorf("after the move: %+v", r)
		}
	}
}

// TestRefusedCheckinLeavesNothing: a check-in refused for an overlap
// leaves neither a meeting nor reminder rows, and the moved one keeps its
// own rows.
func TestRefusedCheckinLeavesNothing(t *testing.T) {
	w := newWorld(t)
	before := w.reminders(w.checkin.ID)
	_, err := w.svc.UpdateCheckin(w.ctx, w.mentor, w.checkin.ID, domain.MeetingPatch{ScheduledAt: ptr(start.Add(96*time.Hour + 30*time.Minute))})
	wantKind(t, err, ok)
	w.clock.Set(start)
	_, err = w.svc.CreateCheckin(w.ctx, w.mentor, w.pairing.ID, domain.CheckinInput{Format: domain.FormatFormal,
		ScheduledAt: start.Add(96*time.Hour + 40*time.Minute)})
	wantKind(t, err, domain.ErrConflict)
	all, err := w.mem.Ports().Meetings.ListMeetings(w.ctx, domain.MeetingFilter{Limit: 100})
	w.must(err)
	if len(all) != 2 {
		t.Errorf("%d meetings stored, want 2", len(all))
	}
	if got := w.reminders(w.checkin.ID); len(got) != len(before) {
		t.Errorf("%d reminder rows, want %d", len(got), len(before))
	}
}
