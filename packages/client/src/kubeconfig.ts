/**
 * Load, resolve, merge and write kubeconfig files the way kubectl does:
 * - an explicit path wins and must exist; else `KUBECONFIG` (path-list, missing files
 *   skipped, the first file to define a name or current-context wins); else ~/.kube/config.
 * - relative file references inside a file are relative to that file's folder.
 * - `--context` overrides current-context; errors read like kubectl's (`error: context "x" does not exist`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { emptyKubeconfig, KubeconfigError, type Kubeconfig, type KubeconfigCluster, type KubeconfigUser } from './kubeconfig-types.ts';
import { RestClient, type RestClientOptions } from './rest-client.ts';

export * from './kubeconfig-types.ts';

export interface LoadOptions {
  /** Explicit file (kubectl --kubeconfig); must exist. */
  path?: string | undefined;
  env?: Record<string, string | undefined>;
  home?: string;
}

export function loadKubeconfig(o: LoadOptions = {}): Kubeconfig {
  if (o.path) {
    if (!existsSync(o.path)) throw new KubeconfigError('FileNotFound', `error: stat ${o.path}: no such file or directory`);
    return readKubeconfigFile(o.path);
  }
  const env = o.env ?? process.env;
  const list = env['KUBECONFIG'];
  const paths = list ? list.split(delimiter).filter(Boolean) : [join(o.home ?? homedir(), '.kube', 'config')];
  let merged = emptyKubeconfig();
  // Earlier files take precedence: merge each later file *under* what we have.
  for (const p of paths) if (existsSync(p)) merged = mergeKubeconfig(readKubeconfigFile(p), merged);
  return merged;
}

export function readKubeconfigFile(path: string): Kubeconfig {
  let doc: unknown;
  try {
    doc = parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new KubeconfigError('Malformed', `error: error loading config file "${path}": ${(e as Error).message}`, { cause: e });
  }
  return normalise(doc ?? {}, dirname(resolve(path)), path);
}

function normalise(doc: unknown, base: string, path: string): Kubeconfig {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new KubeconfigError('Malformed', `error: error loading config file "${path}": not a kubeconfig object`);
  const d = doc as Partial<Kubeconfig>;
  const abs = (p: string | undefined) => (p && !isAbsolute(p) ? join(base, p) : p);
  const cfg: Kubeconfig = emptyKubeconfig();
  for (const c of d.clusters ?? []) {
    const cluster: KubeconfigCluster = { ...c.cluster };
    const ca = abs(cluster['certificate-authority']);
    if (ca) cluster['certificate-authority'] = ca;
    cfg.clusters.push({ name: c.name, cluster });
  }
  for (const u of d.users ?? []) {
    const user: KubeconfigUser = { ...u.user };
    for (const k of ['tokenFile', 'client-certificate', 'client-key'] as const) {
      const p = abs(user[k]);
      if (p) user[k] = p;
    }
    cfg.users.push({ name: u.name, user });
  }
  for (const c of d.contexts ?? []) cfg.contexts.push({ name: c.name, context: { ...c.context } });
  if (d['current-context']) cfg['current-context'] = d['current-context'];
  if (d.preferences) cfg.preferences = d.preferences;
  return cfg;
}

/**
 * `from`'s named entries replace same-named ones in `into`, the rest are kept; `from`'s
 * current-context wins when set. This is how `skiff` adds its cluster to an existing
 * ~/.kube/config (as kind/k3d do). Pure: returns a new object.
 */
export function mergeKubeconfig(into: Kubeconfig, from: Kubeconfig): Kubeconfig {
  const byName = <T extends { name: string }>(a: T[], b: T[]): T[] => [
    ...a.filter((x) => !b.some((y) => y.name === x.name)),
    ...b,
  ];
  const out: Kubeconfig = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: byName(into.clusters, from.clusters),
    users: byName(into.users, from.users),
    contexts: byName(into.contexts, from.contexts),
  };
  const current = from['current-context'] || into['current-context'];
  if (current) out['current-context'] = current;
  const preferences = from.preferences ?? into.preferences;
  if (preferences) out.preferences = preferences;
  return out;
}

export interface ResolveOptions {
  context?: string | undefined;
  /** kubectl -n */
  namespace?: string | undefined;
}

export interface ResolvedConfig extends RestClientOptions {
  contextName: string;
  namespace: string;
}

export function resolveKubeconfig(cfg: Kubeconfig, o: ResolveOptions = {}): ResolvedConfig {
  if (!cfg.clusters.length && !cfg.contexts.length)
    throw new KubeconfigError('NoConfiguration', 'error: no configuration has been provided, try setting KUBERNETES_MASTER environment variable');
  const contextName = o.context || cfg['current-context'];
  if (!contextName) throw new KubeconfigError('NoCurrentContext', 'error: current-context is not set');
  const ctx = cfg.contexts.find((c) => c.name === contextName)?.context;
  if (!ctx) throw new KubeconfigError('UnknownContext', `error: context "${contextName}" does not exist`);
  const cluster = cfg.clusters.find((c) => c.name === ctx.cluster)?.cluster;
  if (!cluster) throw new KubeconfigError('UnknownCluster', `error: cluster "${ctx.cluster}" does not exist`);
  if (!cluster.server) throw new KubeconfigError('NoServer', `error: no server found for cluster "${ctx.cluster}"`);
  let user: KubeconfigUser = {};
  if (ctx.user) {
    const u = cfg.users.find((x) => x.name === ctx.user)?.user;
    if (!u) throw new KubeconfigError('UnknownUser', `error: user "${ctx.user}" does not exist`);
    user = u;
  }
  const out: ResolvedConfig = {
    contextName,
    namespace: o.namespace || ctx.namespace || 'default',
    server: cluster.server,
    insecureSkipTlsVerify: cluster['insecure-skip-tls-verify'] === true,
    ca: fileOrData(cluster['certificate-authority-data'], cluster['certificate-authority']),
    cert: fileOrData(user['client-certificate-data'], user['client-certificate']),
    key: fileOrData(user['client-key-data'], user['client-key']),
    token: user.token || (user.tokenFile ? readReferenced(user.tokenFile).trim() : undefined),
  };
  return out;
}

/** `*-data` (base64) wins over the file path, as in client-go. */
function fileOrData(data: string | undefined, file: string | undefined): string | undefined {
  if (data) return Buffer.from(data, 'base64').toString('utf8');
  return file ? readReferenced(file) : undefined;
}

function readReferenced(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new KubeconfigError('FileNotFound', `error: unable to read ${path}: ${(e as Error).message}`, { cause: e });
  }
}

export interface ClientFromKubeconfig extends LoadOptions, ResolveOptions {}

/** Load + resolve + build a RestClient, with the namespace commands should default to. */
export function clientFromKubeconfig(o: ClientFromKubeconfig = {}): { client: RestClient; namespace: string; contextName: string } {
  const resolved = resolveKubeconfig(loadKubeconfig(o), o);
  return { client: new RestClient(resolved), namespace: resolved.namespace, contextName: resolved.contextName };
}

export interface SkiffKubeconfig {
  server: string;
  token?: string | undefined;
  /** PEM; embedded as certificate-authority-data. */
  ca?: string | undefined;
  insecureSkipTlsVerify?: boolean | undefined;
  namespace?: string | undefined;
  name?: string | undefined;
}

/** A standard kubeconfig whose cluster, user and context are all named `skiff` (or `name`). */
export function skiffKubeconfig(o: SkiffKubeconfig): Kubeconfig {
  const name = o.name ?? 'skiff';
  const cluster: KubeconfigCluster = { server: o.server };
  if (o.ca) cluster['certificate-authority-data'] = Buffer.from(o.ca).toString('base64');
  if (o.insecureSkipTlsVerify) cluster['insecure-skip-tls-verify'] = true;
  const user: KubeconfigUser = o.token ? { token: o.token } : {};
  const context = o.namespace ? { cluster: name, user: name, namespace: o.namespace } : { cluster: name, user: name };
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster }],
    users: [{ name, user }],
    contexts: [{ name, context }],
    'current-context': name,
  };
}

export function kubeconfigToYaml(cfg: Kubeconfig): string {
  return stringify(cfg);
}

/** Write (mode 0600, creating folders). With `merge: true` an existing file keeps its other entries. */
export async function writeKubeconfig(path: string, cfg: Kubeconfig, o: { merge?: boolean } = {}): Promise<void> {
  const final = o.merge && existsSync(path) ? mergeKubeconfig(readKubeconfigFile(path), cfg) : cfg;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, kubeconfigToYaml(final), { mode: 0o600 });
}
