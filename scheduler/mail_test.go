package scheduler_test

import (
	"context"
	"errors"
	"mime"
	netmail "net/mail"
	"strconv"
	"testing"
	"time"

	"cairn/domain"
	"cairn/scheduler"
)

// TestRecipientNamesAreAddressesNotText: the To header is built from the
// address type, so a name with a comma, quotes, a backslash or letters
// outside ASCII reaches the reader as that name and that one address.
// Quoting it by hand ("%s" <%s>) broke on a double quote, and the mail
// was dead-lettered as refused.
func TestRecipientNamesAreAddressesNotText(t *testing.T) {
	srv := newSMTPServer(t)
	mailer, err := scheduler.NewSMTPMailer(srv.url())
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"O'Brien, Pat", `Pat "the Rock" O'Brien; Jr.`, `Back\slash <x@evil.example>`, "Zoë Ünal, Dr.", "Plain Name"}
	for i, name := range names {
		m := domain.Mail{From: "cairn@example.com", To: "pat@example.com", ToName: name, Subject: "Hello",
			Text: "Hello", MessageID: "test-" + strconv.Itoa(i) + "@cairn.test"}
		if err := mailer.Send(context.Background(), m); err != nil {
			t.Errorf("%q: %v", name, err)
			continue
		}
		got := srv.messages()
		if len(got) != i+1 {
			t.Fatalf("%d messages on the server after %d sends", len(got), i+1)
		}
		parser := netmail.AddressParser{WordDecoder: new(mime.WordDecoder)}
		list, err := parser.ParseList(got[i].ToHeader)
		if err != nil || len(list) != 1 {
			t.Errorf("%q: To %q is not one address: %v %v", name, got[i].ToHeader, list, err)
			continue
		}
		if list[0].Name != name || list[0].Address != "pat@example.com" {
			t.Errorf("%q: To %q reads as %q <%s>", name, got[i].ToHeader, list[0].Name, list[0].Address)
		}
	}
}

// TestMessagesShareConnections: messages sent one after the other go out
// on one reused connection; when the server has dropped the idle one, the
// next message still goes out, once, on a new connection; a refusal closes
// its connection and the next message opens another.
func TestMessagesShareConnections(t *testing.T) {
	srv := newSMTPServerDropping(t, 300*time.Millisecond)
	mailer, err := scheduler.NewSMTPMailer(srv.url())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	send := func() error {
		n++
		return mailer.Send(context.Background(), domain.Mail{From: "cairn@example.com", To: "pat@example.com", Subject: "Hello",
			Text: "Hello", MessageID: "share-" + strconv.Itoa(n) + "@cairn.test"})
	}
	for range 5 {
		if err := send(); err != nil {
			t.Fatal(err)
		}
	}
	if s := srv.sessions.Load(); s != 1 {
		t.Errorf("5 messages in a row opened %d connections, want 1", s)
	}
	time.Sleep(time.Second) // the server drops the idle connection
	if err := send(); err != nil {
		t.Fatalf("after the server dropped the idle connection: %v", err)
	}
	if s := srv.sessions.Load(); s != 2 {
		t.Errorf("%d connections after the drop, want 2", s)
	}
	srv.failNext(550)
	if err := send(); !errors.Is(err, domain.ErrMailPermanent) {
		t.Errorf("refused message: %v, want ErrMailPermanent", err)
	}
	if err := send(); err != nil {
		t.Fatal(err)
	}
	if s := srv.sessions.Load(); s != 3 {
		t.Errorf("%d connections after a refusal, want 3", s)
	}
	got := srv.messages()
	if ids := uniqueIDs(t, got); len(got) != 7 || len(ids) != 7 {
		t.Errorf("%d messages reached the server (%d Message-IDs), want 7 once each", len(got), len(ids))
	}
}
