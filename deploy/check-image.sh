#!/usr/bin/env bash
# Checks a built Cairn image (default localhost/cairn:latest): its config
# (non-root user, CAIRN_ADDR, /data, HEALTHCHECK) and file list always;
# then runs it and asks /healthz, /readyz and its HEALTHCHECK, and stops it
# with SIGTERM expecting exit 0. When this machine cannot run containers it
# says so plainly and why; the config and file checks still count.
set -euo pipefail
tag=${1:-localhost/cairn:latest}
fail() { echo "image check FAILED: $*" >&2; exit 1; }

echo "-- config"
user=$(podman image inspect "$tag" --format '{{.Config.User}}')
env=$(podman image inspect "$tag" --format '{{json .Config.Env}}')
health=$(podman image inspect "$tag" --format '{{json .Config.Healthcheck}}')
entry=$(podman image inspect "$tag" --format '{{json .Config.Entrypoint}} {{json .Config.Cmd}} {{.Config.WorkingDir}}')
echo "user $user; env $env"; echo "healthcheck $health"; echo "entrypoint $entry"
[ "$user" = "65532:65532" ] || fail "runs as \"$user\", want the unprivileged 65532:65532"
grep -q '"CAIRN_ADDR=0.0.0.0:8080"' <<<"$env" || fail "CAIRN_ADDR is not 0.0.0.0:8080"
grep -q '"CAIRN_DATABASE_URL=sqlite:///data/cairn.db"' <<<"$env" || fail "the database is not under /data"
grep -q '"/cairn","healthcheck"' <<<"$health" || fail "no HEALTHCHECK running cairn healthcheck (built without --format docker?)"
[ "$entry" = '["/cairn"] ["serve"] /data' ] || fail "entrypoint, command, workdir: $entry"

echo "-- files"
cid=$(podman create "$tag")
files=$(podman export "$cid" | tar --numeric-owner -tvf - | awk '{print $1, $2, $6}' | sed 's#/$##' | sort -k3)
podman rm -f "$cid" >/dev/null
echo "$files"
# podman export may add a runtime's mount points (dev, proc, sys, run, etc/hosts ...): those are left out.
names=$(awk '{print $3}' <<<"$files" | grep -vE '^(\.?|dev|proc|sys|run|etc/hosts|etc/hostname|etc/resolv.conf|run/.*|dev/.*)$' | sort | paste -sd' ')
want="cairn data etc etc/group etc/passwd etc/ssl etc/ssl/certs etc/ssl/certs/ca-certificates.crt tmp"
[ "$names" = "$want" ] || fail "files are \"$names\", want \"$want\" (nothing else: no shell)"
grep -qE '^-rwx.* 0/0 cairn$' <<<"$files" || fail "/cairn is not an executable owned by root"
grep -qE '^d.* 65532/65532 data$' <<<"$files" || fail "/data is not the cairn user's"

echo "-- run"
runtimes=("")
if command -v runc >/dev/null 2>&1; then runtimes+=("runc"); fi
name=cairn-image-check-$$
started=""
why=""
for rt in "${runtimes[@]}"; do
  args=()
  [ -n "$rt" ] && args=(--runtime "$rt")
  podman rm -f "$name" >/dev/null 2>&1 || true
  # Limits no higher than this host's: raising them needs CAP_SYS_RESOURCE.
  if out=$(podman "${args[@]}" run -d --name "$name" --ulimit nofile=4096:4096 --ulimit nproc=4096:4096 \
      -p 127.0.0.1::8080 "$tag" 2>&1); then
    started="${rt:-default}"; break
  fi
  why="$why${rt:-default runtime}: $(grep -i error <<<"$out" | tail -n 1); "
done
if [ -z "$started" ]; then
  podman rm -f "$name" >/dev/null 2>&1 || true
  echo "CONTAINERS CANNOT RUN ON THIS MACHINE ($why)"
  echo "checked instead: the image's config and file list (above)"
  exit 0
fi
trap 'podman rm -f "$name" >/dev/null 2>&1 || true' EXIT
port=$(podman port "$name" 8080 | head -n 1 | sed 's/.*://')
echo "running with the $started runtime on 127.0.0.1:$port"
ok=""
for _ in $(seq 1 60); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then ok=1; break; fi
  sleep 1
done
[ -n "$ok" ] || { podman logs "$name" | tail -n 20; fail "/healthz did not answer within a minute"; }
answer=$(curl -fsS "http://127.0.0.1:$port/healthz") || fail "/healthz"
echo "/healthz: $answer"
answer=$(curl -fsS "http://127.0.0.1:$port/readyz") || fail "/readyz did not answer 200"
echo "/readyz: $answer"
podman "${args[@]}" healthcheck run "$name" 2>/dev/null || fail "the image's HEALTHCHECK failed"
echo "HEALTHCHECK: healthy"
[ "$(podman top "$name" user | tail -n 1 | tr -d ' ')" = "cairn" ] || fail "the process does not run as cairn"
podman stop -t 40 "$name" >/dev/null
code=$(podman inspect "$name" --format '{{.State.ExitCode}}')
[ "$code" = "0" ] || { podman logs "$name" | tail -n 20; fail "exit code $code after SIGTERM, want 0"; }
echo "stopped by SIGTERM: exit 0"
