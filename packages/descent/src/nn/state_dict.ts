import type { Tensor } from "../tensor/index.js";
import { Tensor as TensorClass } from "../tensor/index.js";
import { fmtShape } from "../util/shape.js";

/** Module state dicts: building one, and checking one against a module before loading it. */

/** The state dict of [key, tensor] entries: detached tensors sharing the module's storage. */
export function stateDictOf(entries: [string, Tensor][]): Record<string, Tensor> {
  const sd: Record<string, Tensor> = {};
  for (const [k, t] of entries) sd[k] = t.detach();
  return sd;
}

/**
 * Checks `sd` against a module's entries (`own`, key -> tensor) and returns the copies to make;
 * with `strict`, missing and unexpected keys are errors, and a wrong shape or a value that is not
 * a tensor always is. All problems are reported in one error, worded as PyTorch's.
 */
export function loadInto(
  name: string,
  own: Map<string, Tensor>,
  sd: Record<string, Tensor>,
  strict: boolean,
): { copies: [Tensor, Tensor][]; missingKeys: string[]; unexpectedKeys: string[] } {
  if (typeof sd !== "object" || sd === null || sd instanceof TensorClass)
    throw new TypeError(
      `loadStateDict: expected a state dict (an object of tensors by key), got ${sd === null ? "null" : typeof sd}`,
    );
  const missingKeys = [...own.keys()].filter((k) => !(k in sd));
  const unexpectedKeys = Object.keys(sd).filter((k) => !own.has(k));
  const problems: string[] = [];
  const copies: [Tensor, Tensor][] = [];
  for (const [k, dst] of own) {
    const src = sd[k];
    if (src === undefined) continue;
    if (!(src instanceof TensorClass)) {
      problems.push(`value for ${k} is not a Tensor`);
    } else if (src.shape.join() !== dst.shape.join()) {
      problems.push(
        `size mismatch for ${k}: copying a param with shape ${fmtShape(src.shape)} from checkpoint, ` +
          `the shape in current model is ${fmtShape(dst.shape)}.`,
      );
    } else copies.push([dst, src]);
  }
  if (strict) {
    if (unexpectedKeys.length)
      problems.unshift(
        `Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(", ")}.`,
      );
    if (missingKeys.length)
      problems.unshift(
        `Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(", ")}.`,
      );
  }
  if (problems.length)
    throw new Error(`Error(s) in loading state_dict for ${name}:\n\t${problems.join("\n\t")}`);
  return { copies, missingKeys, unexpectedKeys };
}
