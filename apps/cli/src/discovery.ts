/**
 * What the server serves, read the way kubectl reads it: the aggregated discovery documents
 * from /api and /apis (two requests). Asking the server rather than compiling in
 * @skiff/api's registry keeps the CLI honest about the cluster it talks to (an older or newer
 * api-server) while the data is still the registry's: the server builds discovery from it.
 */
import type { RestClient } from '@skiff/client';

export interface ApiResource {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  verbs: string[];
  categories: string[];
  /**
   * The version kubectl uses for this resource (ServerPreferredResources): the group's
   * preferred (first) version when it serves the resource, else the first version that does.
   */
  preferred: boolean;
}

const AGGREGATED_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

interface DiscoveryResource {
  resource: string;
  singularResource?: string;
  responseKind?: { kind?: string };
  scope?: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
}
interface DiscoveryList {
  kind?: string;
  items?: { metadata?: { name?: string }; versions?: { version: string; resources?: DiscoveryResource[] }[] }[];
}

function flatten(doc: DiscoveryList): ApiResource[] {
  if (doc.kind !== 'APIGroupDiscoveryList') throw new Error('the server does not serve aggregated discovery (apidiscovery.k8s.io/v2)');
  const out: ApiResource[] = [];
  const seen = new Set<string>();
  for (const g of doc.items ?? []) {
    (g.versions ?? []).forEach((v) => {
      for (const r of v.resources ?? []) {
        const key = `${g.metadata?.name ?? ''}/${r.resource}`;
        const preferred = !seen.has(key);
        seen.add(key);
        out.push({
          group: g.metadata?.name ?? '',
          version: v.version,
          kind: r.responseKind?.kind ?? '',
          plural: r.resource,
          singular: r.singularResource || (r.responseKind?.kind ?? '').toLowerCase(),
          namespaced: r.scope === 'Namespaced',
          shortNames: r.shortNames ?? [],
          verbs: r.verbs ?? [],
          categories: r.categories ?? [],
          preferred,
        });
      }
    });
  }
  return out;
}

export async function discover(client: RestClient): Promise<ApiResource[]> {
  const [core, groups] = await Promise.all([
    client.requestJson<DiscoveryList>('/api', { accept: AGGREGATED_ACCEPT }),
    client.requestJson<DiscoveryList>('/apis', { accept: AGGREGATED_ACCEPT }),
  ]);
  return [...flatten(core), ...flatten(groups)];
}

/** Discovery once per command run, fetched on first use. */
export class Discovery {
  readonly #client: RestClient;
  #resources: Promise<ApiResource[]> | undefined;

  constructor(client: RestClient) {
    this.#client = client;
  }

  all(): Promise<ApiResource[]> {
    this.#resources ??= discover(this.#client);
    return this.#resources;
  }
}
