package views_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"cairn/storage/storagetest"
	"cairn/views"
	"cairn/views/openapitest"
)

// apiDoc is the OpenAPI document, loaded and validated once per test run.
var apiDoc = sync.OnceValues(func() (*openapitest.Validator, error) {
	return openapitest.Load(views.OpenAPIDocument())
})

// checkAPI fails the test when an exchange with /api/v1 departs from the
// OpenAPI document. Every helper that sends API requests calls it.
func checkAPI(t testing.TB, req *http.Request, reqBody []byte, resp *http.Response, respBody []byte) {
	t.Helper()
	v, err := apiDoc()
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Check(openapitest.Exchange{Request: req, RequestBody: reqBody, Status: resp.StatusCode,
		Header: resp.Header, ResponseBody: respBody}); err != nil {
		t.Error(err)
	}
}

// readBody takes a request's body out and puts a fresh reader back.
func readBody(t testing.TB, req *http.Request) []byte {
	t.Helper()
	if req.Body == nil {
		return nil
	}
	b, err := io.ReadAll(req.Body)
	if err != nil {
		t.Fatal(err)
	}
	req.Body = io.NopCloser(bytes.NewReader(b))
	return b
}

var fiberParam = regexp.MustCompile(`:([a-z_]+)`)

// TestOpenAPIDocument: the document is valid OpenAPI, served as it is kept,
// and names exactly the API's routes: a route added without a line in the
// document (or a line left for a route removed) fails here.
func TestOpenAPIDocument(t *testing.T) {
	v, err := apiDoc()
	if err != nil {
		t.Fatal(err)
	}
	if v.Doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q, want 3.1.0", v.Doc.OpenAPI)
	}
	e := newEnv(t, storagetest.New(t, "sqlite"))
	resp, body := e.do(httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	wantStatus(t, "openapi.json", resp, body, 200)
	if body != string(views.OpenAPIDocument()) || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Errorf("served %s, %d bytes; want the kept document as JSON", resp.Header.Get("Content-Type"), len(body))
	}

	documented := map[string]bool{}
	for path, item := range v.Doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+path] = true
		}
	}
	routes := map[string]bool{}
	for _, key := range routeKeys(e.app) {
		method, path, _ := strings.Cut(key, " ")
		rest, ok := strings.CutPrefix(path, openapitest.Prefix+"/")
		if !ok || method == "HEAD" || strings.Contains(rest, "*") {
			continue
		}
		path = "/" + fiberParam.ReplaceAllString(rest, "{$1}")
		if path == "/reports/programmes/{file}" { // one route answers {id} and {id}.csv
			routes[method+" /reports/programmes/{id}"] = true
			routes[method+" /reports/programmes/{id}.csv"] = true
			continue
		}
		routes[method+" "+path] = true
	}
	var missing, stale []string
	for k := range routes {
		if !documented[k] {
			missing = append(missing, k)
		}
	}
	for k := range documented {
		if !routes[k] {
			stale = append(stale, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(stale)
	for _, k := range missing {
		t.Errorf("route %s is not in views/openapi.json: describe it there (see README, OpenAPI)", k)
	}
	for _, k := range stale {
		t.Errorf("views/openapi.json describes %s, which is no route", k)
	}
}
