import type { Tensor } from "../tensor/index.js";
import { Tensor as TensorClass, cat, noGrad, tensor } from "../tensor/index.js";
import { fmtShape } from "../util/shape.js";

/** `nn.utils`: gradient clipping and parameters as one vector, as `torch.nn.utils`. */

type Params = Iterable<Tensor> | Tensor;

const list = (p: Params): Tensor[] => (p instanceof TensorClass ? [p] : [...p]);

/**
 * Scales all gradients together so that their total norm (the p-norm of the norms of each,
 * i.e. of all gradients as one vector) is at most maxNorm: g = g * min(1, maxNorm / (norm + 1e-6)).
 * Returns the total norm before clipping, as a 0-d tensor. `normType` may be Infinity (the
 * largest |g|). PyTorch: `nn.utils.clip_grad_norm_(parameters, max_norm, norm_type=2.0)`.
 */
export function clipGradNorm_(
  parameters: Params,
  maxNorm: number,
  normType = 2,
  opts: { errorIfNonfinite?: boolean } = {},
): Tensor {
  if (!(normType > 0))
    throw new RangeError(`clipGradNorm_: normType must be positive (or Infinity), got ${normType}`);
  const ps = list(parameters); // once: parameters may be a one-shot iterator
  const grads = ps.map((p) => p.gradValue).filter((g) => g !== null);
  let total = 0;
  if (normType === Infinity) {
    for (const g of grads) for (const v of g.data) total = Math.max(total, Math.abs(v));
  } else {
    for (const g of grads) {
      // each gradient's norm as PyTorch rounds it (to the gradient's dtype), then their norm
      let s = 0;
      for (const v of g.data) s += Math.pow(Math.abs(v), normType);
      const n = Math.pow(s, 1 / normType);
      total += Math.pow(g.dtype === "float32" ? Math.fround(n) : n, normType);
    }
    total = Math.pow(total, 1 / normType);
  }
  const dtype = grads[0]?.dtype === "float64" ? "float64" : "float32";
  if (dtype === "float32") total = Math.fround(total);
  if (opts.errorIfNonfinite && !Number.isFinite(total))
    throw new RangeError(
      `clipGradNorm_: the total norm of order ${normType} for gradients from parameters is non-finite, so it cannot be clipped (pass errorIfNonfinite: false to clip anyway)`,
    );
  const coef = maxNorm / (total + 1e-6);
  if (coef < 1) {
    const c = dtype === "float32" ? Math.fround(coef) : coef;
    // through writeInPlace, bumping the version as PyTorch's g.mul_(coef) does
    for (const p of ps)
      p.grad?.writeInPlace((d) => {
        for (let i = 0; i < d.length; i++) d[i] *= c;
      });
  }
  return tensor(total, { dtype });
}

/** Clamps every gradient element to [-clipValue, clipValue]. PyTorch: `nn.utils.clip_grad_value_`. */
export function clipGradValue_(parameters: Params, clipValue: number): void {
  if (!(clipValue >= 0))
    throw new RangeError(`clipGradValue_: clipValue must be >= 0, got ${clipValue}`);
  // through writeInPlace, bumping the version as PyTorch's g.clamp_(...) does
  for (const p of list(parameters))
    p.grad?.writeInPlace((d) => {
      for (let i = 0; i < d.length; i++) d[i] = Math.min(Math.max(d[i], -clipValue), clipValue);
    });
}

/** All parameters flattened into one vector (differentiable). PyTorch: `nn.utils.parameters_to_vector`. */
export function parametersToVector(parameters: Params): Tensor {
  const ps = list(parameters);
  if (ps.length === 0) throw new RangeError("parametersToVector: no parameters given");
  return cat(
    ps.map((p) => p.reshape(-1)),
    0,
  );
}

/**
 * Copies consecutive slices of a vector into the parameters, in place (the inverse of
 * `parametersToVector`). PyTorch: `nn.utils.vector_to_parameters(vec, parameters)`.
 */
export function vectorToParameters(vec: Tensor, parameters: Params): void {
  const ps = list(parameters);
  const total = ps.reduce((n, p) => n + p.numel(), 0);
  if (vec.ndim !== 1 || vec.numel() !== total)
    throw new RangeError(
      `vectorToParameters: expected a 1-D vector of ${total} elements (the parameters' total), got shape ${fmtShape(vec.shape)}`,
    );
  const src = vec.value.data;
  let off = 0;
  noGrad(() => {
    for (const p of ps) {
      const n = p.numel();
      p.writeInPlace((d) => d.set(src.subarray(off, off + n)));
      off += n;
    }
  });
}
