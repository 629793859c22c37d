// Command cairn is the one binary of Cairn, a self-hosted tracker for
// mentoring and coaching programmes: `cairn serve` runs the web app and the
// scheduler; the other subcommands are for operations.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	_ "time/tzdata" // every IANA zone works even on a machine without tzdata
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "cairn:", err)
		}
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		os.Exit(1)
	}
}

const usage = `Cairn: a tracker for mentoring and coaching programmes.

Usage: cairn [command] [flags]

Commands:
  serve            run the web app and the scheduler (the default)
  migrate up       apply pending database migrations
  migrate status   list migrations and whether each is applied
  admin create     create an admin: --email --name --password
  import people    import people from a CSV file (all rows or none)
  backup FILE      write a checked backup of the database (SQLite copy or pg_dump)
  restore FILE     replace the SQLite database with a backup (server stopped)
  copy             copy everything between databases: --from URL --to URL
  seed             fill an empty database: --demo (small) or --people N (large)
  healthcheck      ask a running server's /healthz; exit 0 when it answers 200
  version          print the version

Run "cairn COMMAND --help" for a command's flags.
`

// run is the whole program, with its inputs passed in so tests can call it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	log, err := newLogger(stderr, getenv("CAIRN_LOG_FORMAT"), getenv("CAIRN_LOG_LEVEL"))
	if err != nil {
		return err
	}
	switch cmd {
	case "healthcheck":
		return runHealthcheck(ctx, args, getenv, stdout, stderr)
	case "serve":
		return runServe(ctx, args, getenv, stdout, stderr, log)
	case "migrate":
		return runMigrate(ctx, args, getenv, stdout, stderr, log)
	case "admin":
		return runAdmin(ctx, args, getenv, stdout, stderr)
	case "seed":
		return runSeed(ctx, args, getenv, stdout, stderr, log)
	case "import":
		return runImport(ctx, args, getenv, stdout, stderr, log)
	case "backup":
		return runBackup(ctx, args, getenv, stdout, stderr, log)
	case "restore":
		return runRestore(ctx, args, getenv, stdout, stderr)
	case "copy":
		return runCopy(ctx, args, getenv, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, versionString())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

// versionString names the build: the module version and VCS revision when
// the binary was built from a checkout.
func versionString() string {
	v, rev := "dev", ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				rev = " " + s.Value[:12]
			}
		}
		return fmt.Sprintf("cairn %s%s (%s)", v, rev, bi.GoVersion)
	}
	return "cairn " + v
}
