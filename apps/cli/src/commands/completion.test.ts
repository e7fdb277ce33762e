/**
 * `completion bash`: the generated script is sourced in a real bash with COMP_WORDS/COMP_CWORD
 * set as readline would set them, and the candidates it leaves in COMPREPLY are checked;
 * object names come from a real api-server through a `skiff` on PATH.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@skiff/testing';
import { cli, MAIN, pod, spawnRun, tempDir } from '../test/harness.ts';

let server: TestServer;
let script: string;
const bin = tempDir('skiff-bin-');

beforeAll(async () => {
  server = await startTestServer();
  await cli(server.kubeconfigPath, ['apply', '-f', '-'], { stdin: [pod('alpha'), pod('beta')].join('---\n') });
  await cli(server.kubeconfigPath, ['create', 'namespace', 'other']);
  await cli(server.kubeconfigPath, ['apply', '-n', 'other', '-f', '-'], { stdin: pod('gamma') });
  const gen = await cli(server.kubeconfigPath, ['completion', 'bash']);
  expect(gen.code).toBe(0);
  script = join(bin, 'skiff.bash');
  writeFileSync(script, gen.stdout);
  // The script calls `skiff` back for object names, as an installed binary would be called.
  writeFileSync(join(bin, 'skiff'), `#!/bin/sh\nexec "${process.execPath}" "${MAIN}" "$@"\n`);
  chmodSync(join(bin, 'skiff'), 0o755);
});
afterAll(() => server.close());

/** The candidates bash would offer with the cursor at the end of `line`. */
async function complete(line: string): Promise<string[]> {
  const words = line.split(' ');
  const program = `source ${script}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _skiff; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = await spawnRun('bash', ['-c', program], {
    PATH: `${bin}:${process.env['PATH'] ?? ''}`,
    HOME: tempDir('skiff-home-'),
    KUBECONFIG: server.kubeconfigPath,
  });
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter(Boolean).sort();
}

describe('completion bash', () => {
  it('completes commands', async () => {
    expect(await complete('skiff ge')).toEqual(['get']);
    expect(await complete('skiff ro')).toEqual(['rollout']);
  });

  it('completes subcommands and flags of the command on the line', async () => {
    expect(await complete('skiff rollout st')).toEqual(['status']);
    expect(await complete('skiff get pods --show-l')).toEqual(['--show-labels']);
    expect(await complete('skiff explain --rec')).toEqual(['--recursive']);
  });

  it('completes resource types, skipping the value of a global flag', async () => {
    expect(await complete('skiff get po')).toEqual(['po', 'pod', 'poddisruptionbudget', 'poddisruptionbudgets', 'podgroup', 'podgroups', 'podmetrics', 'pods']);
    expect(await complete('skiff -n other get po')).toContain('pods');
    expect(await complete('skiff get deploy')).toEqual(['deploy', 'deployment', 'deployments']);
  });

  it('completes object names from the server, in the namespace on the line', async () => {
    expect(await complete('skiff get pods ')).toEqual(['alpha', 'beta']);
    expect(await complete('skiff describe po b')).toEqual(['beta']);
    expect(await complete('skiff get pods -n other ')).toEqual(['gamma']);
  });
});

describe('completion (errors and zsh)', () => {
  it('needs a shell it knows', async () => {
    expect(await cli(undefined, ['completion'])).toEqual({ code: 1, stdout: '', stderr: "error: Shell not specified.\nSee 'skiff completion -h' for help and examples\n" });
    expect((await cli(undefined, ['completion', 'fish'])).stderr).toBe('error: Unsupported shell type "fish".\nSee \'skiff completion -h\' for help and examples\n');
  });

  it('zsh loads the same function through bashcompinit', async () => {
    const r = await cli(undefined, ['completion', 'zsh']);
    expect(r.stdout).toMatch(/^#compdef skiff\n/);
    expect(r.stdout).toContain('bashcompinit && bashcompinit');
    expect(r.stdout).toContain('complete -o default -F _skiff skiff');
  });
});
