package views_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"cairn/domain"
)

// A person's page lists their relationships with the other person named
// and linked, their load and their meetings ahead, as far as the viewer
// may see; mentors are suggested only where the person has none.
func TestPersonPageRelationships(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		h := newHR(t, e)
		mentor := h.person("Mara Mentor", "Engineering", 9, intp(2), nil)
		mentee := h.person("Milo Mentee", "Sales", 2, nil, nil)
		outsider := h.person("Olive Outsider", "Sales", 3, nil, nil)
		p := h.pair(mentor, mentee, "2026-02-01")
		second, _ := e.svc.CreateProgramme(h.ctx, h.admin, domain.Programme{Name: "Second cohort", Kind: domain.KindMentoring})
		if _, err := e.svc.CreateCheckin(h.ctx, domain.Actor{Person: mentee}, p.ID, domain.CheckinInput{Format: domain.FormatFormal,
			ScheduledAt: e.clock.Now().Add(48 * time.Hour), DurationMinutes: 30}); err != nil {
			t.Fatal(err)
		}
		b := e.adminBrowser()
		resp, page := b.get(fmt.Sprintf("/people/%d", mentor.ID))
		wantStatus(t, "mentor's page", resp, page, 200)
		for _, want := range []string{fmt.Sprintf(`<a href="/people/%d">Milo Mentee</a>`, mentee.ID),
			fmt.Sprintf(`<a href="/pairings/%d">Mara Mentor mentoring Milo Mentee</a>`, p.ID), "1 mentee now, of 2 places",
			">Mentoring 2026</a>", ">Active</span>", "Check-in with Milo Mentee"} {
			if !strings.Contains(page, want) {
				t.Errorf("mentor's page lacks %q", want)
			}
		}
		_, page = b.get(fmt.Sprintf("/people/%d", mentee.ID))
		if strings.Contains(page, fmt.Sprintf("suggest-mentors?programme_id=%d", h.mentoring.ID)) ||
			!strings.Contains(page, fmt.Sprintf("suggest-mentors?programme_id=%d", second.ID)) {
			t.Errorf("the mentee's page offers suggestions where he has a mentor, or not where he has none")
		}
		resp, page = b.get(fmt.Sprintf("/people/%d/suggest-mentors?programme_id=%d", mentee.ID, h.mentoring.ID))
		wantStatus(t, "suggestions where he has a mentor", resp, page, 409)
		resp, page = b.get(fmt.Sprintf("/people/%d/suggest-mentors?programme_id=%d", mentee.ID, second.ID))
		wantStatus(t, "suggestions in the second cohort", resp, page, 200)
		if !strings.Contains(page, fmt.Sprintf("programme_id=%d", second.ID)) {
			t.Errorf("the pairing links do not carry the programme")
		}

		// An outsider sees the mentor, none of her relationships or meetings.
		ob := e.browser()
		ob.login(outsider.Email, "member password 1")
		_, page = ob.get(fmt.Sprintf("/people/%d", mentor.ID))
		if strings.Contains(page, "Milo Mentee") || strings.Contains(page, "mentee now") || strings.Contains(page, "suggest-mentors") {
			t.Errorf("an outsider sees the mentor's relationships, load or suggestions")
		}
		// The mentee sees what they share.
		mb := e.browser()
		mb.login(mentee.Email, "member password 1")
		_, page = mb.get(fmt.Sprintf("/people/%d", mentor.ID))
		if !strings.Contains(page, "Mara Mentor mentoring Milo Mentee") || !strings.Contains(page, "Check-in with Milo Mentee") {
			t.Errorf("the mentee does not see the pairing and meeting they share")
		}
	})
}

var optionRe = regexp.MustCompile(`<option value="\d+"[^>]*>([^<(]+) \(`)

// The mentor picker offers only people who may mentor, with their load.
func TestMentorPickerOnlyEligible(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		h := newHR(t, e)
		mentee := h.person("Milo Mentee", "Sales", 2, nil, nil)
		current := h.person("Cy Current", "Finance", 8, nil, nil)
		full := h.person("Fay Full", "Finance", 7, intp(1), nil)
		h.pair(full, h.person("Sam Someone", "Legal", 1, nil, nil), "2026-02-01")
		h.pair(current, mentee, "2026-02-01")
		open := h.person("Ola Open", "Finance", 6, intp(3), nil)
		ext, err := e.svc.CreatePerson(h.ctx, h.admin, domain.PersonInput{Name: "Dana External", Email: "dana@coach.example",
			Seniority: 9, Timezone: "UTC", External: true})
		if err != nil {
			t.Fatal(err)
		}
		b := e.adminBrowser()
		_, page := b.get(fmt.Sprintf("/pairings/new?programme_id=%d&mentee_id=%d", h.mentoring.ID, mentee.ID))
		i := strings.Index(page, `id="mentor_id"`)
		j := strings.Index(page[i:], "</select>")
		picker := page[i : i+j]
		var names []string
		for _, m := range optionRe.FindAllStringSubmatch(picker, -1) {
			names = append(names, m[1])
		}
		got := strings.Join(names, ", ")
		for _, no := range []string{e.admin.Name, ext.Name, full.Name, mentee.Name, current.Name} {
			if strings.Contains(got, no) {
				t.Errorf("picker offers %s: %s", no, got)
			}
		}
		if !strings.Contains(got, open.Name) || !strings.Contains(picker, "Ola Open (seniority 6; 0 mentees of 3 places)") {
			t.Errorf("picker lacks Ola Open with her load: %s", picker)
		}
		if !strings.Contains(picker, "Sam Someone (seniority 1; 0 mentees; not more senior: needs an override reason)") {
			t.Errorf("picker does not mark a less senior mentor: %s", picker)
		}
	})
}

// A dashboard with nothing to chart says so instead of drawing empty axes.
func TestEmptyChartsSaySo(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		newHR(t, e)
		b := e.adminBrowser()
		_, page := b.get("/")
		for _, want := range []string{"No check-ins completed in this period", "No engagement has closed yet.", "No sessions planned or completed yet."} {
			if !strings.Contains(page, want) {
				t.Errorf("dashboard lacks %q", want)
			}
		}
		if strings.Contains(page, "<svg") {
			t.Errorf("the empty dashboard still draws a chart")
		}
	})
}
