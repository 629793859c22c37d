package migrations

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// shippedList is the committed record of every migration that has left the
// building: a database somewhere has applied it, so its text may never
// change and it may never disappear. New files are appended to it.
const shippedList = "shipped.sha256"

// lastUnnumbered is the highest version of the era when versions were issue
// numbers and had gaps; from it on every version is the previous + 1.
const lastUnnumbered = 9

func readShipped(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open(shippedList)
	if err != nil {
		t.Fatalf("the list of shipped migrations is missing: %v", err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		sum, name, ok := strings.Cut(line, "  ")
		if !ok || len(sum) != 64 {
			t.Fatalf("%s line %d: want \"SHA256  DIALECT/FILE.sql\" (sha256sum's format), got %q", shippedList, n, line)
		}
		if _, dup := out[name]; dup {
			t.Fatalf("%s line %d: %s is listed twice", shippedList, n, name)
		}
		out[name] = sum
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestShippedMigrationsUnchanged fails when a shipped migration is edited
// or removed. A database that applied the old text keeps it: goose never
// runs a version twice, so an edit reaches only new databases and the two
// drift apart for good. Change the schema with a new migration instead.
func TestShippedMigrationsUnchanged(t *testing.T) {
	shipped := readShipped(t)
	if len(shipped) == 0 {
		t.Fatal("the list of shipped migrations is empty")
	}
	for name, want := range shipped {
		b, err := fs.ReadFile(files, name)
		if err != nil {
			t.Errorf("%s has shipped and may not be removed (databases have applied it): %v", name, err)
			continue
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != want {
			t.Errorf("%s has shipped and may not be edited (databases that applied it keep the old text); "+
				"restore its shipped text and write a new migration instead", name)
		}
	}
}

// versions returns each dialect's migration versions, sorted, and checks
// the file names on the way.
func versions(t *testing.T) map[string][]int {
	t.Helper()
	out := map[string][]int{}
	for _, d := range []string{"postgres", "sqlite"} {
		names, err := fs.Glob(files, d+"/*.sql")
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int]string{}
		for _, n := range names {
			base := path.Base(n)
			num, _, ok := strings.Cut(base, "_")
			v, err := strconv.Atoi(num)
			if !ok || err != nil || len(num) != 5 {
				t.Errorf("%s: a migration is named NNNNN_words.sql", n)
				continue
			}
			if other, dup := seen[v]; dup {
				t.Errorf("%s and %s share version %d", other, n, v)
			}
			seen[v] = n
			out[d] = append(out[d], v)
		}
		sort.Ints(out[d])
	}
	return out
}

// TestMigrationVersionsContiguous: a new migration is the highest version
// + 1 and a gap is never filled. goose refuses a database whose version is
// above a file it has not applied ("missing (out-of-order) migration"), so
// filling a gap below the newest version breaks every database already past
// it; from lastUnnumbered on there must be no gap at all, and both dialects
// have the same versions.
func TestMigrationVersionsContiguous(t *testing.T) {
	vs := versions(t)
	pg, sq := vs["postgres"], vs["sqlite"]
	if !slices.Equal(pg, sq) {
		t.Errorf("the dialects have different versions: postgres %v, sqlite %v", pg, sq)
	}
	shipped := readShipped(t)
	highestShipped := 0
	for name := range shipped {
		num, _, _ := strings.Cut(path.Base(name), "_")
		if v, err := strconv.Atoi(num); err == nil && v > highestShipped {
			highestShipped = v
		}
	}
	for _, d := range []string{"postgres", "sqlite"} {
		prev := 0
		for _, v := range vs[d] {
			if v > lastUnnumbered && v != prev+1 {
				t.Errorf("%s: version %d follows %d; a new migration is the highest version + 1", d, v, prev)
			}
			prev = v
		}
		for _, v := range vs[d] {
			if v <= highestShipped && !listed(shipped, d, v) {
				t.Errorf("%s: version %d is below the highest shipped version %d but was never shipped: gaps are never filled", d, v, highestShipped)
			}
		}
	}
}

func listed(shipped map[string]string, dialect string, v int) bool {
	prefix := dialect + "/" + strconv.Itoa(100000 + v)[1:] + "_"
	for name := range shipped {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return false
}
