/**
 * The first program of a container whose network the agent wires itself (veth.ts): it waits
 * until the agent has given the container its address, then becomes the pod's own program.
 *
 * Why it is needed: a container started with Docker's `none` network gets its namespace at
 * start, and the agent can only move an interface into it after that, so the program would
 * otherwise run for a few milliseconds with no network (a Job that fetches a URL at once
 * would fail). The kubelet avoids this with a sandbox that owns the namespace before the app
 * starts; that costs a second container start, which is what this path saves.
 *
 * It runs as `/.skiff/busybox sh -c <script> skiff-net-wait <marker> <argv…>`: poll for the
 * marker file the agent writes after wiring (1 ms steps, then 100 ms so a container whose
 * agent died waits without burning CPU), resolve argv[0] in $PATH as runc does, and exec it
 * under its own argv[0], so the pod's program is PID 1 with the argv, env, user and working
 * directory Docker would have given it.
 * Why resolve PATH here: busybox's shell runs its own applets for bare names like `ls` or
 * `sleep` (Debian builds it that way), so `exec "$@"` could run busybox's `sleep` instead of
 * the image's. An absolute path is always executed as is.
 */
import type { Container } from '@skiff/api';

/** Where the pod's wiring folder (busybox + markers) is mounted, read-only. */
export const NET_WAIT_MOUNT = '/.skiff';
export const NET_WAIT_BUSYBOX = `${NET_WAIT_MOUNT}/busybox`;
/** $0 of the waiting shell: the agent checks /proc/<pid>/cmdline for it before wiring a namespace. */
export const NET_WAIT_NAME = 'skiff-net-wait';
/** Docker's PATH for a container whose image sets none. */
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The waiting script; `busybox` is where the script finds busybox (tests run it on the host). */
export const netWaitScript = (busybox = NET_WAIT_BUSYBOX): string => [
  'm=$1; shift; n=0',
  `while [ ! -e "$m" ]; do if [ $n -lt 200 ]; then ${busybox} usleep 1000; else ${busybox} usleep 100000; fi; n=$((n+1)); done`,
  'p=$1; a=$1; shift',
  'case $p in',
  '*/*) ;;',
  `*) f=; IFS=:; for d in \${PATH:-${DEFAULT_PATH}}; do if [ -n "$d" ] && [ -f "$d/$p" ] && [ -x "$d/$p" ]; then f=$d/$p; break; fi; done; unset IFS`,
  '  if [ -z "$f" ]; then echo "exec: \\"$p\\": executable file not found in \\$PATH" >&2; exit 127; fi',
  '  p=$f ;;',
  'esac',
  'exec -a "$a" "$p" "$@"',
].join('\n');

/** The marker for one attempt of a container (a restart gets a new namespace, so a new marker). */
export const markerName = (container: string, attempt: number): string => `up.${container}.${attempt}`;

/** Image ENTRYPOINT and CMD, as the engine reports them. */
export interface ImageCommand {
  entrypoint?: string[] | null | undefined;
  cmd?: string[] | null | undefined;
}

/**
 * The argv Docker would run for this container (Kubernetes' rules): `command` replaces the
 * image ENTRYPOINT, `args` replace its CMD, and a `command` without `args` drops the CMD.
 */
export function podArgv(c: Pick<Container, 'command' | 'args'>, image: ImageCommand): string[] {
  const entry = c.command?.length ? c.command : (image.entrypoint ?? []);
  const args = c.args?.length ? c.args : c.command?.length ? [] : (image.cmd ?? []);
  return [...entry, ...args];
}

/** ENTRYPOINT and CMD of a container that waits for its network, then runs `argv`. */
export function netWaitCommand(marker: string, argv: string[]): { entrypoint: string[]; cmd: string[] } {
  return { entrypoint: [NET_WAIT_BUSYBOX, 'sh', '-c', netWaitScript(), NET_WAIT_NAME, `${NET_WAIT_MOUNT}/${marker}`], cmd: argv };
}
