/**
 * CPU time spent per request, by who spent it: the host processes, the PostgreSQL backends
 * serving them (found by their `application_name`), and the load generator itself. Read from
 * `/proc/<pid>/stat` (Linux), so it needs no extension in PostgreSQL (`pg_stat_statements` is
 * often not preloaded) and counts what a statement's planning, locking and commit cost too.
 */
import { readFileSync } from "node:fs";
import pg from "pg";

/** What bench-host connects as: how its backends are told from other clients' backends. */
export const BENCH_APPLICATION_NAME = "admit_bench_host";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime + stime of `pid` in milliseconds, or undefined once it is gone. */
function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) start at field 3.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

export interface CpuSplit {
  hostMs: number;
  postgresMs: number;
  generatorMs: number;
}

/** Snapshots of the CPU time of the hosts, their PostgreSQL backends and this process. */
export async function cpuAccounting(databaseUrl: string, hostPids: () => number[]) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const snapshot = async () => {
    const { rows } = await client.query<{ pid: number }>(
      "select pid from pg_stat_activity where application_name = $1",
      [BENCH_APPLICATION_NAME],
    );
    const backends = new Map(rows.map(({ pid }) => [pid, processCpuMs(pid) ?? 0]));
    const hosts = new Map(hostPids().map((pid) => [pid, processCpuMs(pid) ?? 0]));
    const usage = process.cpuUsage();
    return { backends, hosts, generatorMs: (usage.user + usage.system) / 1000 };
  };
  type Snapshot = Awaited<ReturnType<typeof snapshot>>;
  // A backend that started between the snapshots counts from 0; one that ended is lost (rare:
  // the hosts' pools keep their connections while busy).
  const spent = (before: Map<number, number>, after: Map<number, number>) =>
    [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);
  return {
    snapshot,
    between(before: Snapshot, after: Snapshot): CpuSplit {
      return {
        hostMs: spent(before.hosts, after.hosts),
        postgresMs: spent(before.backends, after.backends),
        generatorMs: after.generatorMs - before.generatorMs,
      };
    },
    close: () => client.end(),
  };
}
