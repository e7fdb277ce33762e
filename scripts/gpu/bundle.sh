#!/usr/bin/env bash
# Bundles Skiff into DEST (default .gpu-bundle/skiff) for a machine without node_modules:
# skiff.mjs (every app, minified) plus the one native module, better-sqlite3, beside it in
# node_modules (esbuild cannot inline a .node file). About 1.5 MB as DEST.tar.xz; the device call carries it.
#   usage: scripts/gpu/bundle.sh [DEST]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dest="${1:-$root/.gpu-bundle/skiff}"
rm -rf "$dest" && mkdir -p "$dest/node_modules"
cd "$root"
# ssh2/cpu-features: dockerode's optional ssh transport, never used here (unix socket).
pnpm exec esbuild scripts/gpu/entry.ts --bundle --platform=node --format=esm --target=node22 --minify \
  --outfile="$dest/skiff.mjs" --external:better-sqlite3 --external:cpu-features --external:'*.node' \
  --banner:js="import { createRequire as __cr } from 'node:module'; import { fileURLToPath as __fu } from 'node:url'; import { dirname as __dn } from 'node:path'; const require = __cr(import.meta.url); const __filename = __fu(import.meta.url); const __dirname = __dn(__filename);" --log-level=warning
# better-sqlite3 13 loads prebuilds/<platform>-<arch>.node itself (no node-gyp, no bindings
# package): its lib/ and the one prebuild for the target machine are all it needs.
bs=$(cd packages/storage && node -p "require('path').dirname(require.resolve('better-sqlite3/package.json'))")
mkdir -p "$dest/node_modules/better-sqlite3/prebuilds"
cp -r "$bs/package.json" "$bs/lib" "$dest/node_modules/better-sqlite3/"
cp "$bs/prebuilds/linux-x64.node" "$dest/node_modules/better-sqlite3/prebuilds/"
# Compressed: the device call's 64 MiB also carries Node and Docker (.gpu-bundle/bundle.tar.xz).
tar -C "$(dirname "$dest")" -cf - "$(basename "$dest")" | xz -9 >"$dest.tar.xz"
rm -rf "$dest"
ls -la "$dest.tar.xz"
