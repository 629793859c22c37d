package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
)

// A backup taken during a burst of writes holds every write acknowledged
// before it began, passes the integrity check, and restores to a database
// Cairn opens.
func TestBackupDuringWritesRestoresEveryAcknowledgedWrite(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := "sqlite://" + dir + "/live.db"
	s, err := storage.Open(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	var acked atomic.Int64
	stop := make(chan struct{})
	writerDone := make(chan error, 1)
	go func() {
		for n := int64(1); ; n++ {
			select {
			case <-stop:
				writerDone <- nil
				return
			default:
			}
			if err := s.InsertAudit(ctx, domain.AuditEntry{Action: "create", ObjectType: "burst", ObjectID: n, At: time.Now()}); err != nil {
				writerDone <- err
				return
			}
			acked.Store(n)
		}
	}()
	for acked.Load() < 200 {
		time.Sleep(time.Millisecond)
	}
	backup := filepath.Join(dir, "backup.db")
	before := acked.Load()
	var out, errOut bytes.Buffer
	if err := run(ctx, []string{"backup", "--database-url", src, backup}, env(nil), &out, &errOut); err != nil {
		t.Fatalf("backup: %v\n%s", err, errOut.String())
	}
	during := acked.Load() - before
	// Let the burst go on a little past the backup, then stop it.
	time.Sleep(20 * time.Millisecond)
	close(stop)
	if err := <-writerDone; err != nil {
		t.Fatalf("a write failed during the backup: %v", err)
	}
	if during == 0 {
		t.Fatal("no write completed while the backup ran, so this test proved nothing about writes during it")
	}
	if !strings.Contains(out.String(), "integrity check ok") {
		t.Errorf("backup said %q", out.String())
	}

	restored := "sqlite://" + dir + "/restored.db"
	out.Reset()
	if err := run(ctx, []string{"restore", "--database-url", restored, backup}, env(nil), &out, &errOut); err != nil {
		t.Fatalf("restore: %v\n%s", err, errOut.String())
	}
	r, err := storage.Open(ctx, restored)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var problems []string
	if err := r.DB().SelectContext(ctx, &problems, `PRAGMA integrity_check`); err != nil || len(problems) != 1 || problems[0] != "ok" {
		t.Fatalf("integrity check of the restored database: %v %v", problems, err)
	}
	var have, highest int64
	if err := r.DB().GetContext(ctx, &have, `SELECT count(DISTINCT object_id) FROM audit_log WHERE object_type = 'burst' AND object_id <= ?`, before); err != nil {
		t.Fatal(err)
	}
	if have != before {
		t.Errorf("the restored copy has %d of the %d writes acknowledged before the backup began", have, before)
	}
	if err := r.DB().GetContext(ctx, &highest, `SELECT max(object_id) FROM audit_log WHERE object_type = 'burst'`); err != nil {
		t.Fatal(err)
	}
	// Each write is one row, so the copy is a prefix of the burst: no hole.
	var rows int64
	if err := r.DB().GetContext(ctx, &rows, `SELECT count(*) FROM audit_log WHERE object_type = 'burst'`); err != nil {
		t.Fatal(err)
	}
	if rows != highest {
		t.Errorf("the restored copy has %d burst rows up to %d: not one consistent moment", rows, highest)
	}
	if n, err := r.Migrate(ctx, nil); err != nil || n != 0 {
		t.Errorf("restored database needs %d migrations (%v), want none", n, err)
	}
	t.Logf("%d writes acknowledged before the backup, %d during it, %d in the copy", before, during, highest)
}

// restore refuses while cairn serve holds the database, and once it has
// stopped replaces the database and keeps the old one beside it.
func TestRestoreRefusesWhileServing(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite://" + dir + "/c.db"
	backup := filepath.Join(dir, "b.db")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, errOut := &syncBuffer{ready: make(chan struct{})}, &syncBuffer{}
	done := make(chan error, 1)
	vars := env(map[string]string{"CAIRN_DATABASE_URL": db, "CAIRN_ADDR": "127.0.0.1:0"})
	go func() { done <- run(ctx, nil, vars, out, errOut) }()
	select {
	case <-out.ready:
	case err := <-done:
		t.Fatalf("serve exited before listening: %v\n%s", err, errOut.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not start in a minute:\n%s", errOut.String())
	}
	var o, e bytes.Buffer
	if err := run(context.Background(), []string{"backup", backup}, vars, &o, &e); err != nil {
		t.Fatalf("backup while serving: %v", err)
	}
	if err := run(context.Background(), []string{"backup", backup}, vars, &o, &e); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("a second backup over the first: %v", err)
	}
	err := run(context.Background(), []string{"restore", backup}, vars, &o, &e)
	if !errors.Is(err, storage.ErrDatabaseInUse) {
		t.Fatalf("restore while serving: %v, want it refused", err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v\n%s", err, errOut.String())
	}
	o.Reset()
	if err := run(context.Background(), []string{"restore", backup}, vars, &o, &e); err != nil {
		t.Fatalf("restore after the server stopped: %v", err)
	}
	kept, _ := filepath.Glob(filepath.Join(dir, "c.db.before-restore-*"))
	if len(kept) != 1 || !strings.Contains(o.String(), kept[0]) {
		t.Errorf("restore kept %v and said %q", kept, o.String())
	}
	if err := run(context.Background(), []string{"restore", filepath.Join(dir, "nothing.db")}, vars, &o, &e); err == nil {
		t.Error("restore from a missing file succeeded")
	}
	future := "sqlite://" + filepath.Join(dir, "future.db")
	if err := run(context.Background(), []string{"backup", "--database-url", db, filepath.Join(dir, "future.db")}, env(nil), &o, &e); err != nil {
		t.Fatal(err)
	}
	fs, err := storage.Open(context.Background(), future)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fs.DB().Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, 1)`); err != nil {
		t.Fatal(err)
	}
	fs.Close()
	if err := run(context.Background(), []string{"restore", filepath.Join(dir, "future.db")}, vars, &o, &e); err == nil ||
		!strings.Contains(err.Error(), "newer Cairn") {
		t.Errorf("restore of a backup from a newer Cairn: %v, want it refused", err)
	}
	junk := filepath.Join(dir, "junk.db")
	if err := os.WriteFile(junk, []byte(strings.Repeat("not a database ", 400)), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := run(context.Background(), []string{"restore", junk}, vars, &o, &e); err == nil {
		t.Error("restore from a file that is not a database succeeded")
	}
}

// On PostgreSQL, backup runs pg_dump; the dump lists Cairn's tables.
func TestBackupPostgresRunsPgDump(t *testing.T) {
	if _, err := exec.LookPath("pg_restore"); err != nil {
		t.Skip("pg_dump and pg_restore are not installed")
	}
	url := storagetest.URL(t, "postgres")
	s, err := storage.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "cairn.dump")
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"backup", "--database-url", url, file}, env(nil), &out, &errOut); err != nil {
		t.Fatalf("backup: %v\n%s", err, errOut.String())
	}
	list, err := exec.Command("pg_restore", "--list", file).CombinedOutput()
	if err != nil {
		t.Fatalf("pg_restore --list: %v\n%s", err, list)
	}
	for _, table := range []string{"TABLE DATA", "people", "meetings", "goose_db_version"} {
		if !strings.Contains(string(list), table) {
			t.Errorf("the dump lists no %q", table)
		}
	}
	if err := run(context.Background(), []string{"restore", "--database-url", url, file}, env(nil), &out, &errOut); err == nil ||
		!strings.Contains(err.Error(), "pg_restore") {
		t.Errorf("restore on PostgreSQL: %v, want a pointer to pg_restore", err)
	}
}
