package views

import (
	"strings"
	"testing"
	"time"

	"cairn/domain"
)

func TestAlsoFor(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	me := &domain.Person{ID: 1, Name: "Margaret Okafor", Timezone: "Europe/Berlin"}
	leo := domain.Person{ID: 2, Name: "Leo Brandt", Timezone: "Asia/Tokyo"}
	paris := domain.Person{ID: 3, Name: "Anne Roux", Timezone: "Europe/Paris"}
	la := domain.Person{ID: 4, Name: "Sam Lee", Timezone: "America/Los_Angeles"}
	at := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC) // 10:00 in Berlin
	for _, tc := range []struct {
		name   string
		viewer *domain.Person
		people []domain.Person
		want   string
	}{
		{"the other's zone", me, []domain.Person{*me, leo}, " · 18:00 JST for Leo"},
		{"the same clock says nothing", me, []domain.Person{*me, paris}, ""},
		{"an admin sees both", &domain.Person{ID: 9}, []domain.Person{leo, la}, " · 18:00 JST for Leo · 01:00 PST for Sam"},
		{"no zone known", me, []domain.Person{{ID: 5, Name: "X"}}, ""},
	} {
		if got := alsoFor(at, berlin, tc.viewer, tc.people); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	late := time.Date(2026, 12, 2, 16, 0, 0, 0, time.UTC) // 17:00 in Berlin, 01:00 the next day in Tokyo
	if got := alsoFor(late, berlin, me, []domain.Person{leo}); got != " · Thu 3 Dec, 01:00 JST for Leo" {
		t.Errorf("another day is named: %q", got)
	}
	if got := whenText(apiWords, at, berlin) + alsoFor(at, berlin, me, []domain.Person{leo}); got != "Wed 2 Dec 2026, 10:00 CET · 18:00 JST for Leo" {
		t.Errorf("whole line: %q", got)
	}
}

func TestPlaceLink(t *testing.T) {
	for in, want := range map[string]string{
		"https://meet.example/x?a=1&b=2": `<a href="https://meet.example/x?a=1&amp;b=2" rel="noopener noreferrer">https://meet.example/x?a=1&amp;b=2</a>`,
		"http://room.example":            `<a href="http://room.example" rel="noopener noreferrer">http://room.example</a>`,
		"Room 4":                         "Room 4",
		"javascript:alert(1)":            "javascript:alert(1)",
		"https://a.example/ and more":    "https://a.example/ and more",
		`https://a.example/"onmouseover`: "https://a.example/&#34;onmouseover",
		"https://user:pw@a.example/":     "https://user:pw@a.example/",
		"ftp://files.example/":           "ftp://files.example/",
		"<b>https://x</b>":               "&lt;b&gt;https://x&lt;/b&gt;",
	} {
		if got := string(placeLink(in)); got != want {
			t.Errorf("placeLink(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestSummariseLinksFieldsInFormOrder(t *testing.T) {
	s := summarise(apiWords, "close-", map[string]string{"summary": "is required", "outcome": "choose one", "": "nothing was saved",
		"row 3": "bad email", "scheduled_at": "in the past"})
	var got []string
	for _, it := range s.Items {
		got = append(got, it.Href+"|"+it.Label+"|"+it.Message)
	}
	want := []string{"||nothing was saved", "#close-date|Date and time|in the past", "#close-outcome|Outcome|choose one",
		"#close-summary|Summary|is required", "||bad email"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("summary:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if summarise(apiWords, "", nil) != nil {
		t.Error("no errors, yet a summary")
	}
}
