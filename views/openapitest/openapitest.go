// Package openapitest checks HTTP exchanges with the JSON API against its
// OpenAPI document (views.OpenAPIDocument), for tests: a request the
// document describes must get an answer the document describes, a request
// it rules out must be refused (4xx), and a route it does not know must answer
// nothing but 404, 405 or (to an anonymous caller) 401. Tests that talk to /api/v1 pass each
// exchange to Validator.Check, so the document cannot drift from the code.
package openapitest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// Prefix is where the JSON API lives; exchanges elsewhere are not checked.
const Prefix = "/api/v1"

// Validator holds a loaded, valid document and a router over it.
type Validator struct {
	Doc    *openapi3.T
	router routers.Router
}

var registerCSV sync.Once

// Load parses and validates the document and builds its router.
func Load(doc []byte) (*Validator, error) {
	registerCSV.Do(func() { openapi3filter.RegisterBodyDecoder("text/csv", openapi3filter.PlainBodyDecoder) })
	loader := openapi3.NewLoader()
	t, err := loader.LoadFromData(doc)
	if err != nil {
		return nil, fmt.Errorf("openapi: load: %w", err)
	}
	if err := t.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("openapi: the document is not valid: %w", err)
	}
	r, err := gorillamux.NewRouter(t)
	if err != nil {
		return nil, fmt.Errorf("openapi: router: %w", err)
	}
	return &Validator{Doc: t, router: r}, nil
}

// Exchange is one request with its body and the answer with its body.
type Exchange struct {
	Request      *http.Request // URL path and query, method and headers are read
	RequestBody  []byte
	Status       int
	Header       http.Header
	ResponseBody []byte
}

// Check reports how an exchange departs from the document, or nil. Only
// paths under Prefix are checked.
func (v *Validator) Check(x Exchange) error {
	path := x.Request.URL.Path
	if path != Prefix && !strings.HasPrefix(path, Prefix+"/") {
		return nil
	}
	what := x.Request.Method + " " + x.Request.URL.RequestURI()
	req := x.Request.Clone(context.Background())
	// The router matches the server URL "/api/v1" against a relative
	// request: give it no scheme or host to compare.
	req.URL.Scheme, req.URL.Host, req.Host = "", "", ""
	req.Body = io.NopCloser(bytes.NewReader(x.RequestBody))
	req.ContentLength = int64(len(x.RequestBody))
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		var rerr *routers.RouteError
		if errors.As(err, &rerr) && (x.Status == http.StatusNotFound || x.Status == http.StatusMethodNotAllowed ||
			x.Status == http.StatusUnauthorized) {
			return nil // no such route, and the server agrees (or asks an anonymous caller to sign in first)
		}
		return fmt.Errorf("%s is not in the OpenAPI document (views/openapi.json) but answered %d: document it (%v)", what, x.Status, err)
	}
	in := &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true},
	}
	reqErr := openapi3filter.ValidateRequest(context.Background(), in)
	if reqErr != nil && (x.Status < 400 || x.Status >= 500) {
		return fmt.Errorf("%s: the document rules this request out (%v), but it answered %d: %.300s", what, reqErr, x.Status, x.ResponseBody)
	}
	header := x.Header
	if header == nil {
		header = http.Header{}
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 x.Status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(x.ResponseBody)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		return fmt.Errorf("%s: the answer %d departs from the OpenAPI document (views/openapi.json): %v\nbody: %.500s", what, x.Status, err, x.ResponseBody)
	}
	return nil
}
