// Package domain holds Cairn's nouns and rules: people, programmes, pairings,
// engagements and their meetings, the permission checks, and the use cases
// that both the HTML and the JSON handlers call. It is plain Go: it declares
// the small interfaces it needs (one port per aggregate, Clock) and imports no web framework
// and no SQL driver.
package domain
