/**
 * Local stand-ins for the images examples/web/ and examples/indexed-job.yaml name, so the
 * real-engine tests (skiff-up.test.ts, compose-cluster.test.ts) can apply those files unchanged.
 * No registry can be reached here or in CI, so `nginx:1.27` and `busybox:1.36` cannot be
 * pulled; where the engine lacks them, they are built offline from the local
 * skiff-test/busybox:1 (scripts/images/build-test-images.sh):
 *
 * - `busybox:1.36`: that image with a label on top. It IS busybox (a static build, FROM scratch),
 *   so `sh -c "echo …"` in the Indexed Job runs as it would on the real image.
 * - `nginx:1.27`: FROM scratch with the same busybox, serving an index.html that carries the
 *   title of nginx's default page on port 80 with `busybox httpd`. Like nginx, it exits on
 *   SIGTERM: httpd as PID 1 would ignore it (no handler), so a shell that traps TERM is PID 1,
 *   and a deleted pod stops at once instead of after its 30 s grace period.
 *
 * Both carry LABEL io.skiff.stand-in=true. An image without that label under either name is
 * someone's real image and is never replaced; a stand-in is rebuilt (from the build cache, so
 * unchanged unless this file changed). Neither example sets imagePullPolicy, and both tags are
 * neither `latest` nor digests, so the policy is IfNotPresent and the agents use these local
 * images without trying to pull.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BASE_IMAGE = 'skiff-test/busybox:1';
export const STAND_IN_LABEL = 'io.skiff.stand-in';

const NGINX_PAGE = `<!DOCTYPE html>
<html>
<head><title>Welcome to nginx!</title></head>
<body>
<h1>Welcome to nginx!</h1>
<p>A Skiff test stand-in for nginx:1.27 (busybox httpd): CI cannot pull images.
See tests/e2e/src/lib/example-images.ts.</p>
</body>
</html>
`;

const DOCKERFILES: Record<string, { dockerfile: string; files?: Record<string, string> }> = {
  'busybox:1.36': {
    dockerfile: `FROM ${BASE_IMAGE}
LABEL ${STAND_IN_LABEL}=true ${STAND_IN_LABEL}.for=busybox:1.36
`,
  },
  'nginx:1.27': {
    dockerfile: `FROM ${BASE_IMAGE} AS busybox
FROM scratch
COPY --from=busybox /bin/busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
COPY index.html /usr/share/nginx/html/index.html
EXPOSE 80
LABEL ${STAND_IN_LABEL}=true ${STAND_IN_LABEL}.for=nginx:1.27
CMD ["/bin/sh", "-c", "trap 'exit 0' TERM; httpd -f -p 80 -h /usr/share/nginx/html & wait"]
`,
    files: { 'index.html': NGINX_PAGE },
  },
};

/** What the helper did for one image name. */
export interface ExampleImage {
  image: string;
  /** real: present and not ours, left alone; stand-in: built (or rebuilt) here. */
  kind: 'real' | 'stand-in';
}

function docker(args: string[], timeout = 120_000): Promise<{ ok: boolean; out: string }> {
  return new Promise((done) =>
    execFile('docker', args, { timeout, maxBuffer: 16 << 20 }, (err, stdout, stderr) => done({ ok: !err, out: err ? `${err.message}\n${String(stderr)}` : String(stdout) })),
  );
}

/** The image's labels, or undefined when the engine does not have it. */
async function labelsOf(image: string): Promise<Record<string, string> | undefined> {
  const r = await docker(['image', 'inspect', '--format', '{{json .Config.Labels}}', image], 20_000);
  return r.ok ? ((JSON.parse(r.out) as Record<string, string> | null) ?? {}) : undefined;
}

async function build(image: string): Promise<void> {
  const spec = DOCKERFILES[image]!;
  const ctx = mkdtempSync(join(tmpdir(), 'skiff-stand-in-'));
  try {
    writeFileSync(join(ctx, 'Dockerfile'), spec.dockerfile);
    for (const [name, text] of Object.entries(spec.files ?? {})) writeFileSync(join(ctx, name), text);
    const r = await docker(['build', '-q', '-t', image, ctx]);
    if (!r.ok) throw new Error(`building the stand-in ${image} failed: ${r.out}`);
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
}

/** Makes `nginx:1.27` and `busybox:1.36` present on this engine, real or stand-in. */
export async function ensureExampleImages(): Promise<ExampleImage[]> {
  const done: ExampleImage[] = [];
  for (const image of Object.keys(DOCKERFILES)) {
    const labels = await labelsOf(image);
    if (labels && labels[STAND_IN_LABEL] !== 'true') {
      done.push({ image, kind: 'real' });
      continue;
    }
    await build(image);
    done.push({ image, kind: 'stand-in' });
  }
  return done;
}
