/**
 * @skiff/api-server: the Kubernetes REST API over SQLite. The only writer of storage.
 * `startApiServer()` is what main.ts, `skiff up` and the test harness call.
 */
export { startApiServer, type ApiServer, type ApiServerOptions } from './server.ts';
export { buildApp } from './app.ts';
export { renderKubeconfig } from './auth/kubeconfig.ts';
