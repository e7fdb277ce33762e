/** Probes and lifecycle handlers (exec / httpGet / tcpSocket / sleep), core/v1. */
import { Type } from '@sinclair/typebox';
import { atomicList, str, int, intOrString, stringEnum, named } from './helpers.ts';

const opt = Type.Optional;

export const ExecActionSchema = named('io.k8s.api.core.v1.ExecAction', 'ExecAction describes a "run in container" action.', {
  command: opt(atomicList(Type.String(), 'Command is the command line to execute inside the container; it is not run in a shell.')),
});

export const HTTPHeaderSchema = named('io.k8s.api.core.v1.HTTPHeader', 'HTTPHeader describes a custom header to be used in HTTP probes', {
  name: str('The header field name.'),
  value: str('The header field value'),
});

export const HTTPGetActionSchema = named('io.k8s.api.core.v1.HTTPGetAction', 'HTTPGetAction describes an action based on HTTP Get requests.', {
  path: opt(str('Path to access on the HTTP server.')),
  port: intOrString('Name or number of the port to access on the container. Number must be in the range 1 to 65535.'),
  host: opt(str('Host name to connect to, defaults to the pod IP.')),
  scheme: opt(stringEnum(['HTTP', 'HTTPS'], 'Scheme to use for connecting to the host. Defaults to HTTP.')),
  httpHeaders: opt(atomicList(HTTPHeaderSchema, 'Custom headers to set in the request. HTTP allows repeated headers.')),
});

export const TCPSocketActionSchema = named('io.k8s.api.core.v1.TCPSocketAction', 'TCPSocketAction describes an action based on opening a socket', {
  port: intOrString('Number or name of the port to access on the container.'),
  host: opt(str('Optional: Host name to connect to, defaults to the pod IP.')),
});

export const GRPCActionSchema = named('io.k8s.api.core.v1.GRPCAction', 'GRPCAction specifies an action involving a GRPC service.', {
  port: int('Port number of the gRPC service. Number must be in the range 1 to 65535.'),
  service: opt(str('Service is the name of the service to place in the gRPC HealthCheckRequest.')),
});

export const ProbeSchema = named('io.k8s.api.core.v1.Probe', 'Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.', {
  exec: opt(ExecActionSchema),
  httpGet: opt(HTTPGetActionSchema),
  tcpSocket: opt(TCPSocketActionSchema),
  grpc: opt(GRPCActionSchema),
  initialDelaySeconds: opt(int('Number of seconds after the container has started before liveness probes are initiated.')),
  timeoutSeconds: opt(int('Number of seconds after which the probe times out. Defaults to 1 second. Minimum value is 1.')),
  periodSeconds: opt(int('How often (in seconds) to perform the probe. Default to 10 seconds. Minimum value is 1.')),
  successThreshold: opt(int('Minimum consecutive successes for the probe to be considered successful after having failed. Defaults to 1. Must be 1 for liveness and startup.')),
  failureThreshold: opt(int('Minimum consecutive failures for the probe to be considered failed after having succeeded. Defaults to 3. Minimum value is 1.')),
  terminationGracePeriodSeconds: opt(int('Optional duration in seconds the pod needs to terminate gracefully upon probe failure.', 'int64')),
});

export const LifecycleHandlerSchema = named('io.k8s.api.core.v1.LifecycleHandler', 'LifecycleHandler defines a specific action that should be taken in a lifecycle hook. One and only one of the fields, except TCPSocket must be specified.', {
  exec: opt(ExecActionSchema),
  httpGet: opt(HTTPGetActionSchema),
  tcpSocket: opt(TCPSocketActionSchema),
  sleep: opt(named('io.k8s.api.core.v1.SleepAction', 'SleepAction describes a "sleep" action.', { seconds: int('Seconds is the number of seconds to sleep.', 'int64') })),
});

export const LifecycleSchema = named('io.k8s.api.core.v1.Lifecycle', 'Lifecycle describes actions that the management system should take in response to container lifecycle events.', {
  postStart: opt(LifecycleHandlerSchema),
  preStop: opt(LifecycleHandlerSchema),
  stopSignal: opt(str('StopSignal defines which signal will be sent to a container when it is being stopped.')),
});
