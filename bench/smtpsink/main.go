// Command smtpsink is the bench's mail server: it listens on a loopback
// address, accepts every message, keeps none, and writes the number
// accepted so far to a file (rewritten at most every 50 ms and on exit),
// so bench/run can time the delivery of many reminders.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/emersion/go-smtp"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "smtpsink:", err)
		os.Exit(1)
	}
}

func run() error {
	addr := flag.String("addr", "127.0.0.1:2525", "listen address (loopback)")
	countFile := flag.String("count-file", "", "file that holds the number of messages accepted")
	flag.Parse()
	if *countFile == "" {
		return errors.New("--count-file is required")
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("%s is not a loopback address", *addr)
	}
	var n atomic.Int64
	srv := smtp.NewServer(backend{n: &n})
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = 30*time.Second, 30*time.Second
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	write := func() error {
		tmp := *countFile + ".tmp"
		if err := os.WriteFile(tmp, []byte(strconv.FormatInt(n.Load(), 10)+"\n"), 0o644); err != nil {
			return err
		}
		return os.Rename(tmp, *countFile)
	}
	if err := write(); err != nil {
		return err
	}
	go func() { _ = srv.Serve(ln) }()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	last := int64(-1)
	for {
		select {
		case <-ctx.Done():
			_ = srv.Close()
			return write()
		case <-tick.C:
			if v := n.Load(); v != last {
				last = v
				if err := write(); err != nil {
					return err
				}
			}
		}
	}
}

type backend struct{ n *atomic.Int64 }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{n: b.n}, nil }

type session struct{ n *atomic.Int64 }

func (s *session) Reset()                               {}
func (s *session) Logout() error                        { return nil }
func (s *session) Mail(string, *smtp.MailOptions) error { return nil }
func (s *session) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *session) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	s.n.Add(1)
	return nil
}
