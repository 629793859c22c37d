#!/usr/bin/env bash
# Builds Cairn's container image from this checkout: compiles the static
# binary, stages the build context the Containerfile expects, and builds
# with podman (or buildah). Usage: deploy/build-image.sh [TAG] (default
# localhost/cairn:latest). Needs no registry: the image is FROM scratch.
set -euo pipefail
cd "$(dirname "$0")/.."
tag=${1:-localhost/cairn:latest}
ctx=$(mktemp -d -t cairn-image-XXXXXX)
trap 'rm -rf "$ctx"' EXIT

mkdir -p "$ctx/rootfs/etc/ssl/certs" "$ctx/data" "$ctx/tmp"
CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o "$ctx/rootfs/cairn" ./cmd/cairn
certs=/etc/ssl/certs/ca-certificates.crt
if [ ! -s "$certs" ]; then
  echo "no CA bundle at $certs (Debian: apt-get install ca-certificates)" >&2; exit 1
fi
cp "$certs" "$ctx/rootfs/etc/ssl/certs/ca-certificates.crt"
printf 'root:x:0:0:root:/:/sbin/nologin\ncairn:x:65532:65532:Cairn:/data:/sbin/nologin\n' >"$ctx/rootfs/etc/passwd"
printf 'root:x:0:\ncairn:x:65532:\n' >"$ctx/rootfs/etc/group"
cp Containerfile "$ctx/Containerfile"

if command -v podman >/dev/null 2>&1; then
  podman build --format docker -t "$tag" -f "$ctx/Containerfile" "$ctx"
elif command -v buildah >/dev/null 2>&1; then
  buildah bud --format docker -t "$tag" -f "$ctx/Containerfile" "$ctx"
else
  echo "neither podman nor buildah is installed (Debian: apt-get install podman)" >&2; exit 1
fi
echo "built $tag"
