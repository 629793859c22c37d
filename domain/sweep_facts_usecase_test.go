package domain_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"cairn/domain"
	"cairn/domain/domaintest"
)

// factsLog is a database over an in-memory one that logs every
// relationship-facts query made through its ports, in a transaction or
// not.
type factsLog struct {
	*domaintest.Memory
	queries *[]domain.FactsQuery
}

func (l factsLog) Ports() domain.Ports { return l.logged(l.Memory.Ports()) }

func (l factsLog) InTx(ctx context.Context, fn func(tx domain.Ports) error) error {
	return l.Memory.InTx(ctx, func(tx domain.Ports) error { return fn(l.logged(tx)) })
}

func (l factsLog) logged(p domain.Ports) domain.Ports {
	p.Health = loggedHealth{HealthStore: p.Health, queries: l.queries}
	return p
}

type loggedHealth struct {
	domain.HealthStore
	queries *[]domain.FactsQuery
}

func (h loggedHealth) RelationshipFacts(ctx context.Context, q domain.FactsQuery) ([]domain.RelationshipFacts, error) {
	*h.queries = append(*h.queries, q)
	return h.HealthStore.RelationshipFacts(ctx, q)
}

// One flag sweep, which nudges the lapsed pairs and then raises the flags,
// gathers every active relationship's facts once per kind for both: 60
// days on, both pairs are nudged and the engagement is flagged, and the
// only other facts read are those of the flags in the admin's digest.
func TestFlagSweepGathersTheFactsOnce(t *testing.T) {
	w := newWorld(t)
	var queries []domain.FactsQuery
	svc := domain.NewService(factsLog{Memory: w.mem, queries: &queries}, w.clock, w.svc.Config())
	svc.EnableNotifications(domain.NotifyConfig{BaseURL: "https://cairn.test", Mailer: discard{}})
	w.clock.Advance(60 * 24 * time.Hour)
	run, err := svc.SweepFlags(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if run.Nudged != 2 || run.Raised == 0 || run.Digests != 1 {
		t.Errorf("sweep: %+v; want both pairs nudged, a flag raised and the digest sent", run)
	}
	var sweeps []string
	for _, q := range queries {
		if q.IDs == nil {
			sweeps = append(sweeps, q.SubjectType)
		} else if len(q.IDs) != 1 || q.IDs[0] != w.engagement.ID {
			t.Errorf("facts read for %s %v, not the flagged engagement %d", q.SubjectType, q.IDs, w.engagement.ID)
		}
	}
	if want := []string{domain.SubjectPairing, domain.SubjectEngagement}; !slices.Equal(sweeps, want) {
		t.Errorf("the active relationships' facts were read for %v; want %v, once each", sweeps, want)
	}
	// The nudges are kept: a second sweep sends none.
	again, err := svc.SweepFlags(w.ctx)
	if err != nil || again.Nudged != 0 || again.Raised != 0 || again.Cleared != 0 {
		t.Errorf("second sweep: %+v, %v; want nothing new", again, err)
	}
}
