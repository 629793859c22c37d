package storage_test

import (
	"context"
	"testing"

	"cairn/domain"
	"cairn/storage/storagetest"
)

// BenchmarkOrgReport computes the report across programmes (the default
// twelve months, every programme) of a generated organisation.
// CAIRN_BENCH_PEOPLE (default 2000) sets its size; the target is
// 10,000 people under a second.
func BenchmarkOrgReport(b *testing.B) {
	for _, d := range storagetest.Dialects {
		b.Run(d, func(b *testing.B) {
			s, now := seededStore(b, d, benchPeople(), 0)
			svc := domain.NewService(s, domain.NewFixedClock(now), domain.Config{})
			admin := domain.Actor{Person: domain.Person{ID: 1, Role: domain.RoleAdmin, Active: true}}
			ctx := context.Background()
			b.ResetTimer()
			for b.Loop() {
				r, err := svc.OrgReport(ctx, admin, domain.ReportQuery{})
				if err != nil {
					b.Fatal(err)
				}
				if r.ActiveByMonth[len(r.ActiveByMonth)-1] == 0 {
					b.Fatal("no active relationship in the generated organisation")
				}
			}
		})
	}
}
