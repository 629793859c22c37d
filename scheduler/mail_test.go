package scheduler_test

import (
	"context"
	"mime"
	netmail "net/mail"
	"strconv"
	"testing"

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
