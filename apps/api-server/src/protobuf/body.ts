/**
 * Protobuf request bodies → the JSON object the JSON path would have received. Why protobuf at
 * all: kubectl's typed clients (`kubectl create namespace|configmap|secret|deployment|service|
 * job|priorityclass|poddisruptionbudget`, drain's evictions, typed-client controllers) send
 * `application/vnd.kubernetes.protobuf` and never fall back to JSON on 415. Responses stay JSON,
 * which those clients accept.
 */
import { errors, StatusError } from '@skiff/api';
import { decodeMessage } from './decode.ts';
import { readEnvelope } from './envelope.ts';
import { messageFor } from './kinds.ts';
import { WireError } from './wire.ts';

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

export function isProtobuf(contentType: string | undefined): boolean {
  return (contentType ?? '').toLowerCase().startsWith(PROTOBUF_CONTENT_TYPE);
}

export function decodeProtobufBody(body: Uint8Array): Record<string, unknown> {
  try {
    const env = readEnvelope(body);
    if (env.contentEncoding !== '') {
      throw new StatusError(415, 'UnsupportedMediaType', `protobuf bodies with content encoding ${JSON.stringify(env.contentEncoding)} are not supported`);
    }
    const msg = messageFor(env.apiVersion, env.kind);
    if (!msg) {
      const what = env.kind ? `${env.kind} (${env.apiVersion || 'no apiVersion'})` : 'an object without a kind';
      throw new StatusError(
        415,
        'UnsupportedMediaType',
        `this server cannot decode protobuf bodies of kind ${what}; send it as JSON instead, e.g. with \`kubectl apply -f\``,
      );
    }
    return { kind: env.kind, apiVersion: env.apiVersion, ...decodeMessage(msg, env.raw) };
  } catch (e) {
    if (e instanceof WireError) throw errors.badRequest(`invalid protobuf request body: ${e.message}`);
    throw e;
  }
}
