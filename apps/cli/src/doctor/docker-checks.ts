/**
 * The Docker engine as the node agent will use it: reachable (and how to fix it when not),
 * its version, and the cgroup version and driver from GET /info.
 */
import { fail, ok, warn, type Check } from './check.ts';

function unreachableFix(message: string): string {
  if (/EACCES|permission denied/i.test(message)) return 'your user may not use the Docker socket: add it to the docker group (sudo usermod -aG docker $USER, then log in again), or run as root.';
  return 'start Docker (sudo systemctl start docker), or install it (https://docs.docker.com/engine/install/); set DOCKER_HOST if it listens elsewhere.';
}

export function dockerChecks(info: Record<string, unknown> | Error, endpoint: string): Check[] {
  if (info instanceof Error) return [fail('Docker engine', `not reachable at ${endpoint}: ${info.message}`, unreachableFix(info.message))];
  const version = String(info['ServerVersion'] ?? 'unknown');
  const os = info['OperatingSystem'] ? ` (${String(info['OperatingSystem'])})` : '';
  const checks: Check[] = [ok('Docker engine', `reachable at ${endpoint}, version ${version}${os}`)];
  const cgVersion = String(info['CgroupVersion'] ?? '');
  const cgDriver = String(info['CgroupDriver'] ?? 'unknown');
  if (cgVersion === '2') checks.push(ok('cgroups', `v2, driver ${cgDriver}`));
  else if (cgVersion === '1') checks.push(warn('cgroups', `v1, driver ${cgDriver}`, 'cgroup v1 is deprecated by Docker and systemd; boot with cgroup v2 (systemd.unified_cgroup_hierarchy=1) when you can.'));
  else checks.push(warn('cgroups', `the engine did not report its cgroup version (driver ${cgDriver})`, 'update Docker (20.10 or later reports it).'));
  return checks;
}
