import type { Tensor } from "../../tensor/index.js";
import { zeros } from "../../tensor/index.js";
import * as F from "../functional_activation.js";
import { pyFloat } from "../repr.js";
import { normalizeDim } from "../../util/shape.js";
import { Module } from "../module.js";

/** Elementwise activations and normalisers as layers. PyTorch: nn.Sigmoid, nn.ReLU, ... */

/** sigmoid(x) = 1 / (1 + e^-x), elementwise. */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return x.sigmoid();
  }
}

/** max(x, 0), elementwise. */
export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return x.relu();
  }
}

/** tanh(x), elementwise. */
export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return x.tanh();
  }
}

/** softmax along `dim`: exp(x_i) / sum_j exp(x_j). */
export class Softmax extends Module {
  constructor(readonly dim: number) {
    super();
    normalizeDim(dim, 64, "Softmax");
  }
  forward(x: Tensor): Tensor {
    return x.softmax(this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/** log-softmax along `dim`. */
export class LogSoftmax extends Module {
  constructor(readonly dim: number) {
    super();
    normalizeDim(dim, 64, "LogSoftmax");
  }
  forward(x: Tensor): Tensor {
    return x.logSoftmax(this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/** Returns its input. */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}

/** Flattens dims startDim..endDim (default 1..-1: everything but the batch). */
export class Flatten extends Module {
  constructor(
    readonly startDim = 1,
    readonly endDim = -1,
  ) {
    super();
  }
  forward(x: Tensor): Tensor {
    return x.flatten(this.startDim, this.endDim);
  }
  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

/** x if x > 0 else negativeSlope * x. PyTorch: `nn.LeakyReLU(negative_slope=0.01)`. */
export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) {
    super();
  }
  forward(x: Tensor): Tensor {
    return F.leakyRelu(x, this.negativeSlope);
  }
  override extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}`;
  }
}

/** x if x > 0 else alpha (e^x - 1). PyTorch: `nn.ELU(alpha=1.0)`. */
export class ELU extends Module {
  constructor(readonly alpha = 1) {
    super();
  }
  forward(x: Tensor): Tensor {
    return F.elu(x, this.alpha);
  }
  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}`;
  }
}

/** x Phi(x), or its tanh approximation. PyTorch: `nn.GELU(approximate='none')`. */
export class GELU extends Module {
  constructor(readonly approximate: "none" | "tanh" = "none") {
    super();
    F.gelu(zeros([0]), { approximate }); // validates the name here, not at the first forward
  }
  forward(x: Tensor): Tensor {
    return F.gelu(x, { approximate: this.approximate });
  }
  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/** x sigmoid(x). PyTorch: `nn.SiLU()`. */
export class SiLU extends Module {
  forward(x: Tensor): Tensor {
    return F.silu(x);
  }
}

/** log(1 + e^(beta x)) / beta, linear above the threshold. PyTorch: `nn.Softplus(beta=1, threshold=20)`. */
export class Softplus extends Module {
  constructor(
    readonly beta = 1,
    readonly threshold = 20,
  ) {
    super();
  }
  forward(x: Tensor): Tensor {
    return F.softplus(x, { beta: this.beta, threshold: this.threshold });
  }
  override extraRepr(): string {
    return `beta=${this.beta}, threshold=${this.threshold}`;
  }
}

/** x tanh(softplus(x)). PyTorch: `nn.Mish()`. */
export class Mish extends Module {
  forward(x: Tensor): Tensor {
    return F.mish(x);
  }
}

/** min(max(x, minVal), maxVal). PyTorch: `nn.Hardtanh(min_val=-1.0, max_val=1.0)`. */
export class Hardtanh extends Module {
  constructor(
    readonly minVal = -1,
    readonly maxVal = 1,
  ) {
    super();
    F.hardtanh(zeros([0]), minVal, maxVal); // validates the bounds here
  }
  forward(x: Tensor): Tensor {
    return F.hardtanh(x, this.minVal, this.maxVal);
  }
  override extraRepr(): string {
    return `min_val=${pyFloat(this.minVal)}, max_val=${pyFloat(this.maxVal)}`;
  }
}

/** min(max(x, 0), 6). PyTorch: `nn.ReLU6()`. */
export class ReLU6 extends Module {
  forward(x: Tensor): Tensor {
    return F.relu6(x);
  }
}

/** log sigmoid(x). PyTorch: `nn.LogSigmoid()`. */
export class LogSigmoid extends Module {
  forward(x: Tensor): Tensor {
    return F.logsigmoid(x);
  }
}
