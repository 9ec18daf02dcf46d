import { createInterface } from "node:readline";

import { type Info, MARK, type Plan, type Reply, peakRss } from "../common.js";

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

/**
 * Tasks W1-W4 over a framework's two training loops: each workload's first request also runs
 * its warm-up (untimed), then the timed run; W1/W2 report seconds per 1000 epochs, W3/W4 samples
 * per second.
 */
export function trainingTasks(
  plan: Plan,
  fullBatch: (w: "W1" | "W2", epochs: number) => { seconds: number; loss: number },
  miniBatch: (
    w: "W3" | "W4",
    batches: number,
  ) => { seconds: number; samples: number; loss: number },
): Tasks {
  const warmedUp = new Set<string>();
  const once = (task: string, warmup: () => void): void => {
    if (!warmedUp.has(task)) warmup();
    warmedUp.add(task);
  };
  const full = (w: "W1" | "W2"): TaskOutput => {
    once(w, () => fullBatch(w, plan.warmupEpochs));
    const out = fullBatch(w, plan.epochs);
    return {
      results: { [w]: { unit: "s", value: (out.seconds * 1000) / plan.epochs, loss: out.loss } },
    };
  };
  const mini = (w: "W3" | "W4"): TaskOutput => {
    once(w, () => miniBatch(w, plan.warmupBatches));
    const out = miniBatch(w, plan.batches[w]);
    return {
      results: { [w]: { unit: "samples/s", value: out.samples / out.seconds, loss: out.loss } },
    };
  };
  return { W1: () => full("W1"), W2: () => full("W2"), W3: () => mini("W3"), W4: () => mini("W4") };
}
