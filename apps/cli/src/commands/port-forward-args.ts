/**
 * `[LOCAL:]REMOTE` port specs and `--address` values, checked as kubectl checks them
 * (client-go tools/portforward/portforward.go parsePorts/parseAddresses), with its error
 * texts: `8080`, `8080:80`, `:80` / `0:80` (a random local port); `localhost` listens on both
 * 127.0.0.1 and ::1 and is fine if either works, an explicit IP must work.
 */
import { isIP } from 'node:net';
import { CliError } from '../errors.ts';

export interface ForwardedPort {
  local: number;
  remote: number;
}

export interface ListenAddress {
  address: string;
  family: 4 | 6;
  /** `all`: only an error if every address of the group fails (localhost); `any`: any failure is one. */
  failureMode: 'all' | 'any';
}

/** kubectl's splitPort: `a:b` → [a, b]; anything else → [first part, first part]. */
export function splitPort(spec: string): [string, string] {
  const parts = spec.split(':');
  return parts.length === 2 ? [parts[0]!, parts[1]!] : [parts[0]!, parts[0]!];
}

/** Go's strconv.ParseUint(s, 10, 16), error text included. */
function parseUint16(s: string): number | string {
  if (!/^\d+$/.test(s)) return `strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`;
  const n = Number(s);
  return n > 65535 ? `strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range` : n;
}

export function parsePorts(specs: string[]): ForwardedPort[] {
  return specs.map((spec) => {
    const parts = spec.split(':');
    if (parts.length > 2) throw new CliError(`error: invalid port format '${spec}'`);
    const [localText, remoteText] = parts.length === 1 ? [parts[0]!, parts[0]!] : [parts[0] || '0', parts[1]!];
    const local = parseUint16(localText);
    if (typeof local === 'string') throw new CliError(`error: error parsing local port '${localText}': ${local}`);
    const remote = parseUint16(remoteText);
    if (typeof remote === 'string') throw new CliError(`error: error parsing remote port '${remoteText}': ${remote}`);
    if (remote === 0) throw new CliError('error: remote port must be > 0');
    return { local, remote };
  });
}

export function parseAddresses(values: string[]): ListenAddress[] {
  const byAddress = new Map<string, ListenAddress>();
  for (const a of values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean)) {
    if (a === 'localhost') {
      if (!byAddress.has('127.0.0.1')) byAddress.set('127.0.0.1', { address: '127.0.0.1', family: 4, failureMode: 'all' });
      if (!byAddress.has('::1')) byAddress.set('::1', { address: '::1', family: 6, failureMode: 'all' });
    } else if (isIP(a)) {
      byAddress.set(a, { address: a, family: isIP(a) as 4 | 6, failureMode: 'any' });
    } else {
      throw new CliError(`error: ${a} is not a valid IP`);
    }
  }
  if (!byAddress.size) throw new CliError('error: you must specify at least 1 address');
  return [...byAddress.values()].sort((x, y) => (x.address < y.address ? -1 : x.address > y.address ? 1 : 0));
}

/** `127.0.0.1:8080`, `[::1]:8080`, as Go's net.JoinHostPort. */
export const joinHostPort = (host: string, port: number): string => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);
