package views_test

import (
	"net/url"

	"cairn/domain"
)

// Fixtures and bodies for the health routes' access matrix rows: nudges
// and HR's actions on flags.

// aFlag is an open flag on a fresh pairing; flags have no participant.
func aFlag(w *world) object {
	p, _, _ := w.pairing()
	f := domain.Flag{Kind: domain.FlagCheckinOverdue, SubjectType: domain.SubjectPairing, SubjectID: p.ID, ProgrammeID: p.ProgrammeID,
		RaisedAt: w.e.clock.Now(), Detail: "quiet"}
	if _, err := w.e.store.RaiseFlag(w.ctx(), &f); err != nil {
		w.t.Fatal(err)
	}
	return object{params: map[string]string{"id": itoa(f.ID), "action": "snooze"}}
}

func nudgeForm(*world, object) any { return url.Values{"message": {"Please find a time this week"}} }

func nudgeJSON(*world, object) any { return map[string]any{"message": "Please find a time this week"} }

func snoozeForm(*world, object) any {
	return url.Values{"until": {"2026-04-01"}, "reason": {"the new cohort starts"}}
}

func snoozeJSON(*world, object) any {
	return map[string]any{"until": "2026-04-01", "reason": "the new cohort starts"}
}

func resolveJSON(*world, object) any { return map[string]any{"note": "spoke to both"} }
