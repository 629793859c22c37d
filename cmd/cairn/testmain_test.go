package main

import (
	"testing"

	"cairn/storage/storagetest"
	"cairn/views/browsertest"
)

// TestMain ends a run that skipped the PostgreSQL suite or the browser
// journeys with one loud line.
func TestMain(m *testing.M) { storagetest.Main(m, browsertest.Missing) }
