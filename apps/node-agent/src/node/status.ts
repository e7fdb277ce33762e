/**
 * The node's heartbeat loop: register (again, whenever the Node is found missing), renew
 * the Lease every 10 s, and post the Node status when it changed or every 5 minutes
 * (kubelet nodeStatusReportFrequency), evaluated on every beat. While the API is away,
 * beats retry sooner with back-off (1 s doubling to the beat interval); nothing throws
 * out of the loop. `extraSync` hooks (the ResourceSlice) run after each successful beat.
 */
import type { Node } from '@skiff/api';
import { Backoff, isNotFound, realDelay, type RestClient } from '@skiff/client';
import type { Logger } from '@skiff/logging';
import type { Clock } from '../clock.ts';
import type { ContainerRuntime } from '../runtime/runtime.ts';
import { NODES } from '../refs.ts';
import type { NodeFacts } from './facts.ts';
import { NodeLease, LEASE_RENEW_INTERVAL_MS } from './lease.ts';
import { nodeLabels, nodeStatus, sameStatus, type NodeGpuView } from './node-status.ts';
import { registerNode } from './register.ts';

export interface HeartbeatOptions {
  client: RestClient;
  nodeName: string;
  facts: NodeFacts;
  runtime: ContainerRuntime;
  clock: Clock;
  log: Logger;
  gpus: () => NodeGpuView;
  intervalMs?: number;
  reportEveryMs?: number;
  /** Run after each successful beat (ResourceSlice publication); errors are logged. */
  extraSync?: Array<(node: Node) => Promise<void>>;
  /** The kubelet port (server/): its port goes in daemonEndpoints, its certificate fingerprint in these annotations. */
  kubelet?: { port: number; annotations: Record<string, string> } | undefined;
}

export class NodeHeartbeat {
  readonly lease: NodeLease;
  node: Node | undefined;
  readonly #o: HeartbeatOptions;
  readonly #ac = new AbortController();
  readonly #backoff: Backoff;
  #lastPost = 0;
  #loop: Promise<void> | undefined;
  #registered = false;
  /** After a failure, post the status in full on the next beat: it also finds out whether the Node still exists. */
  #forcePost = false;
  beats = 0;

  constructor(o: HeartbeatOptions) {
    this.#o = o;
    this.lease = new NodeLease(o.client, o.nodeName, o.clock);
    this.#backoff = new Backoff(1000, o.intervalMs ?? LEASE_RENEW_INTERVAL_MS);
  }

  /** First beat now (resolves when it succeeded once or the loop stopped), then every interval. */
  start(): Promise<void> {
    let first!: () => void;
    const firstDone = new Promise<void>((r) => (first = r));
    this.#loop ??= (async () => {
      while (!this.#ac.signal.aborted) {
        const ok = await this.beat();
        if (ok) first();
        const wait = ok ? (this.#backoff.reset(), this.#o.intervalMs ?? LEASE_RENEW_INTERVAL_MS) : this.#backoff.next();
        await realDelay(wait, this.#ac.signal);
      }
      first();
    })();
    return firstDone;
  }

  async stop(): Promise<void> {
    this.#ac.abort();
    await this.#loop;
  }

  /** One heartbeat; false when the API (or anything on the way) failed. */
  async beat(): Promise<boolean> {
    const o = this.#o;
    try {
      const status = await this.#status();
      if (!this.#registered) {
        const facts = await o.facts.static();
        this.node = await registerNode(o.client, o.nodeName, nodeLabels(o.nodeName, facts, o.gpus()), status, o.kubelet?.annotations);
        this.#registered = true;
        this.#lastPost = o.clock.now();
        this.lease.nodeUid = this.node.metadata.uid;
        o.log.info({ node: o.nodeName }, 'node registered');
      } else if (this.#forcePost || !sameStatus(this.node?.status, status) || o.clock.now() - this.#lastPost >= (o.reportEveryMs ?? 300_000)) {
        this.node = await o.client.patch<Node>(NODES, o.nodeName, 'merge', { status }, { subresource: 'status' });
        this.#lastPost = o.clock.now();
      }
      this.#forcePost = false;
      await this.lease.renew();
      for (const sync of o.extraSync ?? []) await sync(this.node!).catch((e: unknown) => o.log.warn({ err: e }, 'node sync hook failed'));
      this.beats++;
      return true;
    } catch (e) {
      if (isNotFound(e)) this.#registered = false; // the Node was deleted (or the store reset): register again
      this.#forcePost = true;
      o.log.warn({ err: e, node: o.nodeName }, 'node heartbeat failed');
      return false;
    }
  }

  async #status(): Promise<NonNullable<Node['status']>> {
    const o = this.#o;
    const [facts, pressure] = await Promise.all([o.facts.static(), o.facts.pressure()]);
    let runtimeVersion: string | undefined;
    let runtimeError: string | undefined;
    try {
      runtimeVersion = (await o.runtime.version()).version;
    } catch (e) {
      runtimeError = e instanceof Error ? e.message : String(e);
    }
    return nodeStatus({ facts, pressure, runtimeVersion, runtimeError, gpus: o.gpus(), now: o.clock.now(), previous: this.node?.status?.conditions, kubeletPort: o.kubelet?.port });
  }
}
