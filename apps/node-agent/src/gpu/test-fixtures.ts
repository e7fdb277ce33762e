/**
 * Where tests find their inputs. The real H100 captures live outside the repo, in
 * <repo>/../shared/fixtures/gpu/ (a developer's checkout and CI's clean clone both have
 * shared/ beside the repo), so we walk up from this file until we meet it rather than
 * hard-coding one checkout's depth. Hand-made variants are in ./testdata.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

export const TESTDATA = join(HERE, 'testdata');

export function sharedFixture(name: string): string {
  for (let dir = HERE; ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'fixtures', 'gpu', name);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`shared/fixtures/gpu/${name} not found above ${HERE}: is ../shared beside the repository?`);
  }
}

export const H100 = (): string => sharedFixture('h100-80gb-hbm3-driver580');

export const testdata = (name: string): string => join(TESTDATA, name);
