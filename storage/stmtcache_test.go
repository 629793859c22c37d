package storage_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
)

// TestReadsInATransactionArePreparedForNextTime: a read first run in a
// transaction goes direct (preparing it on the pool would wait for a
// connection while the transaction holds one) and is prepared in the
// background; later transactions run the prepared statement, with the
// same answers. A statement with many placeholders is never cached.
func TestReadsInATransactionArePreparedForNextTime(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		const q = `SELECT count(*) FROM people WHERE id > ?`
		count := func(st *storage.Store) int {
			var n int
			if err := st.Get(&n, q, 0); err != nil {
				t.Fatal(err)
			}
			return n
		}
		p := newPerson("cached@example.com")
		if err := s.CreatePerson(context.Background(), &p); err != nil {
			t.Fatal(err)
		}
		inTx := func() int {
			var n int
			if err := s.InTx(context.Background(), func(tx domain.Ports) error {
				n = count(tx.People.(*storage.Store))
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := inTx(); n != 1 {
			t.Fatalf("first run in a transaction: %d people, want 1", n)
		}
		for deadline := time.Now().Add(10 * time.Second); !s.Cached(q); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("the read was never prepared")
			}
		}
		for range 3 {
			if n := inTx(); n != 1 {
				t.Fatalf("prepared, in a transaction: %d people, want 1", n)
			}
		}
		if n := count(s); n != 1 {
			t.Fatalf("prepared, on the pool: %d people, want 1", n)
		}

		many := `SELECT count(*) FROM people WHERE id IN (` + strings.TrimSuffix(strings.Repeat("?, ", 100), ", ") + `)`
		args := make([]any, 100)
		for i := range args {
			args[i] = fmt.Sprint(i)
		}
		var n int
		if err := s.Get(&n, many, args...); err != nil {
			t.Fatal(err)
		}
		if s.Cached(many) {
			t.Error("a statement of 100 placeholders was cached")
		}
	})
}
