/** core/v1 Event (the one kubectl describe lists by involvedObject). */
import { Type, type Static } from '@sinclair/typebox';
import { str, int, time, microTime, named } from './helpers.ts';
import { kindObject } from './kind-object.ts';
import { ObjectReferenceSchema } from './meta-types.ts';

const opt = Type.Optional;

export const EventSchema = kindObject({ group: '', version: 'v1', kind: 'Event' }, 'Event is a report of an event somewhere in the cluster.', {
  involvedObject: ObjectReferenceSchema,
  reason: opt(str('This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.')),
  message: opt(str('A human-readable description of the status of this operation.')),
  source: opt(named('io.k8s.api.core.v1.EventSource', 'EventSource contains information for an event.', {
    component: opt(str('Component from which the event is generated.')),
    host: opt(str('Node name on which the event is generated.')),
  })),
  firstTimestamp: opt(Type.Union([time(''), Type.Null()], { description: 'The time at which the event was first recorded.' })),
  lastTimestamp: opt(Type.Union([time(''), Type.Null()], { description: 'The time at which the most recent occurrence of this event was recorded.' })),
  count: opt(int('The number of times this event has occurred.')),
  type: opt(str('Type of this event (Normal, Warning), new types could be added in the future')),
  eventTime: opt(Type.Union([microTime(''), Type.Null()], { description: 'Time when this Event was first observed.' })),
  series: opt(named('io.k8s.api.core.v1.EventSeries', 'EventSeries contain information on series of events.', {
    count: opt(int('Number of occurrences in this series up to the last heartbeat time')),
    lastObservedTime: opt(microTime('Time of the last occurrence observed')),
  })),
  action: opt(str('What action was taken/failed regarding to the Regarding object.')),
  related: opt(ObjectReferenceSchema),
  reportingComponent: opt(str('Name of the controller that emitted this Event, e.g. `kubernetes.io/kubelet`.')),
  reportingInstance: opt(str('ID of the controller instance, e.g. `kubelet-xyzf`.')),
});
export type Event = Static<typeof EventSchema>;
