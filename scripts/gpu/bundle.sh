#!/usr/bin/env bash
# Bundles Skiff into DEST (default .gpu-bundle/skiff) for a machine without node_modules:
# skiff.mjs (every app, minified) plus the one native module, better-sqlite3, beside it in
# node_modules. About 1.8 MB as DEST.tar.xz; the device call carries it (its 64 MiB also carry
# Node and Docker: .gpu-bundle/bundle.tar.xz).
#   usage: scripts/gpu/bundle.sh [DEST]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dest="${1:-$root/.gpu-bundle/skiff}"
cd "$root"
source scripts/gpu/bundle-lib.sh
bundle_entries "$dest" scripts/gpu/entry.ts:skiff.mjs
pack "$dest"
