/**
 * The api-server hook: a resource request whose body is protobuf becomes a JSON request before
 * any handler sees it, so create/update/delete/subresource handlers stay JSON-only.
 */
import { errors } from '@skiff/api';
import type { ResourceRequest } from '../routes/resources/request.ts';
import { decodeProtobufBody, isProtobuf } from './body.ts';

export { PROTOBUF_CONTENT_TYPE } from './body.ts';

export function protobufAsJson(rr: ResourceRequest): void {
  if (!isProtobuf(rr.contentType)) return;
  const raw = rr.body;
  rr.contentType = 'application/json';
  if (raw === undefined || raw === null || (raw instanceof Uint8Array && raw.length === 0)) {
    rr.body = '';
    return;
  }
  // app.ts registers a Buffer parser for this media type; anything else was mangled on the way.
  if (!(raw instanceof Uint8Array)) throw errors.badRequest('invalid protobuf request body');
  rr.body = JSON.stringify(decodeProtobufBody(raw));
}
