/**
 * How the api-server finds and trusts an agent: the port in the Node's
 * `status.daemonEndpoints.kubeletEndpoint.Port` (as upstream) and the serving certificate's
 * SHA-256 in an annotation, which the api-server pins before it forwards a caller's token.
 */
export const KUBELET_CERT_ANNOTATION = 'skiff.dev/kubelet-serving-cert-sha256';

export function endpointAnnotations(fingerprint: string): Record<string, string> {
  return { [KUBELET_CERT_ANNOTATION]: fingerprint };
}
