import type { Tensor } from "../tensor/index.js";
import { Tensor as TensorClass } from "../tensor/index.js";

/** One parameter's saved state: buffers as tensors, counters as numbers. */
export type SavedState = Record<string, Tensor | number>;

/**
 * An optimizer's state as PyTorch's `optimizer.state_dict()`: `state` keyed by the parameter's
 * index (counted through the groups in order), and each group's options with its indices.
 */
export interface OptimizerStateDict {
  state: Record<number, SavedState>;
  paramGroups: ({ params: number[] } & Record<string, number | boolean | number[]>)[];
}

/**
 * Checks that `sd` has the structure of an optimizer state dict and the group sizes of `groups`;
 * returns the parameters by index. Errors name the optimizer and what differs.
 */
export function checkStateDict(
  sd: OptimizerStateDict,
  groups: { params: Tensor[] }[],
  name: string,
): Tensor[] {
  const op = `${name}.loadStateDict`;
  if (typeof sd !== "object" || sd === null || !Array.isArray(sd.paramGroups) || !sd.state)
    throw new TypeError(
      `${op}: expected { state, paramGroups } as optimizer.stateDict() returns (a model's state dict goes to model.loadStateDict)`,
    );
  if (sd.paramGroups.length !== groups.length)
    throw new RangeError(
      `${op}: loaded state dict has ${sd.paramGroups.length} parameter group(s), the optimizer ${groups.length}`,
    );
  const params: Tensor[] = [];
  sd.paramGroups.forEach((g, i) => {
    const n = groups[i].params.length;
    if (!Array.isArray(g.params) || g.params.length !== n)
      throw new RangeError(
        `${op}: loaded state dict contains a parameter group (${i}) that doesn't match the size of optimizer's group ` +
          `(${Array.isArray(g.params) ? g.params.length : "no"} parameters, the optimizer's has ${n})`,
      );
    g.params.forEach((id, j) => (params[id] = groups[i].params[j]));
  });
  for (const [id, st] of Object.entries(sd.state)) {
    if (!params[Number(id)])
      throw new RangeError(`${op}: state for parameter ${id}, which no group lists`);
    for (const [k, v] of Object.entries(st)) {
      if (typeof v !== "number" && !(v instanceof TensorClass))
        throw new TypeError(
          `${op}: state ${k} of parameter ${id} is neither a number nor a Tensor`,
        );
    }
  }
  return params;
}
