/**
 * @skiff/scheduler: binds pods to nodes (kube-scheduler's framework in TypeScript), with
 * DRA device allocation and all-or-nothing gangs. Entry points: `main(argv)` (the daemon),
 * `SchedulerServer` (leader election + informers), `Scheduler` (the core, event-fed), and
 * `Harness` for tests.
 */
export { Scheduler, type SchedulerOptions } from './scheduler.ts';
export { SchedulerServer, type SchedulerServerOptions } from './server.ts';
export { defaultConfig, loadConfig, type SchedulerConfig } from './config.ts';
export { Harness } from './testing/harness.ts';
