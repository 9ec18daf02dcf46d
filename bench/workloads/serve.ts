import { createInterface } from "node:readline";

import { type Info, MARK, type Reply, peakRss } from "../common.js";

/** What a task returns: its numbers, or a memory report. */
export type TaskOutput = Pick<Reply, "results" | "memory">;
export type Tasks = Record<string, () => TaskOutput | Promise<TaskOutput>>;

function send(reply: Reply): void {
  process.stdout.write(`${MARK}${JSON.stringify(reply)}\n`);
}

/**
 * A Node worker's main loop: announces itself, then runs the task named on each line of stdin
 * and answers with one `MARK` line, until "exit" (or the end of stdin).
 */
export async function serve(
  hello: { framework: string; version: string; info: Info },
  tasks: Tasks,
  finalInfo: () => Info = () => ({}),
): Promise<void> {
  send({ task: "hello", ...hello });
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    const task = line.trim();
    if (!task) continue;
    if (task === "exit") break;
    const run = tasks[task];
    try {
      if (!run) throw new Error(`unknown task '${task}'`);
      send({ task, ...(await run()) });
    } catch (e) {
      send({ task, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  }
  send({ task: "exit", peakRss: peakRss(), info: finalInfo() });
  lines.close();
}
