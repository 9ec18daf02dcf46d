import type { GroupOptions, OptionsInput, Params } from "./optimizer.js";
import { Optimizer, checkOption } from "./optimizer.js";

/**
 * What each built-in optimizer declares instead of writing a constructor and a `checkGroup`:
 * its name, PyTorch's defaults, and the range of each option. `DeclaredOptimizer` turns these
 * into the constructor (`new X(params)`, `new X(params, lr)`, `new X(params, lr, opts)`,
 * `new X(params, opts)`, parameter groups) and the option checks, so a subclass writes only its
 * `spec` and its `update`.
 */

/** One option's range: its key, whether a value is in range, and the range in words. */
export type OptionRule<O> = readonly [
  key: keyof O & string,
  ok: (v: number) => boolean,
  expected: string,
];

/** An optimizer's name, PyTorch's defaults, and its options' ranges (checked in this order). */
export interface OptimizerSpec<O extends GroupOptions> {
  readonly name: string;
  readonly defaults: O;
  readonly rules: readonly OptionRule<O>[];
}

/** Rules `key >= 0` for each key. */
export function nonNegative<O>(...keys: (keyof O & string)[]): OptionRule<O>[] {
  return keys.map((k) => [k, (v: number) => v >= 0, ">= 0"] as const);
}

/** Adam's family: 0 <= beta1 < 1 and 0 <= beta2 < 1. */
export function betaRules<O extends { beta1: number; beta2: number }>(): OptionRule<O>[] {
  return (["beta1", "beta2"] as const).map(
    (k) => [k, (v: number) => v >= 0 && v < 1, `0 <= ${k} < 1`] as const,
  );
}

/** The spec of a built-in optimizer class (its static `spec`). */
function specOf<O extends GroupOptions>(cls: unknown): OptimizerSpec<O> {
  return (cls as { spec: OptimizerSpec<O> }).spec;
}

/**
 * Base of the built-in optimizers: the constructor and `checkGroup` made from the subclass's
 * static `spec`; the subclass writes `update` (and may add cross-option checks to `checkGroup`).
 */
export abstract class DeclaredOptimizer<O extends GroupOptions> extends Optimizer<O> {
  /**
   * @param params the tensors to optimize (an iterable or one tensor), or parameter groups
   *   `[{ params, lr, ... }, ...]` whose options override the optimizer's
   * @param lr the learning rate (PyTorch's second positional argument), or the options object
   * @param opts the options, when `lr` is given as a number
   */
  constructor(params: Params<O>, lr?: number | OptionsInput<O>, opts?: OptionsInput<O>) {
    const spec = specOf<O>(new.target);
    super(params, lr, opts, spec.defaults, spec.name);
  }

  protected checkGroup(o: O): void {
    for (const [key, ok, expected] of specOf<O>(this.constructor).rules)
      checkOption(ok(o[key] as number), this.name, key, o[key], expected);
  }
}
