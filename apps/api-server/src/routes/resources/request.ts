/** One API request, resolved: the handlers below take this and return a JsonReply. */
import type { ResourceType } from '@skiff/api';
import type { AcceptInfo } from '../../http/accept.ts';
import type { Query } from '../../http/query.ts';

export interface ResourceRequest {
  type: ResourceType;
  namespace: string | undefined;
  name: string | undefined;
  subresource: string | undefined;
  query: Query;
  accept: AcceptInfo;
  contentType: string;
  body: unknown; // raw string from the parser
  userAgent?: string;
  /** The caller's Authorization header, passed on to node agents (metrics.k8s.io asks them). */
  authorization?: string;
  /** Who asked (set by the auth hook); reviews answer with it. */
  user?: { name: string; groups: string[] };
  /** Warning headers to add (fieldValidation=Warn, deprecations). */
  warnings: string[];
}
