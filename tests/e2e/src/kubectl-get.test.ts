/**
 * Real kubectl 1.32 against the real api-server (in-process, temp SQLite). Every assertion is
 * on kubectl's own output: the columns and words it prints come from the server's Tables,
 * Status objects, discovery and OpenAPI, and from kubectl's own logic (apply's
 * created/configured/unchanged, wait, delete --wait).
 *
 * The server serves TLS and kubectl uses the kubeconfig it wrote (CA + token): client-go never
 * sends credentials to an http:// server.
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiClient, nodeManifest, podManifest, runningStatus } from './lib/api.ts';
import { eventually, haveKubectl, kubectlFor, tempDir, writeKubeconfig } from './lib/kubectl.ts';
import { AGE, api, background, createNamespace, createPod, deployYaml, deploys, dir, file, k, NS, pods, row, server, setRunning, table, useKubectlSuite, yamlishDeploy } from './lib/kubectl-suite.ts';

useKubectlSuite();

describe.skipIf(!haveKubectl)('kubectl 1.32 reads: get, explain, discovery', () => {
  it('version reports the server as v1.32', async () => {
    const r = await k(['version']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Client Version: v1\.32\.5$/m);
    expect(r.stdout).toMatch(/^Server Version: v1\.32\.\d+/m);
  });

  it('get pods prints the Kubernetes columns', async () => {
    const r = await k(['get', 'pods', '-n', NS]);
    expect(r.code, r.stderr).toBe(0);
    const t = table(r.stdout);
    expect(t[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(t.slice(1).map((x) => x.slice(0, 4))).toEqual([
      ['web-a', '1/1', 'Running', '2'],
      ['web-b', '0/1', 'Pending', '0'],
    ]);
    expect(row(t, 'web-a')![4]).toMatch(AGE);
  });

  it('get pods -o wide adds IP, NODE, NOMINATED NODE, READINESS GATES', async () => {
    const r = await k(['get', 'pods', '-n', NS, '-o', 'wide']);
    expect(r.code, r.stderr).toBe(0);
    const t = table(r.stdout);
    expect(t[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    expect(row(t, 'web-a')!.slice(5)).toEqual(['10.244.0.7', 'node-1', '<none>', '<none>']);
    expect(row(t, 'web-b')!.slice(5)).toEqual(['<none>', '<none>', '<none>', '<none>']);
  });

  it('get pods -A fills the NAMESPACE column', async () => {
    const r = await k(['get', 'pods', '-A']);
    expect(r.code, r.stderr).toBe(0);
    const t = table(r.stdout);
    expect(t[0]).toEqual(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(row(t, 'web-a', 1)!.slice(0, 5)).toEqual([NS, 'web-a', '1/1', 'Running', '2']);
    expect(row(t, 'web-b', 1)![0]).toBe(NS);
  });

  it('get pods --show-labels and -l', async () => {
    const r = await k(['get', 'pods', '-n', NS, '--show-labels']);
    const t = table(r.stdout);
    expect(t[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'LABELS']);
    expect(row(t, 'web-a')![5]).toBe('app=web,tier=front');
    expect(row(t, 'web-b')![5]).toBe('app=web');
    const sel = await k(['get', 'pods', '-n', NS, '-l', 'tier in (front)', '-o', 'name']);
    expect(sel.stdout).toBe('pod/web-a\n');
  });

  it('get pods -o yaml|json|name|jsonpath', async () => {
    const yaml = await k(['get', 'pod', 'web-a', '-n', NS, '-o', 'yaml']);
    expect(yaml.code, yaml.stderr).toBe(0);
    expect(yaml.stdout).toMatch(/^apiVersion: v1\nkind: Pod\nmetadata:\n/);
    expect(yaml.stdout).toContain('  name: web-a\n');
    expect(yaml.stdout).toContain(`  namespace: ${NS}\n`);
    expect(yaml.stdout).toContain('  nodeName: node-1\n');
    expect(yaml.stdout).toContain('  phase: Running\n');
    const json = await k(['get', 'pods', '-n', NS, '-o', 'json']);
    const list = JSON.parse(json.stdout);
    expect(list.kind).toBe('List');
    expect(list.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['web-a', 'web-b']);
    expect(list.items[0].kind).toBe('Pod');
    const name = await k(['get', 'pods', '-n', NS, '-o', 'name']);
    expect(name.stdout).toBe('pod/web-a\npod/web-b\n');
    const jp = await k(['get', 'pods', '-n', NS, '-o', 'jsonpath={range .items[*]}{.metadata.name}={.status.phase}@{.spec.nodeName};{end}']);
    expect(jp.stdout).toBe('web-a=Running@node-1;web-b=Pending@;');
  });

  it('get pod nope: NotFound from the server, exit 1', async () => {
    const r = await k(['get', 'pod', 'nope', '-n', NS]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
  });

  it('get nodes (and -o wide) and get ns', async () => {
    const n = await k(['get', 'nodes']);
    const t = table(n.stdout);
    expect(t[0]).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    expect(row(t, 'node-1')!.filter((_, i) => i !== 3)).toEqual(['node-1', 'Ready', 'control-plane', 'v1.32.0']);
    const w = table((await k(['get', 'nodes', '-o', 'wide'])).stdout);
    expect(w[0]).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME']);
    expect(row(w, 'node-1')!.slice(5)).toEqual(['10.0.0.11', '<none>', 'Ubuntu 24.04 LTS', '6.8.0-45-generic', 'docker://27.3.1']);
    const ns = table((await k(['get', 'ns'])).stdout);
    expect(ns[0]).toEqual(['NAME', 'STATUS', 'AGE']);
    for (const name of ['default', 'kube-system', NS]) expect(row(ns, name)?.[1]).toBe('Active');
  });

  it('api-resources lists the served resources from discovery', async () => {
    const r = await k(['api-resources']);
    expect(r.code, r.stderr).toBe(0);
    const t = table(r.stdout);
    expect(t[0]).toEqual(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    expect(row(t, 'pods')).toEqual(['pods', 'po', 'v1', 'true', 'Pod']);
    expect(row(t, 'deployments')).toEqual(['deployments', 'deploy', 'apps/v1', 'true', 'Deployment']);
    expect(row(t, 'nodes')).toEqual(['nodes', 'no', 'v1', 'false', 'Node']);
    expect(row(t, 'resourceclaims')).toEqual(['resourceclaims', 'resource.k8s.io/v1', 'true', 'ResourceClaim']);
    const apps = await k(['api-resources', '--api-group=apps', '-o', 'name']);
    expect(apps.stdout.split('\n')).toContain('deployments.apps');
  });

  it('explain pods.spec.containers reads the OpenAPI v3 schemas', async () => {
    const r = await k(['explain', 'pods.spec.containers']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^KIND:\s+Pod\nVERSION:\s+v1\n\nFIELD: containers <\[\]Container>\n/);
    expect(r.stdout).toMatch(/^ {2}image\t<string>$/m);
    expect(r.stdout).toMatch(/^ {2}ports\t<\[\]ContainerPort>$/m);
    // The description of the field, then of its type — once each (as upstream prints it).
    const desc = r.stdout.split('DESCRIPTION:\n')[1]!.split('FIELDS:')[0]!;
    const lines = desc.split('\n').map((l) => l.trim()).filter(Boolean);
    expect(new Set(lines).size).toBe(lines.length);
    const top = await k(['explain', 'pods']);
    expect(top.stdout).toMatch(/^ {2}apiVersion\t<string>$/m);
    expect(top.stdout).toMatch(/^ {2}metadata\t<ObjectMeta>$/m);
    expect(top.stdout).toMatch(/^ {2}spec\t<PodSpec>$/m);
    const d = await k(['explain', 'deployment.spec.replicas']);
    expect(d.stdout).toMatch(/^GROUP:\s+apps\nKIND:\s+Deployment\nVERSION:\s+v1\n\nFIELD: replicas <integer>\n/);
  });

  it('get all lists pods and deployments of the namespace', async () => {
    await createNamespace('e2e-all');
    await createPod('e2e-all', 'p1');
    await api.post(deploys('e2e-all'), yamlishDeploy('d1'));
    const r = await k(['get', 'all', '-n', 'e2e-all']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\npod\/p1\s+0\/1\s+Pending\s+0\s+\d+s\n/);
    expect(r.stdout).toMatch(/\nNAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\ndeployment\.apps\/d1\s+0\/1\s+0\s+0\s+\d+s\n/);
  });
});
