package storage_test

import (
	"context"
	"testing"

	"cairn/storage"
	"cairn/storage/storagetest"
)

// Every table the migrations create is emptied by WipeData (seed --force),
// or kept on purpose; a table added without joining the list would make
// the wipe fail on its foreign keys, or leave rows behind.
func TestWipeCoversEveryTable(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		missing, err := st.UnwipedTables(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(missing) > 0 {
			t.Errorf("WipeData does not empty %v: add them to seedTables in storage/bulk.go, children first", missing)
		}
		if err := st.WipeData(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
}
