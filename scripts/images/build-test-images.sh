#!/usr/bin/env bash
# Builds the local images the Docker tests use, offline (no registry): FROM scratch plus the
# host's static busybox, with its applets installed so `sh`, `sleep`, `nc`, `httpd` work.
#   skiff-test/busybox:1
# Idempotent: an existing image is kept.
set -euo pipefail
docker image inspect skiff-test/busybox:1 >/dev/null 2>&1 && exit 0
BUSYBOX=$(command -v busybox || true)
[ -n "$BUSYBOX" ] || { echo "busybox (busybox-static) is not installed" >&2; exit 1; }
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
cp "$BUSYBOX" "$ctx/busybox"
cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
CMD ["/bin/sh"]
DOCKERFILE
docker build -q -t skiff-test/busybox:1 --label io.skiff.test=true "$ctx" >/dev/null
echo "built skiff-test/busybox:1"
