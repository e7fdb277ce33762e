/**
 * Every source file that ships imports only packages its own package.json lists under
 * `dependencies`. The images (Dockerfile, scripts/images/prune-node-modules.sh) install
 * production dependencies only, while the workspace links dev dependencies too, so a daemon
 * importing a dev-only package works in every local test and crashes in the image (found once
 * by the compose e2e: the api-server imported @skiff/client). Type-only imports are erased and
 * do not count; test files and test helpers (by the names below) are not shipped code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TEST_HELPER = /(\.test\.ts|\.conformance\.ts|-harness\.ts|test-support\.ts)$|\/(test|testing|testdata)\//;
const BUILTIN = new Set(builtinModules);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === 'node_modules' ? [] : sources(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

describe('shipped code imports only production dependencies', () => {
  const workspaces = ['apps', 'packages'].flatMap((d) => readdirSync(join(ROOT, d)).map((w) => join(ROOT, d, w)));
  for (const ws of workspaces) {
    let pkg: { name: string; dependencies?: Record<string, string> };
    try {
      pkg = JSON.parse(readFileSync(join(ws, 'package.json'), 'utf8')) as typeof pkg;
    } catch {
      continue;
    }
    it(pkg.name, () => {
      const deps = new Set(Object.keys(pkg.dependencies ?? {}));
      const bad: string[] = [];
      for (const f of sources(join(ws, 'src')).filter((f) => !TEST_HELPER.test(f.slice(ROOT.length - 1)))) {
        for (const m of readFileSync(f, 'utf8').matchAll(/^(import|export)(?!\s+type\b)[^'"]*?from\s+'([^'.][^']*)'/gm)) {
          const spec = m[2]!;
          if (spec.startsWith('node:') || BUILTIN.has(spec)) continue;
          const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
          if (name !== pkg.name && !deps.has(name)) bad.push(`${f.slice(ROOT.length)} imports ${name}`);
        }
      }
      expect(bad).toEqual([]);
    });
  }
});
