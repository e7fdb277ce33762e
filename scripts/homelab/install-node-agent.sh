#!/usr/bin/env bash
# Installs the Skiff node agent on this machine as a systemd service, joined to a control plane
# with a token from `skiff token create` (docs/homelab.md). Run it as root from a Skiff checkout:
#   sudo scripts/homelab/install-node-agent.sh --server https://HOST:6443 --token ID.SECRET \
#        --ca-cert-hash sha256:HEX         (or --certificate-authority FILE)
#        [--node-name NAME] [--data-dir DIR] [--agent-args "--service-proxy off"]
# What it does, in order: checks systemd and Docker; makes sure Node >= 22.18 and the checkout's
# dependencies are there (scripts/lib/toolchain.sh, into .tools/ of the checkout, as the user who
# ran sudo); fetches the cluster CA and refuses it unless its key matches the hash (no token is
# sent before that); writes /etc/skiff/node-agent.env (0600, holds the token) and
# /etc/systemd/system/skiff-node-agent.service; enables and starts the service.
# For tests and image builds: --root DIR writes under DIR and starts nothing; --skip-checks skips
# the systemd/Docker checks and uses the node already on PATH.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SKIFF_ROOT="$(cd "$HERE/../.." && pwd)"

die() { echo "install-node-agent: $*" >&2; exit 1; }
usage() { sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

SERVER="" TOKEN="" HASH="" CA_FILE="" NODE_NAME="$(hostname | tr '[:upper:]' '[:lower:]')"
DATA_DIR="/var/lib/skiff/node-agent" AGENT_ARGS="" ROOT="/" SKIP_CHECKS=0
while [ $# -gt 0 ]; do
  case "$1" in
    --server) SERVER="${2:-}"; shift 2 ;;
    --token) TOKEN="${2:-}"; shift 2 ;;
    --ca-cert-hash) HASH="${2:-}"; shift 2 ;;
    --certificate-authority) CA_FILE="${2:-}"; shift 2 ;;
    --node-name) NODE_NAME="${2:-}"; shift 2 ;;
    --data-dir) DATA_DIR="${2:-}"; shift 2 ;;
    --agent-args) AGENT_ARGS="${2:-}"; shift 2 ;;
    --root) ROOT="${2:-}"; shift 2 ;;
    --skip-checks) SKIP_CHECKS=1; shift ;;
    -h|--help) usage ;;
    *) die "unknown flag $1 (see --help)" ;;
  esac
done
[ -n "$SERVER" ] && [ -n "$TOKEN" ] || die "--server and --token are required (both are printed by skiff token create)"
[[ "$SERVER" == https://* ]] || die "--server must be https://HOST:PORT, not $SERVER"
[[ "$TOKEN" =~ ^[a-z0-9]{6}\.[a-z0-9]{16}$ ]] || die "--token must look like abcdef.0123456789abcdef (from skiff token create)"
[ -n "$HASH" ] || [ -n "$CA_FILE" ] || die "give --ca-cert-hash sha256:… (printed by skiff token create) or --certificate-authority FILE"
[[ "$NODE_NAME" =~ ^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$ ]] || die "node name \"$NODE_NAME\" is not a valid DNS name: give --node-name"

LIVE=0; [ "$ROOT" = "/" ] && LIVE=1
if [ "$LIVE" = 1 ] && [ "$(id -u)" != 0 ]; then die "run as root (sudo): it writes /etc and starts a systemd service"; fi

if [ "$SKIP_CHECKS" = 0 ]; then
  command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ] || die "systemd is not running here; start the agent by hand instead: skiff node-agent --server … (docs/homelab.md)"
  command -v docker >/dev/null 2>&1 || die "Docker is not installed (https://docs.docker.com/engine/install/, or your distribution's docker.io)"
  docker info >/dev/null 2>&1 || die "Docker is installed but not answering: systemctl enable --now docker"
  # Node and dependencies into the checkout, owned by whoever owns the checkout (not root).
  owner="$(stat -c %U "$SKIFF_ROOT")"
  if [ "$(id -un)" != "$owner" ] && command -v sudo >/dev/null 2>&1; then
    sudo -u "$owner" bash -c "source '$SKIFF_ROOT/scripts/lib/toolchain.sh'"
  else
    bash -c "source '$SKIFF_ROOT/scripts/lib/toolchain.sh'"
  fi
  if [ -x "$SKIFF_ROOT/.tools/node/bin/node" ]; then export PATH="$SKIFF_ROOT/.tools/node/bin:$PATH"; fi
fi
NODE="$(command -v node)" || die "no node on PATH"
"$NODE" -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=18)?0:1)' || die "$NODE is $("$NODE" -v); Skiff needs Node >= 22.18"

ETC="${ROOT%/}/etc/skiff"
UNIT_DIR="${ROOT%/}/etc/systemd/system"
mkdir -p "$ETC" "$UNIT_DIR"
CA="$ETC/ca.crt"
if [ -n "$HASH" ]; then
  # The CA comes from the server itself and is kept only if its public key matches the hash.
  "$NODE" "$SKIFF_ROOT/apps/cli/src/main.ts" token fetch-ca --server "$SERVER" --ca-cert-hash "$HASH" -o "$CA.new" || { rm -f "$CA.new"; die "could not get a CA matching $HASH from $SERVER"; }
  mv "$CA.new" "$CA"
else
  install -m 0644 "$CA_FILE" "$CA"
fi

# The paths the agent sees are the live ones, even when writing under --root.
LIVE_CA="/etc/skiff/ca.crt"
umask 077
cat > "$ETC/node-agent.env" <<ENV
# Written by install-node-agent.sh. Holds the join token: keep it 0600, root only.
SKIFF_SERVER=$SERVER
SKIFF_TOKEN=$TOKEN
SKIFF_CA=$LIVE_CA
SKIFF_NODE_NAME=$NODE_NAME
SKIFF_AGENT_DATA_DIR=$DATA_DIR
SKIFF_AGENT_ARGS=$AGENT_ARGS
ENV
chmod 0600 "$ETC/node-agent.env"
umask 022
sed -e "s#@SKIFF_ROOT@#$SKIFF_ROOT#g" -e "s#@NODE@#$NODE#g" "$HERE/skiff-node-agent.service" > "$UNIT_DIR/skiff-node-agent.service"
chmod 0644 "$UNIT_DIR/skiff-node-agent.service"

if [ "$LIVE" = 0 ]; then
  echo "Wrote $ETC/node-agent.env, $CA and $UNIT_DIR/skiff-node-agent.service (nothing started: --root)"
  exit 0
fi
mkdir -p "$DATA_DIR"
systemctl daemon-reload
systemctl enable skiff-node-agent.service >/dev/null
systemctl restart skiff-node-agent.service
echo "skiff-node-agent is running as node \"$NODE_NAME\", joined to $SERVER."
echo "Logs: journalctl -u skiff-node-agent -f     Check from the control plane: kubectl get nodes; kubectl get resourceslices"
