//go:build !unix

package storage

import (
	"fmt"
	"os"
)

// lockFile only creates the file where flock is missing: restore cannot
// tell whether a server runs, so stop it before restoring.
func lockFile(path string, _ bool) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("storage: lock file: %w", err)
	}
	return f, nil
}
