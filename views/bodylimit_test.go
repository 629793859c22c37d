package views_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"cairn/storage/storagetest"
)

// oversized is one kind of too-large body and what its 413 must say.
type oversized struct {
	name, path string
	file       string // the body (for a form upload: the CSV file in it)
	size       int
	kind       string // "json", "csv", "form" (url-encoded) or "upload" (multipart)
	want       []string
}

// writeFiller writes a body of exactly size bytes of the kind's format.
func writeFiller(t *testing.T, path, kind string, size int) {
	t.Helper()
	var head, row, tail string
	switch kind {
	case "json":
		head, row, tail = `{"name":"`, "Ada Lovelace ", `"}`
	case "csv", "upload":
		head, row, tail = "name,email,job_title,department,seniority,timezone,external\n",
			"Grace Hopper,grace@example.com,Admiral,Navy,9,UTC,false\n", ""
	case "form":
		head, row, tail = "name=", "Ada+Lovelace+", "&email=ada%40example.com"
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	n, _ := w.WriteString(head)
	for left := size - n - len(tail); left > 0; left -= len(row) {
		_, _ = w.WriteString(row[:min(len(row), left)])
	}
	_, _ = w.WriteString(tail)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
}

// serve runs the app on a loopback socket: the race this guards against
// lives in TCP, which app.Test does not have.
func serve(t *testing.T, e *env) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = e.app.Listener(ln) }()
	t.Cleanup(func() { _ = e.app.Shutdown() })
	return "http://" + ln.Addr().String()
}

// onlyReader hides a file's size, so the client must send it chunked.
type onlyReader struct{ io.Reader }

// goSend posts the body with Go's client and returns status and answer.
func goSend(ctx context.Context, base string, b oversized, header http.Header, expect, chunked bool) (int, string, error) {
	f, err := os.Open(b.file)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	var body io.Reader = f
	length := int64(b.size)
	contentType := header.Get("Content-Type")
	if b.kind == "upload" {
		var head bytes.Buffer
		mw := multipart.NewWriter(&head)
		_ = mw.WriteField("_csrf", header.Get("X-Test-CSRF"))
		part := textproto.MIMEHeader{}
		part.Set("Content-Disposition", `form-data; name="file"; filename="people.csv"`)
		part.Set("Content-Type", "text/csv")
		if _, err := mw.CreatePart(part); err != nil {
			return 0, "", err
		}
		tail := "\r\n--" + mw.Boundary() + "--\r\n"
		body = io.MultiReader(bytes.NewReader(head.Bytes()), f, strings.NewReader(tail))
		length += int64(head.Len() + len(tail))
		contentType = mw.FormDataContentType()
	}
	if chunked {
		body, length = onlyReader{body}, -1
	}
	req, err := http.NewRequestWithContext(ctx, "POST", base+b.path, body)
	if err != nil {
		return 0, "", err
	}
	req.ContentLength = length
	for k, v := range header {
		if k != "X-Test-Csrf" {
			req.Header[k] = v
		}
	}
	req.Header.Set("Content-Type", contentType)
	if expect {
		req.Header.Set("Expect", "100-continue")
	}
	client := &http.Client{Transport: &http.Transport{ExpectContinueTimeout: 10 * time.Second, DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out), err
}

// curlSend posts the body with curl and returns status and answer.
func curlSend(ctx context.Context, base string, b oversized, header http.Header, expect, chunked bool) (int, string, error) {
	args := []string{"-sS", "-w", "\n%{http_code}", "--max-time", "60"}
	for k, vs := range header {
		if k == "X-Test-Csrf" {
			continue
		}
		for _, v := range vs {
			args = append(args, "-H", k+": "+v)
		}
	}
	if b.kind == "upload" {
		args = append(args, "-F", "_csrf="+header.Get("X-Test-CSRF"), "-F", "file=@"+b.file+";type=text/csv")
	} else {
		// -T streams the file; --data-binary would read it all first.
		args = append(args, "-X", "POST", "-H", "Content-Type: "+header.Get("Content-Type"), "-T", b.file)
	}
	if expect {
		args = append(args, "-H", "Expect: 100-continue")
	} else {
		args = append(args, "-H", "Expect:") // curl would add it to a large body
	}
	if chunked {
		args = append(args, "-H", "Transfer-Encoding: chunked")
	}
	cmd := exec.CommandContext(ctx, "curl", append(args, base+b.path)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return 0, "", fmt.Errorf("%w: %s", err, stderr.String())
	}
	i := bytes.LastIndexByte(out, '\n')
	var status int
	_, _ = fmt.Sscan(string(out[i+1:]), &status)
	return status, string(out[:i]), nil
}

// Every oversized body gets a 413 its client can read, whether the client
// waits for "100 Continue" or sends at once, with a known length or in
// chunks, from Go or curl: the server refuses before reading and discards
// the rest instead of resetting the connection under the answer.
func TestOversizedBodiesGetA413TheyCanRead(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed")
	}
	dir := t.TempDir()
	apiTooLarge := func(limit string) []string {
		return []string{`{"error":{"code":"too_large","message":"the request is larger than ` + limit}
	}
	bodies := []oversized{
		{name: "JSON 2 MiB", path: "/api/v1/people", size: 2 << 20, kind: "json", want: apiTooLarge("1 MB")},
		{name: "JSON 32 MiB", path: "/api/v1/people", size: 32 << 20, kind: "json", want: apiTooLarge("1 MB")},
		{name: "CSV 9 MiB", path: "/api/v1/people/import", size: 9 << 20, kind: "csv", want: apiTooLarge("8 MB")},
		{name: "CSV 64 MiB", path: "/api/v1/people/import", size: 64 << 20, kind: "csv", want: apiTooLarge("8 MB")},
		{name: "CSV upload 9 MiB", path: "/people/import/preview", size: 9 << 20, kind: "upload",
			want: []string{`<div id="file-error"><p class="field-error">This file is larger than 8 MB`}},
		{name: "CSV upload 64 MiB", path: "/people/import/preview", size: 64 << 20, kind: "upload",
			want: []string{`<div id="file-error"><p class="field-error">This file is larger than 8 MB`}},
		{name: "form 2 MiB", path: "/people", size: 2 << 20, kind: "form",
			want: []string{`<p class="lead">The request is larger than 1 MB`}},
	}
	for i := range bodies {
		bodies[i].file = filepath.Join(dir, fmt.Sprintf("body%d", i))
		writeFiller(t, bodies[i].file, bodies[i].kind, bodies[i].size)
	}
	senders := []struct {
		name string
		send func(context.Context, string, oversized, http.Header, bool, bool) (int, string, error)
	}{{"Go", goSend}, {"curl", curlSend}}

	eachEnv(t, func(t *testing.T, e *env) {
		base := serve(t, e)
		token := e.token("admin@example.com", adminPassword)
		b := e.browser()
		b.login("admin@example.com", adminPassword)
		csrf := b.csrf("/people/import")
		headers := map[string]http.Header{
			"json": {"Authorization": {"Bearer " + token}, "Content-Type": {"application/json"}},
			"csv":  {"Authorization": {"Bearer " + token}, "Content-Type": {"text/csv"}},
			"form": {"Cookie": {"cairn_session=" + b.cookies["cairn_session"]}, "X-Csrf-Token": {csrf},
				"Content-Type": {"application/x-www-form-urlencoded"}},
			"upload": {"Cookie": {"cairn_session=" + b.cookies["cairn_session"]}, "X-Test-Csrf": {csrf}},
		}
		// Four at a time, as browsers and scripts would send them.
		const requests, parallel = 200, 4
		next := make(chan int)
		var wg sync.WaitGroup
		for range parallel {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					// Every combination comes round several times.
					body := bodies[i%len(bodies)]
					expect := (i/len(bodies))%2 == 0
					chunked := (i/(2*len(bodies)))%2 == 0
					sender := senders[(i/(4*len(bodies)))%2]
					what := fmt.Sprintf("#%d %s by %s (Expect: %v, chunked: %v)", i, body.name, sender.name, expect, chunked)
					// Generous: one request takes well under a second, but a
					// loaded machine under -race can be many times slower.
					ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
					status, answer, err := sender.send(ctx, base, body, headers[body.kind], expect, chunked)
					cancel()
					if err != nil {
						t.Errorf("%s: no answer: %v", what, err)
						continue
					}
					if status != 413 {
						t.Errorf("%s: status %d, want 413: %.300s", what, status, answer)
						continue
					}
					for _, w := range body.want {
						if !strings.Contains(answer, w) {
							t.Errorf("%s: the answer lacks %q: %.500s", what, w, answer)
						}
					}
				}
			}()
		}
		for i := range requests {
			next <- i
		}
		close(next)
		wg.Wait()
		// The server is none the worse.
		resp, out := e.api("GET", "/api/v1/me", token, nil)
		wantStatus(t, "a request after the 413s", resp, out, 200)
	})
}

// rawRequest opens a socket and sends a request head declaring n bytes.
func rawRequest(t *testing.T, base, path string, n int, extra string) (net.Conn, *bufio.Reader) {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	_ = conn.SetDeadline(time.Now().Add(20 * time.Second))
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n%s\r\n", path, n, extra)
	return conn, bufio.NewReader(conn)
}

// On the wire: "Expect: 100-continue" gets the 413 in place of "100
// Continue"; without it the server answers, then takes in the rest of the
// body and ends the connection cleanly rather than resetting it.
func TestOversizedBodyOnTheWire(t *testing.T) {
	e := newEnv(t, storagetest.New(t, "sqlite"))
	base := serve(t, e)

	conn, r := rawRequest(t, base, "/api/v1/people", 2<<20, "Expect: 100-continue\r\n")
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 413 || !resp.Close {
		t.Errorf("with Expect: first answer %d (closing: %v), want 413 and close", resp.StatusCode, resp.Close)
	}
	conn.Close()

	conn, r = rawRequest(t, base, "/api/v1/people", 4<<20, "")
	resp, err = http.ReadResponse(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	answer, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 413 || !strings.Contains(string(answer), "larger than 1 MB") {
		t.Errorf("without Expect: %d %s, want 413", resp.StatusCode, answer)
	}
	// Only now is the body sent, all of it: the server reads it away.
	if _, err := conn.Write(make([]byte, 4<<20)); err != nil {
		t.Errorf("sending the body after the answer: %v", err)
	}
	if n, err := r.Read(make([]byte, 1)); n != 0 || err != io.EOF {
		t.Errorf("after the body: read %d bytes, %v; want the end of the connection, not a reset", n, err)
	}
}
