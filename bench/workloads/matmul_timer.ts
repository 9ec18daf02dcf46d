import { now } from "../common.js";

/**
 * GFLOP/s of `run`, one matmul of `flops` floating-point operations: calls it for at least
 * `minSeconds` (at least once) and divides. With `warmup`, one untimed call comes first.
 */
export function timeMatmul(
  run: () => void,
  flops: number,
  minSeconds: number,
  warmup: boolean,
): number {
  if (warmup) run();
  let calls = 0;
  const t0 = now();
  let t = t0;
  do {
    run();
    calls++;
    t = now();
  } while (t - t0 < minSeconds);
  return (flops * calls) / (t - t0) / 1e9;
}
