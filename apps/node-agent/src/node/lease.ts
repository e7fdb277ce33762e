/**
 * The node heartbeat Lease (kube-node-lease/<node>): holderIdentity = node,
 * leaseDurationSeconds 40, renewTime as MicroTime, owned by the Node so it goes with it.
 * Renewed with PUT on the last copy we wrote (optimistic concurrency); a conflict or a
 * missing lease makes the next renewal re-read or re-create it.
 */
import type { Lease } from '@skiff/api';
import { nowMicroTime } from '@skiff/api';
import { isConflict, isNotFound, type RestClient } from '@skiff/client';
import type { Clock } from '../clock.ts';
import { LEASES, NODE_LEASE_NAMESPACE } from '../refs.ts';

export const LEASE_DURATION_SECONDS = 40;
export const LEASE_RENEW_INTERVAL_MS = 10_000;

export class NodeLease {
  readonly #client: RestClient;
  readonly #node: string;
  readonly #clock: Clock;
  #lease: Lease | undefined;
  nodeUid: string | undefined;

  constructor(client: RestClient, node: string, clock: Clock) {
    this.#client = client;
    this.#node = node;
    this.#clock = clock;
  }

  get current(): Lease | undefined {
    return this.#lease;
  }

  /** One renewal; throws the client's typed error when the API cannot be reached. */
  async renew(): Promise<Lease> {
    const now = nowMicroTime(this.#clock.now());
    if (!this.#lease) {
      try {
        this.#lease = await this.#client.get<Lease>(LEASES, this.#node, { namespace: NODE_LEASE_NAMESPACE });
      } catch (e) {
        if (!isNotFound(e)) throw e;
        this.#lease = await this.#client.create<Lease>(LEASES, this.#fresh(now), { namespace: NODE_LEASE_NAMESPACE });
        return this.#lease;
      }
    }
    const next = structuredClone(this.#lease);
    next.spec = { ...next.spec, holderIdentity: this.#node, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: now };
    if (this.nodeUid && !next.metadata.ownerReferences?.some((r) => r.uid === this.nodeUid)) next.metadata.ownerReferences = [this.#owner()];
    try {
      this.#lease = await this.#client.update(LEASES, next, { namespace: NODE_LEASE_NAMESPACE });
    } catch (e) {
      if (isConflict(e) || isNotFound(e)) this.#lease = undefined; // re-read or re-create next time
      throw e;
    }
    return this.#lease;
  }

  #owner(): { apiVersion: string; kind: string; name: string; uid: string } {
    return { apiVersion: 'v1', kind: 'Node', name: this.#node, uid: this.nodeUid! };
  }

  #fresh(now: string): Lease {
    const lease: Lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: this.#node, namespace: NODE_LEASE_NAMESPACE },
      spec: { holderIdentity: this.#node, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: now },
    };
    if (this.nodeUid) lease.metadata.ownerReferences = [this.#owner()];
    return lease;
  }
}
