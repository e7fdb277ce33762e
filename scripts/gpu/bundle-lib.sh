# Sourced by bundle.sh and b9-bundle.sh: esbuild bundles for a machine that gets no
# node_modules (a borrowed GPU box), packed as DEST.tar.xz for the device call.
#   bundle_entries DEST ENTRY:OUT.mjs...   each entry minified into DEST/OUT.mjs, plus
#                                          better-sqlite3 beside them (esbuild cannot inline a .node file)
#   pack DEST                              DEST.tar.xz (xz -9), DEST itself removed
# Run from the repository root.
bundle_entries() {
  local dest=$1; shift
  rm -rf "$dest" && mkdir -p "$dest/node_modules"
  local banner="import { createRequire as __cr } from 'node:module'; import { fileURLToPath as __fu } from 'node:url'; import { dirname as __dn } from 'node:path'; const require = __cr(import.meta.url); const __filename = __fu(import.meta.url); const __dirname = __dn(__filename);"
  for pair in "$@"; do
    # ssh2/cpu-features: dockerode's optional ssh transport, never used here (unix socket).
    pnpm exec esbuild "${pair%%:*}" --bundle --platform=node --format=esm --target=node22 --minify \
      --outfile="$dest/${pair##*:}" --external:better-sqlite3 --external:cpu-features --external:'*.node' \
      --banner:js="$banner" --log-level=warning
  done
  # better-sqlite3 13 loads prebuilds/<platform>-<arch>.node itself (no node-gyp, no bindings
  # package): its lib/ and the one prebuild for the target machine are all it needs.
  local bs
  bs=$(cd packages/storage && node -p "require('path').dirname(require.resolve('better-sqlite3/package.json'))")
  mkdir -p "$dest/node_modules/better-sqlite3/prebuilds"
  cp -r "$bs/package.json" "$bs/lib" "$dest/node_modules/better-sqlite3/"
  cp "$bs/prebuilds/linux-x64.node" "$dest/node_modules/better-sqlite3/prebuilds/"
}

pack() {
  local dest=$1
  tar -C "$(dirname "$dest")" -cf - "$(basename "$dest")" | xz -9 >"$dest.tar.xz"
  rm -rf "$dest"
  ls -la "$dest.tar.xz"
}
