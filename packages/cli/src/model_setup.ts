/**
 * What `train`, `predict` and `lr-sweep` share when the model comes from `--model` (a layer spec)
 * and the data from `--data`: the default loss for a model, targets shaped for a loss, and the
 * check that the data has the features the model expects.
 */
import type { Tensor } from "descent";
import { excerpt, nn } from "descent";
import type { LossSpec } from "./lib.js";
import { inputFeatures, lossByName } from "./lib.js";

/** The last module of a Sequential (the model itself otherwise). */
function lastLayer(model: nn.Module): nn.Module {
  return model instanceof nn.Sequential && model.length > 0 ? model[model.length - 1] : model;
}

/** Number of outputs of the model's last Linear layer, or null. */
export function outputFeatures(model: nn.Module): number | null {
  let out: number | null = null;
  for (const m of model.modules()) if (m instanceof nn.Linear) out = m.outFeatures;
  return out;
}

/**
 * The loss a model's last layer suggests: sigmoid -> bce, softmax -> cross-entropy (as the seed),
 * logsoftmax -> nll, several outputs -> cross-entropy, one output -> mse.
 */
export function defaultLossName(model: nn.Module): string {
  const last = lastLayer(model);
  if (last instanceof nn.Sigmoid) return "bce";
  if (last instanceof nn.Softmax) return "cross-entropy";
  if (last instanceof nn.LogSoftmax) return "nll";
  return (outputFeatures(model) ?? 1) > 1 ? "cross-entropy" : "mse";
}

export function chooseLoss(model: nn.Module, name: string | undefined): LossSpec {
  return lossByName(name ?? defaultLossName(model));
}

/** Checks that the data has as many features as the model's first layer takes. */
export function checkFeatures(model: nn.Module, x: Tensor, source: string, spec: string): void {
  const want = inputFeatures(model);
  const got = x.shape[1];
  if (want !== null && got !== want) {
    throw new Error(
      `--data '${excerpt(source)}' has ${got} feature column(s) but the model "${excerpt(spec)}" takes ${want}`,
    );
  }
}

/** Targets as the loss wants them: float [N, 1] for bce/mse, int32 class indices [N] for CE/NLL. */
export function targetsFor(y: Tensor, loss: LossSpec, model: nn.Module, source: string): Tensor {
  const v = y.toTypedArray();
  if (loss.target === "index") {
    const classes = outputFeatures(model);
    for (let i = 0; i < v.length; i++) {
      const c = Number(v[i]);
      if (!Number.isInteger(c) || c < 0 || (classes !== null && c >= classes)) {
        throw new Error(
          `--data '${excerpt(source)}': row ${i + 1} has label ${c}, but the ${loss.name} loss needs class indices 0..${(classes ?? 1) - 1}` +
            (classes !== null ? ` (the model has ${classes} outputs)` : ""),
        );
      }
    }
    return y.int();
  }
  if (loss.task === "binary") {
    for (let i = 0; i < v.length; i++) {
      const c = Number(v[i]);
      if (!(c >= 0 && c <= 1)) {
        throw new Error(
          `--data '${excerpt(source)}': row ${i + 1} has label ${c}, but the ${loss.name} loss needs labels in [0, 1]`,
        );
      }
    }
  }
  return y.float().view(-1, 1);
}
