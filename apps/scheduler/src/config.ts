/**
 * Scheduler configuration: which plugins run, score weights, plugin args, the scheduler
 * name it answers to and the node sampling percentage. Defaults mirror kube-scheduler's
 * default profile; a YAML/JSON file (--config) overrides any field:
 *
 *   schedulerName: default-scheduler
 *   percentageOfNodesToScore: 0        # 0 = adaptive (50% − nodes/125, at least 5%)
 *   plugins: { disabled: [ImageLocality] }
 *   scoreWeights: { NodeResourcesFit: 2 }
 *   pluginArgs: { NodeResourcesFit: { scoringStrategy: MostAllocated } }
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import * as N from './plugins/names.ts';

export interface SchedulerConfig {
  schedulerName: string;
  percentageOfNodesToScore: number;
  /** Plugins in run order. */
  plugins: string[];
  scoreWeights: Record<string, number>;
  pluginArgs: Record<string, Record<string, unknown>>;
  /** Binding calls in flight at once (pipelines API writes; SQLite group-commits them). */
  maxInFlightBindings: number;
  /** Write a Normal "Scheduled" event per bound pod, as upstream does. */
  recordScheduledEvents: boolean;
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** A gang still short of members after this long gets its FailedScheduling reports (gang/wait-report.ts); 0 = at once. */
  gangWaitReportMs: number;
}

export const DEFAULT_PLUGINS = [
  N.PrioritySort,
  N.NodeName,
  N.NodeUnschedulable,
  N.TaintToleration,
  N.NodeAffinity,
  N.NodeResourcesFit,
  N.PodTopologySpread,
  N.InterPodAffinity,
  N.DynamicResources,
  // After DynamicResources: its PreBind (the bind barrier) must see the claims written.
  N.GangScheduling,
  N.ImageLocality,
  N.DefaultPreemption,
  N.DefaultBinder,
];

export const DEFAULT_WEIGHTS: Record<string, number> = {
  [N.TaintToleration]: 3,
  [N.NodeAffinity]: 2,
  [N.PodTopologySpread]: 2,
  [N.InterPodAffinity]: 2,
  [N.NodeResourcesFit]: 1,
  [N.DynamicResources]: 1,
  [N.ImageLocality]: 1,
};

export function defaultConfig(): SchedulerConfig {
  return {
    schedulerName: 'default-scheduler',
    percentageOfNodesToScore: 0,
    plugins: [...DEFAULT_PLUGINS],
    scoreWeights: { ...DEFAULT_WEIGHTS },
    pluginArgs: {},
    maxInFlightBindings: 256,
    recordScheduledEvents: true,
    backoffInitialMs: 1000,
    backoffMaxMs: 10_000,
    gangWaitReportMs: 1000,
  };
}

interface ConfigFile extends Partial<Omit<SchedulerConfig, 'plugins'>> {
  plugins?: { enabled?: string[]; disabled?: string[] } | string[];
}

export function mergeConfig(base: SchedulerConfig, file: ConfigFile): SchedulerConfig {
  const out: SchedulerConfig = { ...base, ...file, plugins: base.plugins, scoreWeights: { ...base.scoreWeights, ...file.scoreWeights }, pluginArgs: { ...base.pluginArgs, ...file.pluginArgs } };
  if (Array.isArray(file.plugins)) out.plugins = [...file.plugins];
  else if (file.plugins) {
    const disabled = new Set(file.plugins.disabled ?? []);
    out.plugins = [...(disabled.has('*') ? [] : base.plugins.filter((p) => !disabled.has(p))), ...(file.plugins.enabled ?? []).filter((p) => !base.plugins.includes(p) || disabled.has(p) || disabled.has('*'))];
  }
  return out;
}

export function loadConfig(path: string | undefined): SchedulerConfig {
  const base = defaultConfig();
  if (!path) return base;
  const doc = parse(readFileSync(path, 'utf8')) as ConfigFile | null;
  return doc ? mergeConfig(base, doc) : base;
}
