import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

import { MARK, type Reply } from "./common.js";

/**
 * One framework's worker process, driven over stdin/stdout: `request(task)` writes the task's
 * name and resolves with the worker's next `MARK` line. A worker that dies, or takes longer than
 * the timeout, answers every request with an error reply.
 */
export class WorkerProcess {
  private readonly proc: ChildProcess;
  private readonly replies: Reply[] = [];
  private waiter: ((r: Reply) => void) | undefined;
  private stderrTail = "";
  /** Why the worker is gone, once it is. */
  dead: string | undefined;

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    opts: { cwd: string; env?: NodeJS.ProcessEnv; verbose: boolean },
  ) {
    this.proc = spawn(command, args, {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.proc.on("error", (e) => this.fail(`could not start ${command}: ${e.message}`));
    createInterface({ input: this.proc.stdout! }).on("line", (line) => {
      if (line.startsWith(MARK)) this.deliver(JSON.parse(line.slice(MARK.length)) as Reply);
      else if (opts.verbose) process.stderr.write(`[${name}] ${line}\n`);
    });
    this.proc.stderr!.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      if (opts.verbose) process.stderr.write(text.replace(/^(?=.)/gm, `[${name}] `));
      this.stderrTail = (this.stderrTail + text).slice(-2000);
    });
    this.proc.on("exit", (code, signal) => {
      const why = signal ? `killed by ${signal}` : `exited with code ${code}`;
      this.fail(`${why}${this.stderrTail ? `: ${this.stderrTail.trim()}` : ""}`);
    });
  }

  private deliver(r: Reply): void {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w(r);
    } else this.replies.push(r);
  }

  private fail(why: string): void {
    if (this.dead) return;
    this.dead = why;
    this.deliver({ task: "?", error: why });
  }

  /** The next reply, or an error reply after `timeoutS` seconds (the worker is then killed). */
  next(timeoutS: number): Promise<Reply> {
    const queued = this.replies.shift();
    if (queued) return Promise.resolve(queued);
    if (this.dead) return Promise.resolve({ task: "?", error: this.dead });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        this.kill();
        this.dead ??= `no answer within ${timeoutS} s`;
        resolve({ task: "?", error: this.dead });
      }, timeoutS * 1000);
      this.waiter = (r) => {
        clearTimeout(timer);
        resolve(r);
      };
    });
  }

  request(task: string, timeoutS: number): Promise<Reply> {
    if (this.dead) return Promise.resolve({ task, error: this.dead });
    this.proc.stdin!.write(`${task}\n`);
    return this.next(timeoutS);
  }

  /** Asks the worker to finish; resolves with its last reply (peak RSS). */
  async close(timeoutS: number): Promise<Reply> {
    const r = await this.request("exit", timeoutS);
    this.proc.stdin!.end();
    return r;
  }

  kill(): void {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill("SIGKILL");
  }
}
