/**
 * Entry point of the compose api-server: runs `skiff api-server ARGS` in this process and hands
 * the kubeconfig it writes (mode 0600, as root) to whoever owns the checkout, so `kubectl` on
 * the host reads it without sudo. The owner is that of docker-compose.yml, mounted read-only at
 * /project (the bind-mounted kubeconfig folder itself may have been created by the engine as
 * root). The api-server rewrites the file at every start, which keeps its owner.
 */
import { chownSync, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { run } from '../../apps/cli/src/main.ts';

const args = process.argv.slice(2);
const kubeconfig = args.find((a) => a.startsWith('--kubeconfig='))?.slice('--kubeconfig='.length);
const marker = '/project/docker-compose.yml';

if (kubeconfig && existsSync(marker)) {
  const { uid, gid } = statSync(marker);
  const started = Date.now();
  const timer = setInterval(() => {
    if (existsSync(kubeconfig)) {
      for (const p of [dirname(kubeconfig), kubeconfig]) chownSync(p, uid, gid);
      clearInterval(timer);
    } else if (Date.now() - started > 120_000) clearInterval(timer);
  }, 200);
  timer.unref();
}

run(['api-server', ...args]).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
