#!/usr/bin/env bash
# Builds skiff-base:offline, a stand-in for node:24-slim made without any registry (CI cannot
# pull): `docker import` of a rootfs assembled from this machine's Node binary, the shared
# libraries `ldd` says it needs, CA certificates and a static busybox (a shell for compose
# commands, and the node agent builds the pod sandbox image from /bin/busybox).
#   scripts/images/build-base-image.sh [TAG]      (default skiff-base:offline)
# Idempotent: kept when an image with the same Node version and busybox already exists.
set -euo pipefail
TAG=${1:-skiff-base:offline}
NODE=$(command -v node) || { echo "node is not on PATH" >&2; exit 1; }
BUSYBOX=$(command -v busybox || true)
[ -n "$BUSYBOX" ] || { echo "busybox (busybox-static) is not installed" >&2; exit 1; }
ldd "$BUSYBOX" >/dev/null 2>&1 && { echo "$BUSYBOX is not static (install busybox-static)" >&2; exit 1; }

# The label records what went in, so a new Node or busybox rebuilds the base.
STAMP="$("$NODE" -v) $(sha256sum "$BUSYBOX" | cut -c1-16)"
if [ "$(docker image inspect -f '{{index .Config.Labels "io.skiff.base"}}' "$TAG" 2>/dev/null || true)" = "$STAMP" ]; then
  exit 0
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,usr/local/bin,etc/ssl/certs,tmp,root,lib64}
chmod 1777 "$root/tmp"
cp "$NODE" "$root/usr/local/bin/node"
# Every library node loads, at the path the dynamic loader will look for it.
for lib in $(ldd "$NODE" | grep -o '/[^ ]*'); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
cp "$BUSYBOX" "$root/bin/busybox"
for applet in $("$BUSYBOX" --list); do
  [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
[ -f /etc/ssl/certs/ca-certificates.crt ] && cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"

tar -C "$root" -c . | docker import \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change 'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt' \
  --change "LABEL io.skiff.base=\"$STAMP\"" \
  --change 'CMD ["node"]' \
  - "$TAG" >/dev/null
echo "built $TAG ($STAMP)"
