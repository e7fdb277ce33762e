/** coordination.k8s.io/v1 Lease (node heartbeats, leader election). */
import { Type, type Static } from '@sinclair/typebox';
import { str, int, microTime, named } from './helpers.ts';
import { kindObject } from './kind-object.ts';

const opt = Type.Optional;

export const LeaseSchema = kindObject({ group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' }, 'Lease defines a lease concept.', {
  spec: opt(named('io.k8s.api.coordination.v1.LeaseSpec', 'LeaseSpec is a specification of a Lease.', {
    holderIdentity: opt(str('holderIdentity contains the identity of the holder of a current lease.')),
    leaseDurationSeconds: opt(int('leaseDurationSeconds is a duration that candidates for a lease need to wait to force acquire it.')),
    acquireTime: opt(microTime('acquireTime is a time when the current lease was acquired.')),
    renewTime: opt(microTime('renewTime is a time when the current holder of a lease has last updated the lease.')),
    leaseTransitions: opt(int('leaseTransitions is the number of transitions of a lease between holders.')),
    strategy: opt(str('Strategy indicates the strategy for picking the leader for coordinated leader election.')),
    preferredHolder: opt(str('PreferredHolder signals to a lease holder that the lease has a more optimal holder and should be given up.')),
  })),
});
export type Lease = Static<typeof LeaseSchema>;
