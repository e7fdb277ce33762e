#!/usr/bin/env bash
# Builds the Skiff image offline (CI: no registry, no npm inside the build) and prints its tag,
# skiff:<content hash>. The context is a temporary copy of the sources with production
# node_modules already installed from the host's pnpm store, built FROM skiff-base:offline
# (build-base-image.sh) with the repo's one Dockerfile, which then skips its own install.
# A tag that already exists is reused: the hash covers the sources, the lockfile, the
# Dockerfile and the base image, so reruns cost a hash, not a build.
#   scripts/images/build-skiff-image.sh [BASE]    (default skiff-base:offline, built if missing)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/toolchain.sh"
cd "$SKIFF_ROOT"
BASE=${1:-skiff-base:offline}
[ "$BASE" = skiff-base:offline ] && ./scripts/images/build-base-image.sh "$BASE" >&2
base_id=$(docker image inspect -f '{{.Id}}' "$BASE")

# What the image holds: the same selection as .dockerignore, from git's view of the tree
# (tracked and untracked-but-not-ignored), minus files deleted in the working tree.
files=$(git ls-files -co --exclude-standard -- Dockerfile package.json pnpm-lock.yaml pnpm-workspace.yaml \
  tsconfig.base.json apps packages scripts tests/e2e/package.json | grep -v '\.test\.ts$' | sort -u |
  while read -r f; do [ -f "$f" ] && printf '%s\n' "$f"; done)
hash=$( { echo "$base_id"; printf '%s\n' "$files" | xargs -d '\n' sha256sum; } | sha256sum | cut -c1-16)
TAG="skiff:$hash"
if docker image inspect "$TAG" >/dev/null 2>&1; then echo "$TAG"; exit 0; fi

ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
printf '%s\n' "$files" | tar -cf - -T - | tar -xf - -C "$ctx"
# --offline: the workspace's own install filled the store; fall back to the registry if not.
(cd "$ctx" && { pnpm install --prod --frozen-lockfile --offline --reporter=silent 2>/dev/null ||
  pnpm install --prod --frozen-lockfile --reporter=silent; }) >&2
sh scripts/images/prune-node-modules.sh "$ctx"
docker build -q --build-arg "BASE=$BASE" --label io.skiff.image=true -t "$TAG" "$ctx" >&2
# Older builds are dead weight (≈30 MB each). Only those unused and over an hour old go: another
# checkout may have built one a moment ago for its own run on this engine.
docker image prune -af --filter label=io.skiff.image=true --filter until=1h >/dev/null 2>&1 || true
echo "$TAG"
