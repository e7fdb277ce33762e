#!/bin/sh
# Drops what a production image never loads from a pnpm node_modules tree (POSIX sh: it runs
# inside the image build too): better-sqlite3's bundled SQLite sources and the prebuilt
# binaries for other platforms (≈25 MB), TypeScript declarations and source maps.
#   prune-node-modules.sh DIR    (DIR holds node_modules/.pnpm)
set -eu
dir=${1:-.}/node_modules/.pnpm
[ -d "$dir" ] || exit 0
case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
for bs in "$dir"/better-sqlite3@*/node_modules/better-sqlite3; do
  [ -d "$bs" ] || continue
  rm -rf "$bs/deps" "$bs/src"
  for f in "$bs"/prebuilds/*.node; do
    [ "$(basename "$f")" = "linux-$arch.node" ] || rm -f "$f"
  done
done
rm -rf "$dir"/@types+* "$dir"/node_modules/@types
find "$dir" \( -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.map' \) -type f -exec rm -f {} +
