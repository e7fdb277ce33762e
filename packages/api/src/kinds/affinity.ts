/** Scheduling constraints of core/v1: node selectors, (anti-)affinity, tolerations, spread. */
import { Type, type Static } from '@sinclair/typebox';
import { atomicList, str, int, stringEnum, named } from './helpers.ts';
import { LabelSelectorSchema } from './meta-types.ts';

const opt = Type.Optional;

export const NodeSelectorRequirementSchema = named('io.k8s.api.core.v1.NodeSelectorRequirement', 'A node selector requirement is a selector that contains values, a key, and an operator that relates the key and values.', {
  key: str('The label key that the selector applies to.'),
  operator: stringEnum(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'], "Represents a key's relationship to a set of values."),
  values: opt(atomicList(Type.String(), 'An array of string values. Gt/Lt take a single integer.')),
});

export const NodeSelectorTermSchema = named('io.k8s.api.core.v1.NodeSelectorTerm', 'A null or empty node selector term matches no objects. The requirements of them are ANDed.', {
  matchExpressions: opt(atomicList(NodeSelectorRequirementSchema, "A list of node selector requirements by node's labels.")),
  matchFields: opt(atomicList(NodeSelectorRequirementSchema, "A list of node selector requirements by node's fields.")),
});

export const NodeSelectorSchema = named('io.k8s.api.core.v1.NodeSelector', 'A node selector represents the union of the results of one or more label queries over a set of nodes.', {
  nodeSelectorTerms: atomicList(NodeSelectorTermSchema, 'Required. A list of node selector terms. The terms are ORed.'),
});
export type NodeSelector = Static<typeof NodeSelectorSchema>;

export const NodeAffinitySchema = named('io.k8s.api.core.v1.NodeAffinity', 'Node affinity is a group of node affinity scheduling rules.', {
  requiredDuringSchedulingIgnoredDuringExecution: opt(NodeSelectorSchema),
  preferredDuringSchedulingIgnoredDuringExecution: opt(atomicList(named('io.k8s.api.core.v1.PreferredSchedulingTerm', 'An empty preferred scheduling term matches all objects with implicit weight 0.', {
    weight: int('Weight associated with matching the corresponding nodeSelectorTerm, in the range 1-100.'),
    preference: NodeSelectorTermSchema,
  }), 'The scheduler will prefer to schedule pods to nodes that satisfy the affinity expressions specified by this field.')),
});

export const PodAffinityTermSchema = named('io.k8s.api.core.v1.PodAffinityTerm', 'Defines a set of pods that this pod should be co-located (affinity) or not co-located (anti-affinity) with, on nodes whose topologyKey label matches.', {
  labelSelector: opt(LabelSelectorSchema),
  namespaces: opt(atomicList(Type.String(), 'namespaces specifies a static list of namespace names that the term applies to.')),
  topologyKey: str('This pod should be co-located (affinity) or not co-located (anti-affinity) with the pods matching the labelSelector in the specified namespaces, where co-located is defined as running on a node whose value of the label with key topologyKey matches.'),
  namespaceSelector: opt(LabelSelectorSchema),
  matchLabelKeys: opt(atomicList(Type.String(), 'MatchLabelKeys is a set of pod label keys to select which pods will be taken into consideration.')),
  mismatchLabelKeys: opt(atomicList(Type.String(), 'MismatchLabelKeys is a set of pod label keys to select which pods will be taken into consideration.')),
});

export const WeightedPodAffinityTermSchema = named('io.k8s.api.core.v1.WeightedPodAffinityTerm', 'The weights of all of the matched WeightedPodAffinityTerm fields are added per-node to find the most preferred node(s)', {
  weight: int('weight associated with matching the corresponding podAffinityTerm, in the range 1-100.'),
  podAffinityTerm: PodAffinityTermSchema,
});

const podAffinityProps = (what: string) => ({
  requiredDuringSchedulingIgnoredDuringExecution: opt(atomicList(PodAffinityTermSchema, `If the ${what} requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node.`)),
  preferredDuringSchedulingIgnoredDuringExecution: opt(atomicList(WeightedPodAffinityTermSchema, `The scheduler will prefer to schedule pods to nodes that satisfy the ${what} expressions specified by this field.`)),
});

export const AffinitySchema = named('io.k8s.api.core.v1.Affinity', 'Affinity is a group of affinity scheduling rules.', {
  nodeAffinity: opt(NodeAffinitySchema),
  podAffinity: opt(named('io.k8s.api.core.v1.PodAffinity', 'Pod affinity is a group of inter pod affinity scheduling rules.', podAffinityProps('affinity'))),
  podAntiAffinity: opt(named('io.k8s.api.core.v1.PodAntiAffinity', 'Pod anti affinity is a group of inter pod anti affinity scheduling rules.', podAffinityProps('anti-affinity'))),
});
export type Affinity = Static<typeof AffinitySchema>;

export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export const TolerationSchema = named('io.k8s.api.core.v1.Toleration', 'The pod this Toleration is attached to tolerates any taint that matches the triple <key,value,effect> using the matching operator <operator>.', {
  key: opt(str('Key is the taint key that the toleration applies to. Empty means match all taint keys.')),
  operator: opt(stringEnum(['Exists', 'Equal'], "Operator represents a key's relationship to the value. Defaults to Equal.")),
  value: opt(str('Value is the taint value the toleration matches to.')),
  effect: opt(stringEnum(['', ...TAINT_EFFECTS], 'Effect indicates the taint effect to match. Empty means match all taint effects.')),
  tolerationSeconds: opt(int('TolerationSeconds represents the period of time the toleration (which must be of effect NoExecute) tolerates the taint.', 'int64')),
});
export type Toleration = Static<typeof TolerationSchema>;

export const TopologySpreadConstraintSchema = named('io.k8s.api.core.v1.TopologySpreadConstraint', 'TopologySpreadConstraint specifies how to spread matching pods among the given topology.', {
  maxSkew: int('MaxSkew describes the degree to which pods may be unevenly distributed. It must be greater than zero.'),
  topologyKey: str('TopologyKey is the key of node labels.'),
  whenUnsatisfiable: stringEnum(['DoNotSchedule', 'ScheduleAnyway'], 'WhenUnsatisfiable indicates how to deal with a pod if it does not satisfy the spread constraint.'),
  labelSelector: opt(LabelSelectorSchema),
  minDomains: opt(int('MinDomains indicates a minimum number of eligible domains.')),
  nodeAffinityPolicy: opt(stringEnum(['Honor', 'Ignore'], 'NodeAffinityPolicy indicates how we will treat Pod\'s nodeAffinity/nodeSelector when calculating pod topology spread skew.')),
  nodeTaintsPolicy: opt(stringEnum(['Honor', 'Ignore'], 'NodeTaintsPolicy indicates how we will treat node taints when calculating pod topology spread skew.')),
  matchLabelKeys: opt(atomicList(Type.String(), 'MatchLabelKeys is a set of pod label keys to select the pods over which spreading will be calculated.')),
});
