/**
 * Kubernetes' protobuf envelope: the 4-byte magic `k8s\0`, then a runtime.Unknown
 * {typeMeta = 1 {apiVersion = 1, kind = 2}, raw = 2, contentEncoding = 3, contentType = 4}
 * (kubernetes/apimachinery pkg/runtime/generated.proto). `raw` is the object's own message.
 */
import { Reader, WireError, WireType } from './wire.ts';

export const MAGIC = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

export interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
  contentType: string;
}

export function readEnvelope(body: Uint8Array): Envelope {
  if (body.length < MAGIC.length || MAGIC.some((b, i) => body[i] !== b)) {
    throw new WireError('the body does not start with the Kubernetes protobuf prefix k8s\\0');
  }
  const env: Envelope = { apiVersion: '', kind: '', raw: new Uint8Array(), contentEncoding: '', contentType: '' };
  const r = new Reader(body, MAGIC.length);
  while (!r.done) {
    const { field, wire } = r.tag();
    if (wire !== WireType.LengthDelimited) {
      r.skip(wire);
      continue;
    }
    if (field === 1) readTypeMeta(r.bytes(), env);
    else if (field === 2) env.raw = r.bytes();
    else if (field === 3) env.contentEncoding = r.string();
    else if (field === 4) env.contentType = r.string();
    else r.skip(wire);
  }
  return env;
}

function readTypeMeta(bytes: Uint8Array, env: Envelope): void {
  const r = new Reader(bytes);
  while (!r.done) {
    const { field, wire } = r.tag();
    if (wire === WireType.LengthDelimited && field === 1) env.apiVersion = r.string();
    else if (wire === WireType.LengthDelimited && field === 2) env.kind = r.string();
    else r.skip(wire);
  }
}
