// A probe the import bench can load into the server process (`node --import tsx --import ./bench/loop-probe.ts`,
// with BENCH_LOOP_PROBE=<file>): every 10 ms it notes how late its timer fired (how long the event
// loop was held) and, from Linux's /proc/self/task/<pid>/schedstat, how long the main thread ran on a
// core and how long it waited in the run queue for one since the last tick. A gap the main thread
// spent running is its own work (JavaScript, GC); a gap it spent waiting is the machine's cores
// being busy elsewhere (the import's thread, other processes). One JSON line per tick to the file
// ([wall ms, gap ms, run ms, wait ms]), appended every 100 ticks.
// @see https://docs.kernel.org/scheduler/sched-stats.html (schedstat: run time, wait time, slices)
import { appendFileSync, readFileSync } from "node:fs";

/** Starts the probe in this process, writing to `file`; returns a function that writes what is pending. */
export function startLoopProbe(file: string): () => void {
  const stat = `/proc/self/task/${process.pid}/schedstat`;
  const read = (): { run: number; wait: number } => {
    try {
      const [run = Number.NaN, wait = Number.NaN] = readFileSync(stat, "utf8")
        .split(" ")
        .map(Number);
      return { run, wait };
    } catch {
      return { run: Number.NaN, wait: Number.NaN };
    }
  };
  const ticks: number[][] = [];
  let last = performance.now();
  let lastStat = read();
  const timer = setInterval(() => {
    const now = performance.now();
    const s = read();
    ticks.push([
      Math.round(performance.timeOrigin + now),
      +(now - last).toFixed(1),
      +((s.run - lastStat.run) / 1e6).toFixed(1),
      +((s.wait - lastStat.wait) / 1e6).toFixed(1),
    ]);
    last = now;
    lastStat = s;
    if (ticks.length >= 100) flush();
  }, 10);
  timer.unref();
  const flush = () => {
    if (ticks.length === 0) return;
    try {
      appendFileSync(file, ticks.map((t) => `${JSON.stringify(t)}\n`).join(""));
    } catch {
      // The bench removed its folder: nothing more to record.
    }
    ticks.length = 0;
  };
  process.on("exit", flush);
  return flush;
}

if (process.env.BENCH_LOOP_PROBE) startLoopProbe(process.env.BENCH_LOOP_PROBE);
