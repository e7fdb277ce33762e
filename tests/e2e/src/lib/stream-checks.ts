/**
 * The logs/exec checks both real-Docker clusters (skiff up, docker compose) must pass, through
 * the real kubectl: `logs -f` follows a container until it exits, and `exec` hands back the
 * command's exit code as kubectl's "command terminated with exit code N".
 */
import { expect } from 'vitest';
import type { Kubectl } from './kubectl.ts';

/** Runs a pod that prints three lines a second apart and follows its log to the end. */
export async function expectLogsFollowToTheEnd(k: Kubectl, image: string, name = 'talker'): Promise<void> {
  const pod = `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  restartPolicy: Never
  containers:
  - {name: main, image: ${image}, imagePullPolicy: Never, command: [sh, -c, 'for i in 1 2 3; do echo line $i; sleep 1; done']}
`;
  expect((await k(['apply', '-f', '-'], { stdin: pod })).code).toBe(0);
  expect((await k(['wait', '--for=jsonpath={.status.phase}=Running', `pod/${name}`, '--timeout=60s'], { timeoutMs: 70_000 })).code).toBe(0);
  // Started while the container still prints: -f must follow it to the end, then return
  // (a hang fails on the kubectl timeout).
  const logs = await k(['logs', '-f', name], { timeoutMs: 30_000 });
  expect(logs.code, logs.stderr).toBe(0);
  expect(logs.stdout).toBe('line 1\nline 2\nline 3\n');
}

/** `exec` in a running pod: output back, and a failing command's code as kubectl's exit code. */
export async function expectExecExitCodes(k: Kubectl, pod: string): Promise<void> {
  const ok = await k(['exec', pod, '--', 'sh', '-c', 'echo from-exec']);
  expect(ok.code, ok.stderr).toBe(0);
  expect(ok.stdout).toBe('from-exec\n');
  const failed = await k(['exec', pod, '--', 'sh', '-c', 'exit 7']);
  expect(failed.code).toBe(7);
  expect(failed.stderr).toContain('command terminated with exit code 7');
}
