import { readFileSync } from 'node:fs';

/**
 * The kernel's TCP listen-queue counters (/proc/net/netstat, TcpExt), for this network namespace. ListenOverflows
 * counts connections refused because a listener's accept queue (its backlog) was full; the client's SYN is then
 * dropped and retried after 1 s, 3 s, 7 s…: that is where first-request latencies of whole seconds come from.
 */
export interface ListenCounters {
  ListenOverflows: number;
  ListenDrops: number;
  TCPReqQFullDoCookies: number;
  TCPReqQFullDrop: number;
}

const FIELDS: Array<keyof ListenCounters> = ['ListenOverflows', 'ListenDrops', 'TCPReqQFullDoCookies', 'TCPReqQFullDrop'];

export function listenCounters(): ListenCounters | null {
  let text: string;
  try {
    text = readFileSync('/proc/net/netstat', 'utf8');
  } catch {
    return null;
  }
  const lines = text.split('\n').filter((line) => line.startsWith('TcpExt:'));
  if (lines.length < 2) return null;
  const names = lines[0]!.split(/\s+/).slice(1);
  const values = lines[1]!.split(/\s+/).slice(1).map(Number);
  const counters = Object.fromEntries(FIELDS.map((field) => [field, values[names.indexOf(field)] ?? 0]));
  return counters as unknown as ListenCounters;
}

export function countersSince(before: ListenCounters | null): ListenCounters | null {
  const after = listenCounters();
  if (!before || !after) return null;
  return Object.fromEntries(FIELDS.map((field) => [field, after[field] - before[field]])) as unknown as ListenCounters;
}

/** net.core.somaxconn: Linux caps every listen() backlog at it. */
export function somaxconn(): number | null {
  try {
    return Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8').trim());
  } catch {
    return null;
  }
}
