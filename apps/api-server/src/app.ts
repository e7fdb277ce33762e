/**
 * The api-server as a Fastify plugin tree; never listens (server.ts does). Routes:
 * health/version (anonymous), discovery, OpenAPI, metrics, and one catch-all per API root that
 * resolves the path against the registry (http/resolve.ts) and dispatches by verb.
 */
import { errors } from '@skiff/api';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from '@skiff/logging';
import type { Authenticator } from './auth/tokens.ts';
import type { ServerContext } from './context.ts';
import { DISCOVERY_CONTENT_TYPE, parseAccept } from './http/accept.ts';
import type { Query } from './http/query.ts';
import { chunked, type JsonReply } from './http/reply.ts';
import { Readable } from 'node:stream';
import { resolvePath } from './http/resolve.ts';
import { registerAuth } from './plugins/auth.ts';
import { BODY_LIMIT, registerErrorHandling } from './plugins/errors.ts';
import { aggregatedDiscovery, legacyApiVersions, legacyGroup, legacyGroupList, legacyResourceList } from './routes/discovery/build.ts';
import { openApiDocument, openApiIndex } from './routes/openapi.ts';
import { dispatch, verbOf } from './routes/resources/dispatch.ts';
import type { ResourceRequest } from './routes/resources/request.ts';
import { startWatch } from './routes/resources/watch.ts';
import { httpWatchSink } from './http/watch-stream.ts';
import { versionInfo } from './routes/version.ts';
import { registerWebSocketWatch } from './plugins/websocket.ts';
import { podExecUpgrade } from './routes/subresources/pod-exec.ts';
import { podPortForwardUpgrade } from './routes/subresources/pod-portforward.ts';
import { streamPodLog } from './routes/subresources/pod-log.ts';
import { BATCH_BINDINGS_PATH, bindBatch } from './routes/batch/bindings.ts';
import { BATCH_EVENTS_PATH, createEventsBatch } from './routes/batch/events.ts';
import { BATCH_CREATES_PATH, createBatch } from './routes/batch/creates.ts';
import { PROTOBUF_CONTENT_TYPE, protobufAsJson } from './protobuf/request.ts';

export interface AppOptions {
  ctx: ServerContext;
  auth: Authenticator;
  logger: Logger;
  https?: { key: string; cert: string };
}

function send(reply: FastifyReply, r: JsonReply, warnings: string[] = []): FastifyReply {
  if (warnings.length) void reply.header('warning', warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', '));
  if (r.headers) for (const [k, v] of Object.entries(r.headers)) void reply.header(k, v);
  if (r.pieces) return reply.type('application/json').code(r.code).send(Readable.from(chunked(r.pieces()), { objectMode: false }));
  if (!r.headers?.['content-type']) return reply.type('application/json').code(r.code).send(r.json);
  // A Buffer keeps Fastify from rewriting parameterised media types (as=Table;v=v1;g=meta.k8s.io).
  return reply.code(r.code).send(Buffer.from(r.json));
}

export function resourceRequest(req: FastifyRequest, target: Extract<ReturnType<typeof resolvePath>, { kind: 'resource' }>): ResourceRequest {
  return {
    type: target.type,
    namespace: target.namespace,
    name: target.name,
    subresource: target.subresource,
    query: req.query as Query,
    accept: parseAccept(req.headers.accept),
    contentType: req.headers['content-type'] ?? '',
    body: req.body,
    warnings: [],
    ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}),
    ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    ...(req.user ? { user: req.user } : {}),
  };
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { ctx } = opts;
  const app = Fastify({ ...(opts.https ? { https: opts.https } : {}), loggerInstance: opts.logger, bodyLimit: BODY_LIMIT, logController: new LogController({ disableRequestLogging: true }), return503OnClosing: true, forceCloseConnections: true }) as unknown as FastifyInstance;
  app.removeAllContentTypeParsers();
  // Bodies stay strings: http/body.ts decodes them into Kubernetes-shaped errors.
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));
  // kubectl's typed clients send protobuf and never fall back to JSON: keep those bytes intact.
  app.addContentTypeParser(PROTOBUF_CONTENT_TYPE, { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));
  registerErrorHandling(app);
  registerAuth(app, opts.auth);
  registerWebSocketWatch(app, ctx, opts.auth, [podExecUpgrade(ctx), podPortForwardUpgrade(ctx)]);

  const ok = async (_req: FastifyRequest, reply: FastifyReply) => reply.type('text/plain').send('ok');
  for (const p of ['/healthz', '/livez', '/readyz']) app.get(p, ok);
  app.get('/version', async () => versionInfo());
  app.get('/metrics', async (_req, reply) => reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics()));
  app.get('/openapi/v3', async () => openApiIndex());
  app.get('/openapi/v3/*', async (req, reply) => reply.type('application/json').send(openApiDocument(req.url.split('?')[0]!)));
  // Skiff's batch endpoints (routes/batch/): bursts of bindings, events and creates.
  for (const [path, resource, run] of [[BATCH_BINDINGS_PATH, 'bindings.skiff.dev', bindBatch], [BATCH_EVENTS_PATH, 'events.skiff.dev', createEventsBatch], [BATCH_CREATES_PATH, 'creates.skiff.dev', createBatch]] as const) {
    app.post(path, async (req, reply) => {
      const res = await run(ctx, req.body, req.user);
      ctx.metrics.requests.inc({ verb: 'create', resource, code: String(res.code) });
      return send(reply, res);
    });
  }

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?')[0]!;
    const target = resolvePath(path);
    const accept = parseAccept(req.headers.accept);
    const host = req.headers.host ?? 'localhost';
    switch (target.kind) {
      case 'root-discovery':
        if (req.method !== 'GET') throw errors.methodNotAllowed('the server does not allow this method on the requested resource');
        if (accept.aggregatedDiscovery) return reply.type(DISCOVERY_CONTENT_TYPE).send(Buffer.from(JSON.stringify(aggregatedDiscovery(target.core))));
        return target.core ? legacyApiVersions(host) : legacyGroupList();
      case 'group-discovery': {
        const g = legacyGroup(target.group);
        if (!g) throw errors.notFound('', '', '');
        return g;
      }
      case 'version-discovery': {
        const l = legacyResourceList(target.group, target.version);
        if (!l) throw errors.notFound('', '', '');
        return l;
      }
      case 'unknown-resource':
        throw Object.assign(errors.notFound(target.resource, target.group, ''), {
          message: 'the server could not find the requested resource',
        });
      case 'not-found':
        throw errors.notFound('', '', '');
      case 'resource': {
        const rr = resourceRequest(req, target);
        protobufAsJson(rr); // protobuf bodies are decoded to JSON here (protobuf/), or answered 415 by kind
        const verb = verbOf(req.method, rr);
        // Logs stream from the node agent (not a JSON reply): routes/subresources/pod-log.ts.
        if (rr.subresource === 'log' && rr.type.plural === 'pods' && rr.type.group === '' && rr.name !== undefined) return streamPodLog(ctx, { ...rr, name: rr.name }, req.method, req.headers.authorization, reply);
        if (verb === 'watch') {
          if (!rr.type.verbs.includes('watch')) throw errors.methodNotAllowed('the server does not allow this method on the requested resource');
          // Errors found before the first frame (bad selector, bad resourceVersion) are plain HTTP errors.
          const sink = httpWatchSink(reply.raw, rr.accept.table);
          const w = startWatch(ctx, rr, sink);
          reply.hijack();
          sink.start();
          req.raw.on('close', () => w.stop());
          return reply;
        }
        const started = performance.now();
        const res = await dispatch(ctx, req.method, rr);
        const resource = rr.type.plural + (rr.subresource ? '/' + rr.subresource : '');
        ctx.metrics.requests.inc({ verb, resource, code: String(res.code) });
        ctx.metrics.latency.observe({ verb, resource }, (performance.now() - started) / 1000);
        return send(reply, res, rr.warnings);
      }
    }
  };
  for (const root of ['/api', '/apis']) {
    app.all(root, handler);
    app.all(`${root}/*`, handler);
  }
  return app;
}
