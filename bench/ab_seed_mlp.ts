/**
 * A/B timing of the seed's training loop (examples/seed_mlp.ts: 4-10-1 sigmoid MLP, BCELoss,
 * SGD lr 0.1, full batch of 1000, 1000 epochs) in two checkouts of descent, alternating fresh
 * processes so that both see the same machine load. Light enough for a shared machine, unlike
 * `npm run bench`.
 *
 *   node --import tsx bench/ab_seed_mlp.ts --a DIR_A --b DIR_B [--rounds 6] [--backend js|wasm]
 *     [--program mlp|softmax]
 *
 * `--program softmax` times the seed's second program instead (examples/seed_softmax.ts:
 * Linear(4, 3), softmax, CrossEntropyLoss on class indices, SGD lr 0.1, full batch, 1000 epochs).
 *
 * Each process imports `DIR/packages/descent/src/index.ts` (or `DIR/src/index.ts`), runs the 1000 epochs twice and reports both in ms:
 * `cold` (the first run, as `npx tsx examples/seed_mlp.ts` does) and `warm` (the second), each
 * also as the process's CPU time (`coldCpu`, `warmCpu`: user + system of all its threads, V8's
 * compiler and collector included), which a loaded machine disturbs less than the wall clock.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { loadCheckout, opt, programOption, seedProgram } from "./ab_seed.js";

interface Times {
  cold: number;
  warm: number;
  coldCpu: number;
  warmCpu: number;
  loss: number;
}

async function worker(
  dir: string,
  backend: string | undefined,
  program: "mlp" | "softmax",
): Promise<void> {
  const lib = await loadCheckout(dir);
  if (backend) lib.setBackend(backend);
  const fresh = seedProgram(lib, program);
  const cpuMs = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const run = (): [number, number, number] => {
    const step = fresh();
    const t0 = performance.now();
    const c0 = cpuMs();
    let loss = 0;
    for (let epoch = 0; epoch < 1000; epoch++) {
      const l = step();
      if ((epoch + 1) % 100 === 0) loss = l.item();
    }
    return [performance.now() - t0, cpuMs() - c0, loss];
  };
  const [cold, coldCpu] = run();
  const [warm, warmCpu, loss] = run();
  console.log(JSON.stringify({ cold, warm, coldCpu, warmCpu, loss } satisfies Times));
}

const median = (xs: number[]): number => {
  const s = xs.slice().sort((p, q) => p - q);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function driver(
  a: string,
  b: string,
  rounds: number,
  backend: string | undefined,
  program: string,
): void {
  const self = fileURLToPath(import.meta.url);
  const times: Record<"a" | "b", Times[]> = { a: [], b: [] };
  for (let r = 0; r < rounds; r++) {
    // alternate which goes first, so neither always runs on a cooler machine
    const order: ("a" | "b")[] = r % 2 === 0 ? ["a", "b"] : ["b", "a"];
    for (const k of order) {
      const extra = [...(backend ? ["--backend", backend] : []), "--program", program];
      const dir = k === "a" ? a : b;
      const p = spawnSync(process.execPath, ["--import", "tsx", self, "--worker", dir, ...extra], {
        encoding: "utf8",
      });
      if (p.status !== 0) throw new Error(`worker for ${dir} failed:\n${p.stderr}`);
      times[k].push(JSON.parse(p.stdout.trim().split("\n").pop()!) as Times);
    }
  }
  for (const field of ["cold", "warm", "coldCpu", "warmCpu"] as const) {
    const ma = median(times.a.map((t) => t[field]));
    const mb = median(times.b.map((t) => t[field]));
    const list = (k: "a" | "b") => times[k].map((t) => t[field].toFixed(0)).join(" ");
    console.log(
      `${field}: a ${ma.toFixed(1)} ms [${list("a")}], b ${mb.toFixed(1)} ms [${list("b")}], b/a ${(mb / ma).toFixed(3)}`,
    );
  }
  console.log(`final loss: a ${times.a[0].loss}, b ${times.b[0].loss}`);
}

const w = opt("--worker");
const program = programOption();
if (w) await worker(w, opt("--backend"), program);
else driver(opt("--a")!, opt("--b")!, Number(opt("--rounds", "6")), opt("--backend"), program);
