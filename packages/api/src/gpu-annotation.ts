/**
 * The pod annotation `skiff.dev/gpus`: which GPUs (by UUID) the node agent picked for each
 * container of a pod with a classic `nvidia.com/gpu` limit, `{"<container>": ["GPU-…"]}`. The
 * agent writes it; the scheduler (one GPU ledger with DRA claims) and the CLI (`skiff gpus`,
 * `skiff why`) read it. One parser for all three, tolerant of a hand-edited value.
 */
export const GPUS_ANNOTATION = 'skiff.dev/gpus';

type Annotated = { metadata?: { annotations?: Record<string, string> | undefined } | undefined };

/** Per container, the UUIDs recorded (empty when absent or malformed: the agent may not have picked yet). */
export function gpusByContainer(pod: Annotated): Record<string, string[]> {
  const raw = pod.metadata?.annotations?.[GPUS_ANNOTATION];
  if (!raw) return {};
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return {};
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  const out: Record<string, string[]> = {};
  for (const [c, u] of Object.entries(v)) if (Array.isArray(u)) out[c] = u.filter((x): x is string => typeof x === 'string');
  return out;
}

/** Every UUID the annotation records, all containers together. */
export function recordedGpus(pod: Annotated): string[] {
  return Object.values(gpusByContainer(pod)).flat();
}
