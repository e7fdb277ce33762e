/**
 * Claims from ResourceClaimTemplates: one ResourceClaim per pod per template entry, named
 * `<pod>-<claim>` (the name the scheduler's stopgap uses too, so AlreadyExists from the same
 * pod is success), controlled by the pod (the garbage collector deletes it with the pod), and
 * recorded in pod.status.resourceClaimStatuses.
 */
import type { Pod, ResourceClaim, ResourceClaimTemplate } from '@skiff/api';
import { isAlreadyExists, isNotFound, type Informer } from '@skiff/client';
import type { ReconcileContext, Reconciler, Request, Result } from '@skiff/controller';
import type { ControllerDeps } from '../../deps.ts';
import { podsRef, resourceClaimsRef, resourceClaimTemplatesRef } from '../../refs.ts';
import { isPodFinished, isTerminating } from '../../util/pods.ts';

export const POD_CLAIM_NAME_ANNOTATION = 'resource.kubernetes.io/pod-claim-name';

export function claimNameFor(pod: Pod, podClaimName: string): string {
  return `${pod.metadata.name}-${podClaimName}`;
}

export class ResourceClaimTemplateReconciler implements Reconciler {
  readonly #deps: ControllerDeps;
  readonly #pods: Informer<Pod>;
  readonly #claims: Informer<ResourceClaim>;
  readonly #templates: Informer<ResourceClaimTemplate>;

  constructor(deps: ControllerDeps) {
    this.#deps = deps;
    this.#pods = deps.factory.informerFor<Pod>(podsRef);
    this.#claims = deps.factory.informerFor<ResourceClaim>(resourceClaimsRef);
    this.#templates = deps.factory.informerFor<ResourceClaimTemplate>(resourceClaimTemplatesRef);
  }

  async reconcile(ctx: ReconcileContext, req: Request): Promise<Result> {
    const pod = this.#pods.lister.get(req.namespace, req.name);
    if (!pod || isTerminating(pod) || isPodFinished(pod)) return {};
    const entries = (pod.spec?.resourceClaims ?? []).filter((e) => e.resourceClaimTemplateName);
    if (!entries.length) return {};
    const statuses = [...(pod.status?.resourceClaimStatuses ?? [])];
    let missingTemplate = false;
    for (const e of entries) {
      const name = claimNameFor(pod, e.name);
      const existing = this.#claims.lister.get(req.namespace, name);
      if (!existing) {
        const template = this.#templates.lister.get(req.namespace, e.resourceClaimTemplateName ?? '');
        if (!template) {
          missingTemplate = true; // its creation wakes us
          continue;
        }
        if (!(await this.#create(ctx, pod, e.name, name, template))) continue;
      } else if (!existing.metadata.ownerReferences?.some((r) => r.uid === pod.metadata.uid)) {
        this.#deps.logger.warn({ pod: `${req.namespace}/${req.name}`, claim: name }, 'claim name taken by another owner');
        continue;
      }
      if (!statuses.some((s) => s.name === e.name)) statuses.push({ name: e.name, resourceClaimName: name });
    }
    if (statuses.length !== (pod.status?.resourceClaimStatuses?.length ?? 0)) {
      try {
        await this.#deps.client.patch(podsRef, req.name, 'merge', { status: { resourceClaimStatuses: statuses } }, { namespace: req.namespace, subresource: 'status', signal: ctx.signal });
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    return missingTemplate ? { requeueAfterMs: 30_000 } : {};
  }

  /** True when the claim exists for this pod afterwards. */
  async #create(ctx: ReconcileContext, pod: Pod, podClaimName: string, name: string, template: ResourceClaimTemplate): Promise<boolean> {
    const meta = template.spec?.metadata ?? {};
    const claim: ResourceClaim = {
      apiVersion: 'resource.k8s.io/v1',
      kind: 'ResourceClaim',
      metadata: {
        name,
        namespace: pod.metadata.namespace,
        ...(meta.labels ? { labels: { ...meta.labels } } : {}),
        annotations: { ...meta.annotations, [POD_CLAIM_NAME_ANNOTATION]: podClaimName },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
      },
      spec: structuredClone(template.spec?.spec ?? {}) as ResourceClaim['spec'],
    };
    try {
      await this.#deps.client.create(resourceClaimsRef, claim, { namespace: pod.metadata.namespace, signal: ctx.signal });
      return true;
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
      const live = await this.#deps.client.get<ResourceClaim>(resourceClaimsRef, name, { namespace: pod.metadata.namespace, signal: ctx.signal });
      return live.metadata.ownerReferences?.some((r) => r.uid === pod.metadata.uid) ?? false;
    }
  }
}
