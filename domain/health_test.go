package domain_test

import (
	"strings"
	"testing"
	"time"

	"cairn/domain"
)

func TestAssessHealth(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	at := func(daysAgo int) *time.Time { v := now.Add(-time.Duration(daysAgo) * 24 * time.Hour); return &v }
	day := func(s string) domain.Date { d, _ := domain.ParseDate(s); return d }
	pairing := func(mod func(*domain.RelationshipFacts)) domain.RelationshipFacts {
		f := domain.RelationshipFacts{SubjectType: domain.SubjectPairing, ID: 1, Open: true, StartsOn: day("2026-01-01"), CadenceDays: 14,
			LastCompletedAt: at(5)}
		if mod != nil {
			mod(&f)
		}
		return f
	}
	engagement := func(mod func(*domain.RelationshipFacts)) domain.RelationshipFacts {
		// 100 days, 10 sessions: one every 10 days; 40% of the time used on 10 March.
		f := domain.RelationshipFacts{SubjectType: domain.SubjectEngagement, ID: 2, Open: true, StartsOn: day("2026-01-29"),
			EndsOn: day("2026-05-09"), PlannedSessions: 10, CompletedSessions: 4, LastCompletedAt: at(3)}
		if mod != nil {
			mod(&f)
		}
		return f
	}
	cases := []struct {
		name  string
		facts domain.RelationshipFacts
		want  domain.Health
		codes []domain.ReasonCode
		text  string // in the first reason
	}{
		{"pairing met recently", pairing(nil), domain.HealthOnTrack, nil, ""},
		{"closed pairing has no health", pairing(func(f *domain.RelationshipFacts) { f.Open = false; f.LastCompletedAt = at(90) }), "", nil, ""},
		{"paused pairing is not held to its cadence", pairing(func(f *domain.RelationshipFacts) { f.Paused = true; f.LastCompletedAt = at(90) }),
			domain.HealthOnTrack, nil, ""},
		{"exactly the cadence is still fine", pairing(func(f *domain.RelationshipFacts) { f.LastCompletedAt = at(14) }), domain.HealthOnTrack, nil, ""},
		{"a little late, nothing scheduled", pairing(func(f *domain.RelationshipFacts) { f.LastCompletedAt = at(17) }),
			domain.HealthNeedsAttention, []domain.ReasonCode{domain.ReasonQuiet}, "No check-in for 17 days (every 14 days agreed), and none is scheduled"},
		{"very late, nothing scheduled", pairing(func(f *domain.RelationshipFacts) { f.LastCompletedAt = at(38) }),
			domain.HealthAtRisk, []domain.ReasonCode{domain.ReasonQuiet}, "No check-in for 38 days (every 14 days agreed), and none is scheduled"},
		{"very late but a check-in is scheduled", pairing(func(f *domain.RelationshipFacts) {
			f.LastCompletedAt = at(38)
			next := now.Add(48 * time.Hour)
			f.NextScheduledAt = &next
		}), domain.HealthNeedsAttention, []domain.ReasonCode{domain.ReasonQuiet}, "the next is on Thu 12 Mar 2026"},
		{"never met since the start", pairing(func(f *domain.RelationshipFacts) { f.LastCompletedAt = nil; f.StartsOn = day("2026-02-20") }),
			domain.HealthNeedsAttention, []domain.ReasonCode{domain.ReasonQuiet}, "No check-in yet, 18 days after the start"},
		{"two cancelled in a row", pairing(func(f *domain.RelationshipFacts) { f.MissedSinceCompleted = 2 }),
			domain.HealthNeedsAttention, []domain.ReasonCode{domain.ReasonMissedStreak}, "The last 2 check-ins were cancelled or missed"},
		{"three missed and quiet: at risk first", pairing(func(f *domain.RelationshipFacts) { f.MissedSinceCompleted = 3; f.LastCompletedAt = at(17) }),
			domain.HealthAtRisk, []domain.ReasonCode{domain.ReasonMissedStreak, domain.ReasonQuiet}, "The last 3 check-ins"},

		{"engagement on plan", engagement(nil), domain.HealthOnTrack, nil, ""},
		{"engagement sessions a bit behind", engagement(func(f *domain.RelationshipFacts) { f.CompletedSessions = 1 }),
			domain.HealthNeedsAttention, []domain.ReasonCode{domain.ReasonSessionsBehind}, "1 of 10 sessions held with 40% of the time used"},
		{"engagement quiet for longer than its plan's interval", engagement(func(f *domain.RelationshipFacts) { f.LastCompletedAt = at(12) }),
			domain.HealthNeedsAttention, []domain.ReasonCode{domain.ReasonQuiet}, "No session for 12 days (about every 10 days to fit the plan)"},
		{"engagement deadline near", engagement(func(f *domain.RelationshipFacts) {
			f.StartsOn, f.EndsOn, f.PlannedSessions, f.CompletedSessions = day("2026-01-01"), day("2026-03-20"), 4, 4
		}), domain.HealthNeedsAttention, []domain.ReasonCode{domain.ReasonDeadlineNear}, "The goal's end date, Fri 20 Mar 2026, is in 10 days"},
		{"engagement past its end date", engagement(func(f *domain.RelationshipFacts) {
			f.StartsOn, f.EndsOn, f.PlannedSessions, f.CompletedSessions = day("2026-01-01"), day("2026-03-05"), 4, 4
		}), domain.HealthAtRisk, []domain.ReasonCode{domain.ReasonDeadlinePast}, "passed 5 days ago"},
		{"engagement far behind", engagement(func(f *domain.RelationshipFacts) {
			f.StartsOn, f.EndsOn, f.CompletedSessions, f.LastCompletedAt = day("2025-12-10"), day("2026-03-30"), 0, nil
			next := now.Add(time.Hour)
			f.NextScheduledAt = &next
		}), domain.HealthAtRisk, []domain.ReasonCode{domain.ReasonSessionsBehind, domain.ReasonQuiet}, "0 of 10 sessions held with 82% of the time used"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := domain.AssessHealth(c.facts, now, time.UTC, 14).Written(catalogue, "en")
			if got.Health != c.want {
				t.Errorf("health %q, want %q (%+v)", got.Health, c.want, got.Reasons)
			}
			var codes []domain.ReasonCode
			for _, r := range got.Reasons {
				codes = append(codes, r.Code)
				if r.Text == "" || strings.Contains(r.Text, "_") {
					t.Errorf("reason %+v is not in words", r)
				}
			}
			if len(codes) != len(c.codes) {
				t.Fatalf("reasons %+v, want codes %v", got.Reasons, c.codes)
			}
			for i := range codes {
				if codes[i] != c.codes[i] {
					t.Errorf("reasons %+v, want codes %v", got.Reasons, c.codes)
				}
			}
			if c.text != "" && !strings.Contains(got.Reasons[0].Text, c.text) {
				t.Errorf("first reason %q, want it to say %q", got.Reasons[0].Text, c.text)
			}
		})
	}
}

func TestHealthSummaryInWords(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	last := now.Add(-38 * 24 * time.Hour)
	a := domain.AssessHealth(domain.RelationshipFacts{SubjectType: domain.SubjectPairing, Open: true, CadenceDays: 14, LastCompletedAt: &last},
		now, time.UTC, 14).Written(catalogue, "en")
	if got, want := a.Summary(), "At risk: no check-in for 38 days (every 14 days agreed), and none is scheduled"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
}

// A relationship's health reasons read in each reader's language: the
// rules name them by key (Words), and Written writes them.
func TestHealthReasonsInTheReadersLanguage(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	last := now.Add(-38 * 24 * time.Hour)
	next := now.Add(48 * time.Hour)
	a := domain.AssessHealth(domain.RelationshipFacts{SubjectType: domain.SubjectPairing, Open: true, CadenceDays: 14, LastCompletedAt: &last,
		MissedSinceCompleted: 3, NextScheduledAt: &next}, now, time.UTC, 14)
	if len(a.Reasons) != 2 || a.Reasons[0].Text != "" {
		t.Fatalf("reasons %+v: want two, not yet written", a.Reasons)
	}
	for tag, want := range map[string][2]string{
		"en": {"The last 3 check-ins were cancelled or missed", "No check-in for 38 days (every 14 days agreed); the next is on Thu 12 Mar 2026"},
		"de": {"Die letzten 3 Check-ins wurden abgesagt oder verpasst", "Seit 38 Tagen kein Check-in (alle 14 Tage vereinbart); der nächste Termin ist am "},
		"fr": {"Les 3 derniers points d'étape ont été annulés ou manqués", "Aucun point d'étape depuis 38 jours (tous les 14 jours, comme convenu) ; le prochain rendez-vous est le "},
		"es": {"Las últimas 3 reuniones de seguimiento se cancelaron o no se celebraron", "Ninguna reunión de seguimiento desde hace 38 días (cada 14 días, según lo acordado); la próxima es el "},
	} {
		got := a.Written(catalogue, tag).Texts()
		if got[0] != want[0] || !strings.HasPrefix(got[1], want[1]) || strings.Contains(got[1], "Thu") != (tag == "en") {
			t.Errorf("%s: %q, want %q", tag, got, want)
		}
	}
}
