package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"cairn/migrations"
)

// BackupInfo describes a checked SQLite backup.
type BackupInfo struct {
	Path      string
	Bytes     int64
	Version   int64 // the newest migration applied in it
	People    int
	TakenAt   time.Time
	Integrity string // "ok" once PRAGMA integrity_check found nothing
}

// ErrDatabaseInUse means a Cairn server holds the SQLite database.
var ErrDatabaseInUse = errors.New("a Cairn server is using this database")

// sqlitePath is the file a sqlite:// URL names, or "" for PostgreSQL.
func sqlitePath(databaseURL string) (string, error) {
	d, err := parseDatabaseURL(databaseURL)
	if err != nil {
		return "", err
	}
	if d.name != "sqlite" {
		return "", nil
	}
	p := strings.TrimPrefix(databaseURL, "sqlite://")
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	return p, nil
}

// lockPath is the lock file beside a SQLite database. It is never removed:
// removing a lock file while another process waits on it would let two
// processes each hold "the" lock.
func lockPath(dbPath string) string { return dbPath + ".lock" }

// HoldDatabase marks a SQLite database as in use by a server until release
// is called: a shared lock on its lock file, so restore (which needs the
// lock alone) refuses to replace it underneath. The operating system drops
// the lock when the process ends, so a crash leaves nothing stale. On
// PostgreSQL it does nothing.
func HoldDatabase(databaseURL string) (release func(), err error) {
	p, err := sqlitePath(databaseURL)
	if err != nil || p == "" {
		return func() {}, err
	}
	f, err := lockFile(lockPath(p), false)
	if err != nil {
		return nil, err
	}
	return func() { f.Close() }, nil
}

// HoldDatabaseAlone is HoldDatabase for a command that replaces the
// database's contents (copy --to): it fails with ErrDatabaseInUse while a
// server holds the database, and keeps servers from starting until release.
func HoldDatabaseAlone(databaseURL string) (release func(), err error) {
	p, err := sqlitePath(databaseURL)
	if err != nil || p == "" {
		return func() {}, err
	}
	f, err := lockFile(lockPath(p), true)
	if err != nil {
		return nil, err
	}
	return func() { f.Close() }, nil
}

// Backup writes a consistent copy of a SQLite database to path while the
// database stays in use: VACUUM INTO reads one snapshot (in WAL mode
// writers go on meanwhile), into a temporary file that is synced, checked
// with PRAGMA integrity_check and only then renamed to path. path must not
// exist. PostgreSQL is backed up with pg_dump (PostgresDump).
func (s *Store) Backup(ctx context.Context, path string) (BackupInfo, error) {
	if s.dialect.name != "sqlite" {
		return BackupInfo{}, errors.New("storage: Backup copies SQLite databases; use pg_dump for PostgreSQL")
	}
	if _, err := os.Stat(path); err == nil {
		return BackupInfo{}, fmt.Errorf("%s already exists: choose a new file name", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return BackupInfo{}, err
	}
	tmp := abs + ".partial"
	_ = os.Remove(tmp)
	defer os.Remove(tmp)
	taken := time.Now().UTC()
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return BackupInfo{}, fmt.Errorf("storage: backup into %s: %w", path, err)
	}
	if err := syncFile(tmp); err != nil {
		return BackupInfo{}, err
	}
	info, err := CheckSQLiteFile(ctx, tmp)
	if err != nil {
		return BackupInfo{}, err
	}
	if err := os.Rename(tmp, abs); err != nil {
		return BackupInfo{}, fmt.Errorf("storage: backup: %w", err)
	}
	_ = syncDir(filepath.Dir(abs))
	info.Path, info.TakenAt = path, taken
	return info, nil
}

// CheckSQLiteFile opens a SQLite file read-only and checks it is a sound
// Cairn database: PRAGMA integrity_check and foreign_key_check find
// nothing, and it has a migration version and a people table.
func CheckSQLiteFile(ctx context.Context, path string) (BackupInfo, error) {
	st, err := os.Stat(path)
	if err != nil {
		return BackupInfo{}, err
	}
	db, err := sqlx.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return BackupInfo{}, fmt.Errorf("storage: open %s: %w", path, err)
	}
	defer db.Close()
	info := BackupInfo{Path: path, Bytes: st.Size()}
	var problems []string
	if err := db.SelectContext(ctx, &problems, `PRAGMA integrity_check`); err != nil {
		return info, fmt.Errorf("%s is not a readable SQLite database: %w", path, err)
	}
	if len(problems) != 1 || problems[0] != "ok" {
		return info, fmt.Errorf("%s fails the integrity check: %s", path, strings.Join(problems, "; "))
	}
	info.Integrity = "ok"
	var broken int
	if err := db.GetContext(ctx, &broken, `SELECT count(*) FROM pragma_foreign_key_check`); err != nil {
		return info, fmt.Errorf("storage: foreign key check of %s: %w", path, err)
	}
	if broken > 0 {
		return info, fmt.Errorf("%s has %d rows pointing at rows that do not exist", path, broken)
	}
	if err := db.GetContext(ctx, &info.Version, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied`); err != nil {
		return info, fmt.Errorf("%s is not a Cairn database (no migration table): %w", path, err)
	}
	if err := db.GetContext(ctx, &info.People, `SELECT count(*) FROM people`); err != nil {
		return info, fmt.Errorf("%s is not a Cairn database (no people): %w", path, err)
	}
	return info, nil
}

// RestoreSQLite replaces the SQLite database of databaseURL with a backup
// made by Backup. It refuses while a server holds the database
// (HoldDatabase), checks the backup first, and keeps the database it
// replaces beside it as FILE.before-restore-TIME, returned as kept ("" when
// there was none).
func RestoreSQLite(ctx context.Context, databaseURL, backup string) (info BackupInfo, kept string, err error) {
	p, err := sqlitePath(databaseURL)
	if err != nil {
		return info, "", err
	}
	if p == "" {
		return info, "", errors.New("restore replaces SQLite databases; restore PostgreSQL with pg_restore")
	}
	lock, err := lockFile(lockPath(p), true)
	if err != nil {
		return info, "", err
	}
	defer lock.Close()
	info, err = CheckSQLiteFile(ctx, backup)
	if err != nil {
		return info, "", err
	}
	newest, err := newestMigration("sqlite")
	if err != nil {
		return info, "", err
	}
	if info.Version > newest {
		return info, "", fmt.Errorf("%s was made by a newer Cairn (migration %05d; this one knows up to %05d): restore it with that version", backup, info.Version, newest)
	}
	tmp := p + ".restoring"
	if err := copyFile(backup, tmp); err != nil {
		return info, "", err
	}
	defer os.Remove(tmp)
	if _, err := os.Stat(p); err == nil {
		// Fold the write-ahead log into the file first, so the copy kept
		// aside is whole on its own.
		if err := checkpoint(ctx, p); err != nil {
			return info, "", err
		}
		kept = p + ".before-restore-" + time.Now().UTC().Format("20060102T150405Z")
		if err := os.Rename(p, kept); err != nil {
			return info, "", fmt.Errorf("storage: keep the current database: %w", err)
		}
	}
	// A log left beside the file belongs to the old database; SQLite would
	// replay it into the restored one.
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Remove(p + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return info, kept, fmt.Errorf("storage: remove %s: %w", p+suffix, err)
		}
	}
	if err := os.Rename(tmp, p); err != nil {
		return info, kept, fmt.Errorf("storage: restore: %w", err)
	}
	_ = syncDir(filepath.Dir(p))
	return info, kept, nil
}

// checkpoint folds a SQLite database's write-ahead log into its file.
func checkpoint(ctx context.Context, path string) error {
	db, err := sqlx.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return fmt.Errorf("storage: checkpoint %s: %w", path, err)
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("storage: copy %s: %w", from, err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return fmt.Errorf("storage: sync %s: %w", to, err)
	}
	return out.Close()
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("storage: sync %s: %w", path, err)
	}
	return nil
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// PostgresDump gives pg_dump's arguments for a custom-format dump of the
// database of a postgres:// URL into file, and the environment to add: the
// password goes in PGPASSWORD rather than on a command line other users of
// the machine can read. A search_path in the URL (which lib/pq reads but
// libpq does not) becomes --schema.
func PostgresDump(databaseURL, file string) (args, env []string, err error) {
	d, err := parseDatabaseURL(databaseURL)
	if err != nil {
		return nil, nil, err
	}
	if d.name != "postgres" {
		return nil, nil, errors.New("pg_dump is for PostgreSQL databases")
	}
	u, err := url.Parse(databaseURL)
	if err != nil {
		return nil, nil, fmt.Errorf("database URL is not a valid URL: %v", redactURLError(err))
	}
	q := u.Query()
	args = []string{"--format=custom", "--file=" + file}
	if sp := q.Get("search_path"); sp != "" {
		for _, schema := range strings.Split(sp, ",") {
			args = append(args, "--schema="+strings.TrimSpace(schema))
		}
	}
	// Options of lib/pq's own that libpq refuses in a URL.
	for _, k := range []string{"search_path", "timezone", "binary_parameters", "disable_prepared_binary_result"} {
		q.Del(k)
	}
	u.RawQuery = q.Encode()
	if u.User != nil {
		if pw, ok := u.User.Password(); ok {
			env = append(env, "PGPASSWORD="+pw)
			u.User = url.User(u.User.Username())
		}
	}
	return append(args, "--dbname="+u.String()), env, nil
}

// newestMigration is the highest migration version this build carries.
func newestMigration(dialect string) (int64, error) {
	fsys, err := migrations.For(dialect)
	if err != nil {
		return 0, err
	}
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return 0, err
	}
	var newest int64
	for _, n := range names {
		var v int64
		if _, err := fmt.Sscanf(n, "%05d_", &v); err == nil && v > newest {
			newest = v
		}
	}
	return newest, nil
}
