/**
 * Where a bench leg's CPU goes on Linux: this process, a child (the sinks), and the PostgreSQL
 * backends serving one database (found in pg_stat_activity), read from /proc before and after.
 * PostgreSQL's shared processes (WAL writer, checkpointer) are not counted. Elsewhere (no /proc)
 * the figures are 0 and the bench prints only this process's own CPU.
 */
import * as fs from 'node:fs';
import type { DataSource } from 'typeorm';

const TICK_US = 1e6 / 100; // USER_HZ is 100 on Linux

/** utime + stime of a process in µs, or null when it is gone or there is no /proc. */
function procCpuUs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_US;
  } catch {
    return null;
  }
}

export interface CpuSplit {
  /** µs of CPU: this process, the child, the database's backends */
  self: number;
  child: number;
  db: number;
}

async function backends(ds: DataSource | null): Promise<number[]> {
  if (!ds || ds.options.type !== 'postgres') return [];
  const r: Array<{ pid: number }> = await ds.query(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  return r.map((x) => Number(x.pid));
}

/** Starts measuring; the returned function ends it and answers the CPU each side used. */
export async function cpuSplit(
  childPid: number | undefined,
  ds: DataSource | null,
): Promise<() => Promise<CpuSplit>> {
  const self0 = process.cpuUsage();
  const child0 = childPid ? (procCpuUs(childPid) ?? 0) : 0;
  const db0 = new Map((await backends(ds)).map((pid) => [pid, procCpuUs(pid) ?? 0]));
  return async () => {
    const self = process.cpuUsage(self0);
    const child = childPid ? (procCpuUs(childPid) ?? child0) - child0 : 0;
    let db = 0;
    // a connection opened during the leg started at 0
    for (const pid of new Set([...db0.keys(), ...(await backends(ds))]))
      db += Math.max(0, (procCpuUs(pid) ?? db0.get(pid) ?? 0) - (db0.get(pid) ?? 0));
    return { self: self.user + self.system, child, db };
  };
}
