package storage_test

import (
	"context"
	"regexp"
	"strconv"
	"testing"
	"time"

	"cairn/cmd/cairn/generate"
	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
)

var uidsRe = regexp.MustCompile(`^(\d+):([0-9a-f]{12})$`)

// The migration that gives meetings' calendar UIDs an installation tag
// keeps the UIDs of the meetings that exist, so invites already sent still
// update and cancel their event, and every installation gets its own tag.
func TestCalendarUIDsKeepOldMeetingsAndTagNewOnes(t *testing.T) {
	for _, d := range storagetest.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			url := storagetest.URL(t, d)
			migrateTo(t, url, d, 12, func(s string) string { return s })
			s, err := storage.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if _, err := generate.Generate(ctx, s, generate.Options{People: 12, Seed: 3, Now: time.Now(), WithoutProfiles: true}); err != nil {
				t.Fatal(err)
			}
			var maxID int64
			if err := s.DB().GetContext(ctx, &maxID, `SELECT max(id) FROM meetings`); err != nil || maxID == 0 {
				t.Fatalf("meetings before the upgrade: %d, %v", maxID, err)
			}
			if _, err := s.Migrate(ctx, nil); err != nil {
				t.Fatal(err)
			}
			raw, err := s.AppSecret(ctx, "calendar_uids")
			if err != nil {
				t.Fatal(err)
			}
			m := uidsRe.FindStringSubmatch(string(raw))
			if m == nil || m[1] != strconv.FormatInt(maxID+1, 10) {
				t.Fatalf("calendar_uids %q, want %d:TAG", raw, maxID+1)
			}
			svc := domain.NewService(s, domain.NewFixedClock(time.Now()), domain.Config{})
			old, err := svc.MeetingUID(ctx, maxID)
			if err != nil || old != "meeting-"+strconv.FormatInt(maxID, 10)+"@cairn" {
				t.Errorf("an existing meeting's UID: %q, %v; want the one its invites carry", old, err)
			}
			next, _ := svc.MeetingUID(ctx, maxID+1)
			if want := "meeting-" + strconv.FormatInt(maxID+1, 10) + "-" + m[2] + "@cairn"; next != want {
				t.Errorf("a new meeting's UID: %q, want %q", next, want)
			}
			// Another installation: a tag of its own, every meeting tagged.
			other := storagetest.New(t, d)
			raw2, err := other.AppSecret(ctx, "calendar_uids")
			if err != nil {
				t.Fatal(err)
			}
			m2 := uidsRe.FindStringSubmatch(string(raw2))
			if m2 == nil || m2[1] != "1" || m2[2] == m[2] {
				t.Errorf("a fresh installation's calendar_uids %q (the other's tag %s)", raw2, m[2])
			}
		})
	}
}
