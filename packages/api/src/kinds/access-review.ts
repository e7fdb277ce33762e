/**
 * authorization.k8s.io/v1 SelfSubjectAccessReview (`kubectl auth can-i`) and
 * authentication.k8s.io/v1 SelfSubjectReview (`kubectl auth whoami`): questions the api-server
 * answers on create, never stored.
 */
import { Type, type Static } from '@sinclair/typebox';
import { kindObject } from './kind-object.ts';
import { named, setList, str } from './helpers.ts';

const opt = Type.Optional;
const bool = (description: string) => Type.Boolean({ description });

export const ResourceAttributesSchema = named('io.k8s.api.authorization.v1.ResourceAttributes', 'ResourceAttributes includes the authorization attributes available for resource requests.', {
  namespace: opt(str('Namespace is the namespace of the action being requested.')),
  verb: opt(str('Verb is a kubernetes resource API verb, like: get, list, watch, create, update, delete, proxy. "*" means all.')),
  group: opt(str('Group is the API Group of the Resource. "*" means all.')),
  version: opt(str('Version is the API Version of the Resource. "*" means all.')),
  resource: opt(str('Resource is one of the existing resource types. "*" means all.')),
  subresource: opt(str('Subresource is one of the existing resource types. "" means none.')),
  name: opt(str('Name is the name of the resource being requested for a "get" or deleted for a "delete". "" (empty) means all.')),
});

export const SelfSubjectAccessReviewSchema = kindObject({ group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectAccessReview' }, 'SelfSubjectAccessReview checks whether or the current user can perform an action.', {
  spec: named('io.k8s.api.authorization.v1.SelfSubjectAccessReviewSpec', 'SelfSubjectAccessReviewSpec is a description of the access request. Exactly one of ResourceAuthorizationAttributes and NonResourceAuthorizationAttributes must be set.', {
    resourceAttributes: opt(ResourceAttributesSchema),
    nonResourceAttributes: opt(named('io.k8s.api.authorization.v1.NonResourceAttributes', 'NonResourceAttributes includes the authorization attributes available for non-resource requests.', {
      path: opt(str('Path is the URL path of the request.')),
      verb: opt(str('Verb is the standard HTTP verb.')),
    })),
  }),
  status: opt(named('io.k8s.api.authorization.v1.SubjectAccessReviewStatus', 'SubjectAccessReviewStatus', {
    allowed: bool('Allowed is required. True if the action would be allowed, false otherwise.'),
    denied: opt(bool('Denied is optional. True if the action would be denied, otherwise false.')),
    reason: opt(str('Reason is optional. It indicates why a request was allowed or denied.')),
    evaluationError: opt(str('EvaluationError is an indication that some error occurred during the authorization check.')),
  })),
});
export type SelfSubjectAccessReview = Static<typeof SelfSubjectAccessReviewSchema>;

export const SelfSubjectReviewSchema = kindObject({ group: 'authentication.k8s.io', version: 'v1', kind: 'SelfSubjectReview' }, 'SelfSubjectReview contains the user information that the kube-apiserver has about the user making this request.', {
  status: opt(named('io.k8s.api.authentication.v1.SelfSubjectReviewStatus', 'SelfSubjectReviewStatus is filled by the kube-apiserver and sent back to a user.', {
    userInfo: opt(named('io.k8s.api.authentication.v1.UserInfo', 'UserInfo holds the information about the user needed to implement the user.Info interface.', {
      username: opt(str('The name that uniquely identifies this user among all active users.')),
      uid: opt(str('A unique value that identifies this user across time.')),
      groups: opt(setList('The names of groups this user is a part of.')),
    })),
  })),
});
export type SelfSubjectReview = Static<typeof SelfSubjectReviewSchema>;
