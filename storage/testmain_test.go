package storage_test

import (
	"testing"

	"cairn/storage/storagetest"
)

// TestMain ends a run that skipped the PostgreSQL suite with one loud line.
func TestMain(m *testing.M) { storagetest.Main(m, storagetest.MissingPostgres) }
