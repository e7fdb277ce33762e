/**
 * Child process for crash.test.ts: writes as fast as it can with a few writes in flight and
 * prints "<revision> <key>" for every write whose promise resolved (= acknowledged), until
 * the parent SIGKILLs it. stdout to a pipe is synchronous on Linux, so a printed line was
 * acknowledged before the kill.
 */
import type { Synchronous } from './schema.ts';
import { openSqliteStore } from './sqlite-store.ts';

const [path, sync, group] = process.argv.slice(2);
const store = openSqliteStore(path!, { synchronous: sync as Synchronous, groupCommit: group === 'group' });
let i = store.revision;

async function writer(): Promise<never> {
  for (;;) {
    const key = `/core/pods/crash/p${i++}`;
    const s = await store.create(key, { apiVersion: 'v1', kind: 'Pod', metadata: { name: key, namespace: 'crash' }, spec: { pad: 'x'.repeat(512) } });
    process.stdout.write(`${s.revision} ${key}\n`);
  }
}

process.stdout.write('ready\n');
await Promise.all([writer(), writer(), writer(), writer()]);
