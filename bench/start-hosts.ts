import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const HOST = fileURLToPath(new URL("./bench-host.ts", import.meta.url));

/** Start `count` bench host processes; answers their ports and a way to stop them all. */
export async function startHosts(count: number, env: Record<string, string>) {
  const children: ChildProcess[] = [];
  // A bench that fails half-way must not leave its hosts running.
  process.once("exit", () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  });
  const ports = await Promise.all(
    Array.from({ length: count }, () => {
      // BENCH_CPU_PROF_DIR: each host writes a V8 CPU profile there when it stops.
      const profile = process.env.BENCH_CPU_PROF_DIR
        ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`]
        : [];
      const child = spawn(
        process.execPath,
        [...profile, "--conditions=source", "--import", "tsx", HOST],
        {
          env: { ...process.env, ...env },
          stdio: ["ignore", "pipe", "inherit"],
        },
      );
      children.push(child);
      return new Promise<number>((resolve, reject) => {
        let out = "";
        child.stdout!.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          const found = /listening (\d+)/.exec(out);
          if (found) resolve(Number(found[1]));
        });
        child.once("exit", (code) => reject(new Error(`bench host exited with ${code}`)));
      });
    }),
  );
  return {
    ports,
    /** The host processes' ids (CPU accounting). */
    pids: () => children.flatMap((child) => (child.pid === undefined ? [] : [child.pid])),
    async stop() {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              child.once("exit", () => resolve());
              child.kill("SIGTERM");
            }),
        ),
      );
    },
  };
}
