#!/usr/bin/env bash
# The compose cluster check on its own, as CI runs it (no registry): builds skiff-base:offline
# and the Skiff image from it (scripts/images/build-skiff-image.sh, reused by content hash),
# then tests/e2e/src/compose-cluster.test.ts brings docker-compose.yml up under its own
# project name, waits for the api-server's health and three Ready nodes, runs a pod on a
# chosen node and one through the scheduler, and takes everything down again (`down -v`).
# `./scripts/test` runs the same test file along with everything else.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/toolchain.sh"
cd "$SKIFF_ROOT"
./scripts/images/build-test-images.sh
./scripts/images/build-skiff-image.sh >/dev/null
export SKIFF_REQUIRE_DOCKER=1
pnpm exec vitest run tests/e2e/src/compose-cluster.test.ts "$@"
