package views

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"path"
	"sync"

	"github.com/gofiber/fiber/v2"
)

//go:embed static
var staticFS embed.FS

// staticAsset is one embedded file with its content hash, computed once.
type staticAsset struct {
	body        []byte
	contentType string
	version     string // first 16 hex digits of the SHA-256 of body
	etag        string
}

// staticAssets reads and hashes the embedded assets on first use; they
// never change while the process runs.
var staticAssets = sync.OnceValue(func() map[string]staticAsset {
	out := map[string]staticAsset{}
	_ = fs.WalkDir(staticFS, "static", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(staticFS, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		v := hex.EncodeToString(sum[:8])
		out[name] = staticAsset{body: b, contentType: mime.TypeByExtension(path.Ext(name)), version: v, etag: `"` + v + `"`}
		return nil
	})
	return out
})

// assetURL is the template func "asset": the URL of a static file with its
// content version, so it can be cached for a year and still change on
// upgrade.
func assetURL(name string) string {
	if a, ok := staticAssets()[path.Clean("static/"+name)]; ok {
		return "/static/" + name + "?v=" + a.version
	}
	return "/static/" + name
}

// static serves the embedded assets with a content ETag: for a year,
// immutable, when asked by their versioned URL; otherwise to be revalidated
// (a 304 when unchanged).
func (s *Server) static(c *fiber.Ctx) error {
	a, ok := staticAssets()[path.Clean("static/"+c.Params("*"))]
	if !ok {
		return s.pageNotFound(c)
	}
	c.Set(fiber.HeaderETag, a.etag)
	if c.Query("v") == a.version {
		c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	} else {
		c.Set(fiber.HeaderCacheControl, "public, no-cache")
	}
	if c.Get(fiber.HeaderIfNoneMatch) == a.etag {
		return c.SendStatus(fiber.StatusNotModified)
	}
	if a.contentType != "" {
		c.Set(fiber.HeaderContentType, a.contentType)
	}
	return c.Send(a.body)
}
