#!/usr/bin/env bash
# Bundles benchmark B9 for a machine without node_modules (a borrowed GPU box, see
# ../shared/device/README.md): the api-server process, the node agent and the benchmark, each one
# minified file, plus better-sqlite3's prebuilt binary, as .gpu-bundle/b9.tar.xz (about 1.5 MB).
# Run there, after gpu-host-setup.sh (which imports gpu-base:local):
#   tar -xJf b9.tar.xz && cd b9 && BENCH_SERVER_ENTRY=$PWD/server.mjs B9_AGENT_ENTRY=$PWD/agent.mjs \
#     B9_IMAGE=gpu-base:local BENCH_COMMIT=<sha> node b9.mjs
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dest="$root/.gpu-bundle/b9"
rm -rf "$dest" && mkdir -p "$dest/node_modules"
cd "$root"
banner="import { createRequire as __cr } from 'node:module'; import { fileURLToPath as __fu } from 'node:url'; import { dirname as __dn } from 'node:path'; const require = __cr(import.meta.url); const __filename = __fu(import.meta.url); const __dirname = __dn(__filename);"
for pair in scripts/bench/lib/server-process.ts:server.mjs apps/node-agent/src/main.ts:agent.mjs scripts/bench/b9-pod-start.ts:b9.mjs; do
  pnpm exec esbuild "${pair%%:*}" --bundle --platform=node --format=esm --target=node22 --minify \
    --outfile="$dest/${pair##*:}" --external:better-sqlite3 --external:cpu-features --external:'*.node' \
    --banner:js="$banner" --log-level=warning
done
bs=$(cd packages/storage && node -p "require('path').dirname(require.resolve('better-sqlite3/package.json'))")
mkdir -p "$dest/node_modules/better-sqlite3/prebuilds"
cp -r "$bs/package.json" "$bs/lib" "$dest/node_modules/better-sqlite3/"
cp "$bs/prebuilds/linux-x64.node" "$dest/node_modules/better-sqlite3/prebuilds/"
tar -C "$(dirname "$dest")" -cf - b9 | xz -9 >"$dest.tar.xz"
rm -rf "$dest"
ls -la "$dest.tar.xz"
