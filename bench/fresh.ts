/**
 * The bench's fresh-process rows, what a user runs: the seed's two programs end to end (E2E),
 * the first 1000 epochs of W1/W2 in a new process (cold), and the CLI's start-up. Every
 * repetition is a new process; the programs take turns (rotating who goes first) so that other
 * load on the machine falls on all of them alike. Node only.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import type { Sample } from "./common.js";
import type { Framework } from "./report.js";

export type Record_ = (key: string, fw: Framework, sample: Sample) => void;

/** The seed's programs: the descent example file, the CLI's name, PyTorch's script, the last line. */
export const SEED_PROGRAMS = [
  {
    id: "seed-mlp",
    example: "seed_mlp",
    python: "seed_mlp.py",
    // The mlp prints its accuracy after the training loop.
    last: /^Accuracy: /m,
  },
  {
    id: "seed-softmax",
    example: "seed_softmax",
    python: "seed_softmax.py",
    // The softmax program's last report: the 1000th epoch's loss and accuracy.
    last: /^Epoch \[1000\/1000\].*Accuracy/m,
  },
] as const;

export interface Timed {
  /** Seconds from the spawn to the line matching `last` on stdout. */
  seconds: number;
  /** Everything the program printed, for the check. */
  stdout: string;
}

/**
 * Runs `command args` and times it from the spawn to the first stdout line matching `last`
 * (or to its exit, without `last`); resolves once the process has exited with status 0.
 */
export function timeProcess(
  command: string,
  args: string[],
  opts: { cwd: string; last?: RegExp; timeoutS: number; env?: NodeJS.ProcessEnv },
): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let seen: number | undefined;
    let stdout = "";
    let stderr = "";
    const p = spawn(command, args, {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const timer = setTimeout(() => {
      p.kill("SIGKILL");
      reject(new Error(`${command} ${args.join(" ")}: no exit within ${opts.timeoutS} s`));
    }, opts.timeoutS * 1000);
    p.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (seen === undefined && opts.last?.test(stdout)) seen = performance.now();
    });
    p.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    p.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    p.on("close", (code, signal) => {
      clearTimeout(timer);
      const end = performance.now();
      if (code !== 0)
        return reject(
          new Error(
            `${command} ${args.join(" ")}: ${signal ? `killed by ${signal}` : `exit code ${code}`}: ${stderr.trim().split("\n").slice(-3).join(" / ")}`,
          ),
        );
      if (opts.last && seen === undefined)
        return reject(new Error(`${command} ${args.join(" ")}: printed no line ${opts.last}`));
      resolve({ seconds: ((seen ?? end) - t0) / 1000, stdout });
    });
  });
}

/** The newest modification time under `dir` (files only), in ms. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * Whether the built package and CLI exist and are newer than their sources: the E2E rows run
 * them, as a user does after `npm run build`. Returns a reason when not.
 */
export function builtProblem(root: string): string | undefined {
  for (const pkg of ["descent", "cli"]) {
    const dist = join(root, "packages", pkg, "dist");
    if (!existsSync(join(dist, pkg === "cli" ? "main.js" : "index.js")))
      return `packages/${pkg}/dist is missing: run \`npm run build\` first`;
    if (newest(join(root, "packages", pkg, "src")) > newest(dist))
      return `packages/${pkg}/src is newer than its dist/: run \`npm run build\` first`;
  }
  return undefined;
}

/**
 * The example files as a user runs them with node on the built package: the TypeScript of
 * examples/ stripped of its types by esbuild (imports kept, so `descent` resolves to
 * packages/descent/dist through a node_modules link), written to `dir`.
 */
export async function prepareExamples(root: string, dir: string): Promise<string> {
  const { transformSync } = await import("esbuild");
  const { readFileSync } = await import("node:fs");
  const out = join(dir, "examples");
  mkdirSync(join(out, "node_modules"), { recursive: true });
  symlinkSync(join(root, "packages", "descent"), join(out, "node_modules", "descent"), "dir");
  writeFileSync(join(out, "package.json"), '{ "type": "module" }\n');
  for (const name of ["seed_data", ...SEED_PROGRAMS.map((p) => p.example)]) {
    const src = readFileSync(join(root, "examples", `${name}.ts`), "utf8");
    const { code } = transformSync(src, { loader: "ts", format: "esm", target: "node20" });
    writeFileSync(join(out, `${name}.js`), code);
  }
  return out;
}

/** Rotates `xs` by `round`, so that no program always follows the same one. */
export const rotate = <T>(xs: readonly T[], round: number): T[] =>
  xs.map((_, i) => xs[(i + round) % xs.length]);

export interface E2EOptions {
  root: string;
  tmp: string;
  python?: string;
  rounds: number;
  timeoutS: number;
  progress: (text: string) => void;
}

/**
 * E2E: each seed program as the example file on the built package, through the CLI with
 * `--no-plot`, and PyTorch's script; rows "E2E seed-mlp example" and "E2E seed-mlp CLI", both
 * holding PyTorch's times as the anchor.
 */
export async function runE2E(o: E2EOptions, record: Record_): Promise<string[]> {
  const errors: string[] = [];
  const examples = await prepareExamples(o.root, o.tmp);
  const node = process.execPath;
  const cli = join(o.root, "packages", "cli", "dist", "main.js");
  for (const prog of SEED_PROGRAMS) {
    const runs: { name: string; go: () => Promise<void> }[] = [];
    const add = (name: string, cmd: string, args: string[], keys: string[], fw: Framework) =>
      runs.push({
        name,
        go: async () => {
          const t = await timeProcess(cmd, args, {
            cwd: o.root,
            last: prog.last,
            timeoutS: o.timeoutS,
          });
          const acc = /Accuracy: ([\d.]+)%\s*$/.exec(t.stdout.trim())?.[1];
          for (const key of keys)
            record(key, fw, {
              unit: "s",
              value: t.seconds,
              ...(acc ? { note: `accuracy ${acc}%` } : {}),
            });
        },
      });
    const kEx = `E2E ${prog.id} example`;
    const kCli = `E2E ${prog.id} CLI`;
    add("example", node, [join(examples, `${prog.example}.js`)], [kEx], "descent");
    add("CLI", node, [cli, "run", prog.id, "--no-plot"], [kCli], "descent");
    if (o.python)
      add(
        "PyTorch",
        o.python,
        [join(o.root, "bench", "workloads", prog.python)],
        [kEx, kCli],
        "torch",
      );
    for (let round = 0; round < o.rounds; round++) {
      for (const r of rotate(runs, round)) {
        o.progress(`E2E ${prog.id} ${round + 1}/${o.rounds}: ${r.name}`);
        try {
          await r.go();
        } catch (e) {
          const m = `E2E ${prog.id} ${r.name}: ${e instanceof Error ? e.message : String(e)}`;
          if (!errors.includes(m)) errors.push(m);
        }
      }
    }
  }
  return errors;
}

/** The CLI's start-up: `descent --version` and `descent --help`, fresh processes to their exit. */
export async function runStartup(
  o: Pick<E2EOptions, "root" | "rounds" | "timeoutS" | "progress">,
  record: Record_,
): Promise<string[]> {
  const errors: string[] = [];
  const cli = join(o.root, "packages", "cli", "dist", "main.js");
  for (let round = 0; round < o.rounds; round++) {
    for (const flag of rotate(["--version", "--help"], round)) {
      o.progress(`CLI start-up ${round + 1}/${o.rounds}: ${flag}`);
      try {
        const t = await timeProcess(process.execPath, [cli, flag], {
          cwd: o.root,
          timeoutS: o.timeoutS,
        });
        record(`CLI ${flag}`, "descent", { unit: "s", value: t.seconds });
      } catch (e) {
        errors.push(`CLI ${flag}: ${e instanceof Error ? e.message : String(e)}`);
        break;
      }
    }
  }
  return errors;
}
