#!/usr/bin/env bash
# Bundles benchmark B9 for a machine without node_modules (a borrowed GPU box, see
# ../shared/device/README.md): the api-server process, the node agent and the benchmark, each one
# minified file, plus better-sqlite3's prebuilt binary, as .gpu-bundle/b9.tar.xz (about 1.8 MB).
# Run there, after gpu-host-setup.sh (which imports gpu-base:local):
#   tar -xJf b9.tar.xz && cd b9 && BENCH_SERVER_ENTRY=$PWD/server.mjs B9_AGENT_ENTRY=$PWD/agent.mjs \
#     B9_IMAGE=gpu-base:local BENCH_COMMIT=<sha> node b9.mjs
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
source scripts/gpu/bundle-lib.sh
bundle_entries "$root/.gpu-bundle/b9" scripts/bench/lib/server-process.ts:server.mjs apps/node-agent/src/main.ts:agent.mjs scripts/bench/b9-pod-start.ts:b9.mjs
pack "$root/.gpu-bundle/b9"
