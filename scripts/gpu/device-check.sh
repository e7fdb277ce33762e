#!/usr/bin/env bash
# The GPU check of the node-agent issue, run on a machine with a real NVIDIA GPU and Docker
# (see ../shared/device/README.md): `skiff up` from the one-file bundle (scripts/gpu/bundle.sh),
# then a pod that claims the GPU runs `nvidia-smi -L` and must see exactly it, a pod without a
# claim must see none, and a classic `nvidia.com/gpu: 1` pod gets it afterwards. Everything it
# saw goes to OUT_DIR (docs/gpu-run.md records a run).
#   usage: scripts/gpu/device-check.sh OUT_DIR [--simulate-gpus CAPTURE_DIR] [--image IMG]
# Locally, without a GPU: --simulate-gpus ../shared/fixtures/gpu/h100-80gb-hbm3-driver580
# --image skiff-test/busybox:1 rehearses the same steps on the env-only path.
set -u
out=${1:?usage: device-check.sh OUT_DIR [--simulate-gpus DIR] [--image IMG]}; shift
sim=(); image=gpu-base:local
while [ $# -gt 0 ]; do
  case $1 in --simulate-gpus) sim=(--simulate-gpus "$2"); shift 2;; --image) image=$2; shift 2;; *) echo "unknown $1" >&2; exit 2;; esac
done
root="$(cd "$(dirname "$0")/../.." && pwd)"
mkdir -p "$out"
work=$(mktemp -d /tmp/skiff-gpu.XXXX)
tar -C "$work" -xJf "$root/.gpu-bundle/skiff.tar.xz"
skiff() { node "$work/skiff/skiff.mjs" --kubeconfig "$work/data/kubeconfig" "$@"; }
# The agent builds its pod sandbox image from a static busybox (the bundle has one).
[ -e /bin/busybox ] || [ -e /usr/bin/busybox ] || ln -s /opt/gpu-bundle/bin/busybox /bin/busybox
step() { echo "== $* ($(date +%T))"; }

step host
{ nvidia-smi -L; nvidia-smi --query-gpu=name,uuid,driver_version,memory.total,compute_cap --format=csv; } >"$out/host.txt" 2>&1 || true
cat "$out/host.txt"
step discover
node "$work/skiff/skiff.mjs" discover >"$out/discover.txt" 2>&1; echo "discover exit $?" >>"$out/discover.txt"
head -12 "$out/discover.txt"

step up
node "$work/skiff/skiff.mjs" up --data-dir "$work/data" --port 16443 --gpu-health-interval 3 "${sim[@]}" >"$out/up.txt" 2>&1 &
up_pid=$!
for _ in $(seq 1 60); do skiff get nodes 2>/dev/null | grep -q ' Ready' && break; sleep 1; done
skiff get nodes -o wide

waitpods() {  # until every named pod is Succeeded/Failed (max 120 s)
  for _ in $(seq 1 120); do
    local left=0
    for p in "$@"; do case $(skiff get pod "$p" -o 'jsonpath={.status.phase}' 2>/dev/null || skiff get pod "$p" -o json | sed -n 's/.*"phase": "\([A-Za-z]*\)".*/\1/p' | tail -1) in Succeeded|Failed) ;; *) left=1;; esac; done
    [ $left = 0 ] && return 0; sleep 1
  done
  return 1
}
step claim and no-gpu pods
sed "s#IMAGE#$image#" "$root/scripts/gpu/check-pods.yaml" | skiff apply -f -
waitpods claim-gpu no-gpu || echo "pods did not finish in 120 s"
step classic pod
sed "s#IMAGE#$image#" "$root/scripts/gpu/check-classic.yaml" | skiff apply -f -
waitpods classic-gpu || echo "classic pod did not finish in 120 s"

field() {  # pod, json field name: the last value of "name": ... in -o json (no jq there)
  skiff get pod "$1" -o json 2>/dev/null | sed -n "s/.*\"$2\": \"\{0,1\}\([^\",]*\).*/\1/p" | tail -1
}
step lost GPU
sed "s#IMAGE#$image#" "$root/scripts/gpu/check-lost.yaml" | skiff apply -f -
for _ in $(seq 1 60); do [ "$(field gpu-long phase)" = Running ] && break; sleep 1; done
sleep 8   # a few healthy checks (every 3 s) first
# No docker CLI on the GPU host (only the engine): the Engine API through curl, JSON through python3.
dapi() { curl -s --unix-socket /var/run/docker.sock "http://localhost$1"; }
smi_container() {  # id of the running container of gpu-long/smi
  dapi '/containers/json?filters=%7B%22label%22%3A%5B%22io.kubernetes.pod.name%3Dgpu-long%22%2C%22io.kubernetes.container.name%3Dsmi%22%5D%7D' \
    | python3 -c 'import json,sys; l=json.load(sys.stdin); print(l[0]["Id"] if l else "")'
}
pid_of() { dapi "/containers/$1/json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["State"]["Pid"])'; }
{
  echo "--- before: restartCount=$(field gpu-long restartCount), GPULost events: $(skiff get events 2>/dev/null | grep -c GPULost)"
  first=$(smi_container); echo "container: $first"
  # What `systemctl daemon-reload` does to a GPU container on a systemd host, done from
  # outside: the container's cgroup loses the NVIDIA major (195) while the process runs.
  # (Changing the device nodes from inside does not work: NVML, as root, repairs them.)
  echo "--- revoke major 195 from its cgroup"; python3 "$root/scripts/gpu/revoke-devices.py" "$(pid_of "$first")" 195; echo "revoke exit $?"
  echo "--- nvidia-smi -L in it now (skiff exec, the same cgroup):"; skiff exec gpu-long -- nvidia-smi -L; echo "exit $?"
  for _ in $(seq 1 40); do [ "$(field gpu-long restartCount)" = 1 ] && break; sleep 1; done
  sleep 2
  echo "--- after: restartCount=$(field gpu-long restartCount), container: $(smi_container)"
  echo "--- nvidia-smi -L in the recreated container:"; skiff exec gpu-long -- nvidia-smi -L; echo "exit $?"
  echo "--- events"; skiff get events | grep -E "GPULost|gpu-long|Node"
  echo "--- node conditions"; skiff get node -o yaml | grep -B1 -A4 "type: GPU"
  echo "--- describe"; skiff describe pod gpu-long
} >"$out/lost.txt" 2>&1
cat "$out/lost.txt"
step results
{
  for p in claim-gpu no-gpu classic-gpu; do echo "--- logs $p"; skiff logs "$p"; done
  echo "--- pods"; skiff get pods -o wide
  echo "--- claims"; skiff get resourceclaims -o yaml
  echo "--- events"; skiff get events
} >"$out/results.txt" 2>&1
cat "$out/results.txt"
{ skiff get nodes -o yaml; skiff get resourceslices -o yaml; for p in claim-gpu no-gpu classic-gpu; do skiff describe pod "$p"; done; } >"$out/objects.txt" 2>&1
kill -INT $up_pid; wait $up_pid
tar -C "$work/data" -czf "$out/logs.tgz" logs 2>/dev/null
dapi '/containers/json?all=1' | python3 -c 'import json,sys; [print(c["Names"][0], c["Status"]) for c in json.load(sys.stdin)]' >"$out/containers.txt" 2>&1
echo "done: $(ls "$out")"
