import type { Tensor } from "../tensor/index.js";
import { defaultGenerator, noGrad, rand, randn } from "../tensor/index.js";
import type { Generator } from "../util/random/generator.js";

/**
 * Initialisers, like `torch.nn.init`: each fills a tensor in place (without recording a graph)
 * and returns it. All take an optional seeded generator.
 */

/** Fills with U(a, b). */
export function uniform_(t: Tensor, a = 0, b = 1, generator: Generator = defaultGenerator): Tensor {
  return noGrad(() =>
    t.copy_(
      rand(t.shape, { dtype: t.dtype, generator })
        .mul(b - a)
        .add(a),
    ),
  );
}

/** Fills with N(mean, std^2). */
export function normal_(
  t: Tensor,
  mean = 0,
  std = 1,
  generator: Generator = defaultGenerator,
): Tensor {
  return noGrad(() => t.copy_(randn(t.shape, { dtype: t.dtype, generator }).mul(std).add(mean)));
}

export function zeros_(t: Tensor): Tensor {
  return noGrad(() => t.zero_());
}

export function constant_(t: Tensor, v: number): Tensor {
  return noGrad(() => t.zero_().add_(v));
}

/** fan_in and fan_out of a weight [out, in, *kernel]. */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  if (t.ndim < 2) {
    throw new RangeError(
      `calculateFanInAndFanOut: fan in and fan out can not be computed for a tensor with fewer than 2 dimensions (shape [${t.shape}])`,
    );
  }
  const receptive = t.shape.slice(2).reduce((p, d) => p * d, 1);
  return [t.shape[1] * receptive, t.shape[0] * receptive];
}

/**
 * He/Kaiming uniform: U(-bound, bound) with bound = gain * sqrt(3 / fan_in) and
 * gain = sqrt(2 / (1 + a^2)) (leaky-ReLU gain). With a = sqrt(5), as `nn.Linear` uses, the bound
 * is 1 / sqrt(fan_in).
 */
export function kaimingUniform_(t: Tensor, a = 0, generator: Generator = defaultGenerator): Tensor {
  const [fanIn] = calculateFanInAndFanOut(t);
  const gain = Math.sqrt(2 / (1 + a * a));
  const bound = gain * Math.sqrt(3 / fanIn);
  return uniform_(t, -bound, bound, generator);
}

/** Glorot/Xavier uniform: U(-b, b), b = gain * sqrt(6 / (fan_in + fan_out)). */
export function xavierUniform_(
  t: Tensor,
  gain = 1,
  generator: Generator = defaultGenerator,
): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const b = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -b, b, generator);
}
