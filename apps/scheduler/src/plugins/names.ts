/** Plugin names, as upstream spells them (config files and events refer to these). */
export const PrioritySort = 'PrioritySort';
export const NodeName = 'NodeName';
export const NodeUnschedulable = 'NodeUnschedulable';
export const NodeResourcesFit = 'NodeResourcesFit';
export const NodeAffinity = 'NodeAffinity';
export const TaintToleration = 'TaintToleration';
export const InterPodAffinity = 'InterPodAffinity';
export const PodTopologySpread = 'PodTopologySpread';
export const ImageLocality = 'ImageLocality';
export const DynamicResources = 'DynamicResources';
export const DefaultPreemption = 'DefaultPreemption';
export const DefaultBinder = 'DefaultBinder';
/** Gangs' Permit, bind barrier and Unreserve; the gang cycle also reports its rejections under this name. */
export const GangScheduling = 'GangScheduling';
