package domain_test

import (
	"testing"
	"time"

	"cairn/domain"
)

var meetingStatuses = []domain.MeetingStatus{domain.StatusScheduled, domain.StatusCompleted, domain.StatusCancelled, domain.StatusNoShow}

// meetingKind is what the transition table needs of one kind of meeting.
type meetingKind struct {
	kind    domain.MeetingKind
	meeting func(w *world) domain.Meeting
	by      func(w *world) domain.Actor
	update  func(w *world, a domain.Actor, id int64, p domain.MeetingPatch) (domain.Meeting, error)
	get     func(w *world, a domain.Actor, id int64) (domain.Meeting, error)
}

var meetingKinds = []meetingKind{
	{domain.MeetingCheckin, func(w *world) domain.Meeting { return w.checkin }, func(w *world) domain.Actor { return w.mentor },
		func(w *world, a domain.Actor, id int64, p domain.MeetingPatch) (domain.Meeting, error) {
			return w.svc.UpdateCheckin(w.ctx, a, id, p)
		},
		func(w *world, a domain.Actor, id int64) (domain.Meeting, error) {
			return w.svc.GetCheckin(w.ctx, a, id)
		}},
	{domain.MeetingSession, func(w *world) domain.Meeting { return w.session }, func(w *world) domain.Actor { return w.coach },
		func(w *world, a domain.Actor, id int64, p domain.MeetingPatch) (domain.Meeting, error) {
			return w.svc.UpdateSession(w.ctx, a, id, p)
		},
		func(w *world, a domain.Actor, id int64) (domain.Meeting, error) {
			return w.svc.GetSession(w.ctx, a, id)
		}},
}

// TestMeetingTransitions tries every status change of both kinds, after
// the meeting's time (so completing is possible): a scheduled meeting
// becomes completed or cancelled (a session also no_show); nothing else
// moves; no_show is no check-in status at all.
func TestMeetingTransitions(t *testing.T) {
	for _, k := range meetingKinds {
		for _, from := range meetingStatuses {
			for _, to := range meetingStatuses {
				if k.kind == domain.MeetingCheckin && from == domain.StatusNoShow {
					continue // a check-in never gets there
				}
				var want error
				switch {
				case k.kind == domain.MeetingCheckin && to == domain.StatusNoShow:
					want = domain.ErrInvalid
				case from == to, from == domain.StatusScheduled:
					want = ok
				default:
					want = domain.ErrConflict
				}
				t.Run(string(k.kind)+"/"+string(from)+" to "+string(to), func(t *testing.T) {
					w := newWorld(t)
					m := k.meeting(w)
					w.clock.Set(m.EndsAt().Add(time.Hour))
					if from != domain.StatusScheduled {
						_, err := k.update(w, k.by(w), m.ID, domain.MeetingPatch{Status: ptr(from)})
						w.must(err)
					}
					got, err := k.update(w, k.by(w), m.ID, domain.MeetingPatch{Status: ptr(to)})
					wantKind(t, err, want)
					stored, err2 := k.get(w, k.by(w), m.ID)
					w.must(err2)
					wantStatus := from
					if want == nil {
						wantStatus = to
						if got.Status != to {
							t.Errorf("answered status %s, want %s", got.Status, to)
						}
					}
					if stored.Status != wantStatus {
						t.Errorf("stored status %s, want %s", stored.Status, wantStatus)
					}
				})
			}
		}
	}
}

func TestMeetingUpdateRules(t *testing.T) {
	cases := []struct {
		name  string
		kind  domain.MeetingKind
		setup func(w *world)
		patch func(w *world) domain.MeetingPatch
		want  error
	}{
		{"complete a check-in before it starts", domain.MeetingCheckin, nil,
			func(*world) domain.MeetingPatch { return domain.MeetingPatch{Status: ptr(domain.StatusCompleted)} }, domain.ErrInvalid},
		{"complete a session before it starts", domain.MeetingSession, nil,
			func(*world) domain.MeetingPatch { return domain.MeetingPatch{Status: ptr(domain.StatusCompleted)} }, domain.ErrInvalid},
		{"move a check-in into the past", domain.MeetingCheckin, nil,
			func(*world) domain.MeetingPatch { return domain.MeetingPatch{ScheduledAt: ptr(start.Add(-time.Hour))} }, domain.ErrInvalid},
		{"move a check-in later", domain.MeetingCheckin, nil,
			func(*world) domain.MeetingPatch {
				return domain.MeetingPatch{ScheduledAt: ptr(start.Add(80 * time.Hour))}
			}, ok},
		{"move a check-in of a paused pairing", domain.MeetingCheckin, func(w *world) { w.movePairing(domain.PairingPaused) },
			func(*world) domain.MeetingPatch {
				return domain.MeetingPatch{ScheduledAt: ptr(start.Add(80 * time.Hour))}
			}, domain.ErrConflict},
		{"move a session outside the engagement", domain.MeetingSession, nil,
			func(*world) domain.MeetingPatch {
				return domain.MeetingPatch{ScheduledAt: ptr(time.Date(2026, 7, 2, 10, 0, 0, 0, time.UTC))}
			}, domain.ErrInvalid},
		{"move a session onto the coachee's other session", domain.MeetingSession, func(w *world) {
			_, err := w.svc.ScheduleSession(w.ctx, w.coachee, w.engagement.ID, domain.SessionInput{ScheduledAt: start.Add(120 * time.Hour), DurationMinutes: 60})
			w.must(err)
		}, func(*world) domain.MeetingPatch {
			return domain.MeetingPatch{ScheduledAt: ptr(start.Add(120*time.Hour + 15*time.Minute))}
		}, domain.ErrConflict},
		{"move a completed session", domain.MeetingSession, func(w *world) {
			w.clock.Set(start.Add(100 * time.Hour))
			_, err := w.svc.UpdateSession(w.ctx, w.coach, w.session.ID, domain.MeetingPatch{Status: ptr(domain.StatusCompleted)})
			w.must(err)
		}, func(*world) domain.MeetingPatch {
			return domain.MeetingPatch{ScheduledAt: ptr(start.Add(98 * time.Hour))}
		}, domain.ErrConflict},
		{"move a session of a closed engagement", domain.MeetingSession, closeEngagement, func(*world) domain.MeetingPatch { return domain.MeetingPatch{Location: ptr("elsewhere")} }, domain.ErrConflict},
		{"write notes on a session of a closed engagement", domain.MeetingSession, closeEngagement,
			func(*world) domain.MeetingPatch { return domain.MeetingPatch{Notes: ptr("looking back")} }, ok},
		{"a session has no agenda", domain.MeetingSession, nil,
			func(*world) domain.MeetingPatch { return domain.MeetingPatch{Agenda: ptr("topics")} }, domain.ErrInvalid},
		{"duration out of range", domain.MeetingCheckin, nil,
			func(*world) domain.MeetingPatch {
				return domain.MeetingPatch{DurationMinutes: ptr(domain.MaxMeetingMinutes + 1)}
			}, domain.ErrInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorldWith(t, tc.setup)
			k := meetingKinds[0]
			if tc.kind == domain.MeetingSession {
				k = meetingKinds[1]
			}
			before, err := k.get(w, k.by(w), k.meeting(w).ID)
			w.must(err)
			_, err = k.update(w, k.by(w), before.ID, tc.patch(w))
			wantKind(t, err, tc.want)
			after, err2 := k.get(w, k.by(w), before.ID)
			w.must(err2)
			if tc.want != nil && (after.Status != before.Status || !after.ScheduledAt.Equal(before.ScheduledAt) ||
				after.Location != before.Location || after.Sequence != before.Sequence) {
				t.Errorf("a refused change was written: %+v -> %+v", before, after)
			}
		})
	}
}

func TestCreateCheckinRules(t *testing.T) {
	cases := []struct {
		name   string
		setup  func(w *world)
		in     domain.CheckinInput
		want   error
		status domain.MeetingStatus
	}{
		{"formal ahead", nil, domain.CheckinInput{Format: domain.FormatFormal, ScheduledAt: start.Add(24 * time.Hour)}, ok, domain.StatusScheduled},
		{"formal in the past", nil, domain.CheckinInput{Format: domain.FormatFormal, ScheduledAt: start.Add(-time.Hour)}, domain.ErrInvalid, ""},
		{"formal without a time", nil, domain.CheckinInput{Format: domain.FormatFormal}, domain.ErrInvalid, ""},
		{"informal now", nil, domain.CheckinInput{Format: domain.FormatInformal}, ok, domain.StatusCompleted},
		{"informal in the future", nil, domain.CheckinInput{Format: domain.FormatInformal, ScheduledAt: start.Add(time.Hour)}, domain.ErrInvalid, ""},
		{"informal said to be scheduled", nil, domain.CheckinInput{Format: domain.FormatInformal, Status: domain.StatusScheduled}, domain.ErrInvalid, ""},
		{"no format", nil, domain.CheckinInput{ScheduledAt: start.Add(time.Hour)}, domain.ErrInvalid, ""},
		{"paused pairing", func(w *world) { w.movePairing(domain.PairingPaused) }, domain.CheckinInput{Format: domain.FormatInformal}, domain.ErrConflict, ""},
		{"ended pairing", func(w *world) { w.movePairing(domain.PairingEnded) }, domain.CheckinInput{Format: domain.FormatInformal}, domain.ErrConflict, ""},
		{"overlapping the scheduled check-in", nil, domain.CheckinInput{Format: domain.FormatFormal, ScheduledAt: start.Add(72*time.Hour + 10*time.Minute)},
			domain.ErrConflict, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorldWith(t, tc.setup)
			m, err := w.svc.CreateCheckin(w.ctx, w.mentee, w.pairing.ID, tc.in)
			wantKind(t, err, tc.want)
			p, err2 := w.svc.GetPairing(w.ctx, w.mentee, w.pairing.ID)
			w.must(err2)
			if tc.want != nil {
				return
			}
			if m.Status != tc.status || m.DurationMinutes != domain.DefaultCheckinMinutes {
				t.Errorf("created %+v", m)
			}
			if completed := tc.status == domain.StatusCompleted; completed != (p.LastCheckinAt != nil) {
				t.Errorf("last check-in %v after a %s check-in", p.LastCheckinAt, tc.status)
			}
		})
	}
}

// TestPrivateNotes: each participant's private notes are theirs alone,
// and admins see the metadata only.
func TestPrivateNotes(t *testing.T) {
	w := newWorld(t)
	_, err := w.svc.UpdateCheckin(w.ctx, w.mentor, w.checkin.ID, domain.MeetingPatch{PrivateNotes: ptr("mentor's thoughts")})
	w.must(err)
	cases := []struct {
		name           string
		who            domain.Actor
		private, notes string
		hidden         bool
	}{
		{"mentor", w.mentor, "mentor's thoughts", "shared", false},
		{"mentee", w.mentee, "", "shared", false},
		{"admin", w.admin, "", "", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := w.svc.GetCheckin(w.ctx, tc.who, w.checkin.ID)
			w.must(err)
			if m.PrivateNotes != tc.private || m.Notes != tc.notes || m.ContentHidden != tc.hidden || (tc.hidden && m.Agenda != "") {
				t.Errorf("%s sees private %q, notes %q, agenda %q, hidden %v", tc.name, m.PrivateNotes, m.Notes, m.Agenda, m.ContentHidden)
			}
		})
	}
}
