import { readFileSync } from 'node:fs';

let perThread: boolean | undefined;

/**
 * CPU time of the calling thread, ms: on Linux from `/proc/thread-self/schedstat`
 * (ns on CPU, per thread — what a replica's step really cost, whatever else shares
 * the cores); elsewhere the whole process's `process.cpuUsage()`. The kernel updates
 * the counter at context switches and timer ticks, so differences are only meaningful
 * over intervals much longer than a tick (a training step, not one exchange).
 */
export function threadCpuMs(): number {
  if (perThread !== false) {
    try {
      const ns = Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
      if (Number.isFinite(ns)) {
        perThread = true;
        return ns / 1e6;
      }
    } catch {
      /* not Linux */
    }
    perThread = false;
  }
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Whether {@link threadCpuMs} measures this thread alone (Linux) or the whole process. */
export function cpuTimeIsPerThread(): boolean {
  threadCpuMs();
  return perThread === true;
}
