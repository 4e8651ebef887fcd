import { readFileSync } from 'node:fs';

/**
 * How the servers listen (`npm start`'s demo server, the service's bin), and whether the process can hold the status
 * streams it admits.
 */

/**
 * Connections the kernel queues for the server before it accepts them. Node's default, 511, overflowed when 3,000
 * clients connected at once (bench growth: the dropped SYNs were retried after 1, 3 and 7 s, the first answers took up
 * to 8 s); Linux caps the figure at net.core.somaxconn, 4096 on current kernels.
 */
export const LISTEN_BACKLOG = 4096;

/** Descriptors a process needs beside its status streams: rate requests, the upstream and Redis, files, logs. */
export const DESCRIPTOR_HEADROOM = 1024;

/** The soft limit on open files of this process (`ulimit -n`), from /proc/self/limits; null where that is not readable (not Linux) or unlimited. */
export function openFilesLimit(limits: string | null = readProcLimits()): number | null {
  const soft = /^Max open files\s+(\S+)/m.exec(limits ?? '')?.[1];
  return soft && /^\d+$/.test(soft) ? Number(soft) : null;
}

function readProcLimits(): string | null {
  try {
    return readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return null;
  }
}

/**
 * One line to warn with when the process cannot open as many descriptors as its stream cap lets status streams take
 * (one each) plus the headroom; null when it can, or the limit is unknown. Past the limit every new connection fails,
 * not only streams.
 */
export function fileLimitWarning(maxStreams = 10_000, limit = openFilesLimit()): string | null {
  const needed = maxStreams + DESCRIPTOR_HEADROOM;
  if (limit === null || limit >= needed) return null;
  return (
    `the open-files limit (ulimit -n) is ${limit}: ${maxStreams.toLocaleString('en')} status streams and the rest of the ` +
    `server need about ${needed.toLocaleString('en')}; raise it (ulimit -n ${needed}, systemd LimitNOFILE=${needed}, ` +
    `docker --ulimit nofile=${needed}) or connections will fail once ${Math.max(0, limit - DESCRIPTOR_HEADROOM).toLocaleString('en')} streams are open`
  );
}
