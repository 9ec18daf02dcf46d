import type { Generator } from "../util/random/generator.js";
import { defaultGenerator } from "../util/random/generator.js";
import { fromTypedArray, stack, Tensor } from "../tensor/index.js";
import type { Dataset } from "./dataset.js";
import { TensorDataset } from "./dataset.js";

/** A sample `DataLoader` can batch: one tensor, or a tuple of tensors such as `[x, y]`. */
export type Sample = Tensor | readonly Tensor[];

/** Options of `DataLoader`, with PyTorch's defaults. */
export interface DataLoaderOptions {
  /** Samples per batch (default 1). */
  batchSize?: number;
  /** Visit the samples in a new random order every epoch (default false: in order 0..N-1). */
  shuffle?: boolean;
  /** Drop the last batch when it is smaller than `batchSize` (default false). */
  dropLast?: boolean;
  /**
   * Source of the shuffles; the default generator (see `manualSeed`) when absent, read at the
   * start of each epoch. Pass `new Generator(seed)` for an order that repeats run after run.
   */
  generator?: Generator;
}

/**
 * Iterates over a data set in batches, like `torch.utils.data.DataLoader`: each step of
 * `for (const [xb, yb] of loader)` is one batch, an array with one tensor per field of the
 * samples, stacked along a new dim 0 (`[B, *]`). The last batch holds the remainder
 * (`N % batchSize` samples) unless `dropLast`.
 *
 * `batchSize` chooses the flavour of gradient descent (the three differ only in how many samples
 * each update sees):
 * - `batchSize = dataset.length`: batch gradient descent (批量梯度下降), one update per epoch
 *   from the whole data set, as the seed's full-batch loop `outputs = model(X)`;
 * - `batchSize = 1`: stochastic gradient descent (随机梯度下降), one update per sample;
 * - anything between: mini-batch gradient descent (小批量梯度下降), the usual choice (32, 64,
 *   256...).
 *
 * With `shuffle`, every epoch (every new `for ... of`) draws a fresh permutation from
 * `generator`, so the order differs between epochs but the whole sequence of epochs repeats for
 * the same seed. For a `TensorDataset` a batch is gathered with one `indexSelect` per tensor
 * (a `narrow` when not shuffling) rather than by stacking samples one at a time; other data
 * sets have their samples stacked with `stack`.
 *
 * ```ts
 * const loader = new DataLoader(new TensorDataset(X, y), {
 *   batchSize: 32,
 *   shuffle: true,
 *   generator: new Generator(0),
 * });
 * loader.length;                        // ceil(N / 32): batches per epoch
 * for (let epoch = 0; epoch < 10; epoch++) {
 *   for (const [xb, yb] of loader) {    // xb: [32, F], yb: [32]
 *     optimizer.zeroGrad();
 *     lossFn(model.forward(xb), yb).backward();
 *     optimizer.step();
 *   }
 * }
 * ```
 *
 * PyTorch: `DataLoader(dataset, batch_size=1, shuffle=False, drop_last=False, generator=None)`;
 * `len(loader)` is `loader.length`. There are no worker processes or samplers: batching runs in
 * the iterating thread.
 */
export class DataLoader<T extends Sample = Tensor[]> implements Iterable<Tensor[]> {
  readonly dataset: Dataset<T>;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly generator: Generator | undefined;

  constructor(dataset: Dataset<T>, options: DataLoaderOptions = {}) {
    const { batchSize = 1, shuffle = false, dropLast = false, generator } = options;
    if (!dataset || typeof dataset.get !== "function" || !Number.isInteger(dataset.length)) {
      throw new TypeError(
        "DataLoader: dataset must have an integer `length` and a `get(i)` method (a Dataset or TensorDataset)",
      );
    }
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new RangeError(
        `DataLoader: batchSize should be a positive integer value, but got batchSize=${batchSize}`,
      );
    }
    if (typeof shuffle !== "boolean") {
      throw new TypeError(`DataLoader: shuffle must be true or false, got ${String(shuffle)}`);
    }
    if (typeof dropLast !== "boolean") {
      throw new TypeError(`DataLoader: dropLast must be true or false, got ${String(dropLast)}`);
    }
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.generator = generator;
  }

  /** Batches per epoch: `ceil(N / batchSize)`, or `floor(N / batchSize)` with `dropLast`. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** One epoch of batches; each call draws a new order when shuffling. */
  *[Symbol.iterator](): Iterator<Tensor[]> {
    const n = this.dataset.length;
    const order = this.shuffle ? permutation(n, this.generator ?? defaultGenerator) : null;
    const batches = this.length;
    for (let b = 0; b < batches; b++) {
      const start = b * this.batchSize;
      const end = Math.min(start + this.batchSize, n);
      yield this.fetch(start, end, order);
    }
  }

  private fetch(start: number, end: number, order: Int32Array | null): Tensor[] {
    const ds = this.dataset;
    if (ds instanceof TensorDataset) {
      if (!order) return ds.tensors.map((t) => t.narrow(0, start, end - start));
      const idx = fromTypedArray(order.slice(start, end));
      return ds.tensors.map((t) => t.indexSelect(0, idx));
    }
    const samples: Sample[] = [];
    for (let k = start; k < end; k++) samples.push(ds.get(order ? order[k] : k));
    return collate(samples, start);
  }

  toString(): string {
    return `DataLoader(${String(this.dataset)}, batchSize=${this.batchSize}, shuffle=${this.shuffle}, dropLast=${this.dropLast})`;
  }
}

/** A shuffled 0..n-1 by Fisher-Yates with `g` (the same draws as `randperm(n, { generator: g })`). */
function permutation(n: number, g: Generator): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = g.integer(0, i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/** Stacks samples field by field (PyTorch's `default_collate` for tensors and tuples of them). */
function collate(samples: readonly Sample[], offset: number): Tensor[] {
  const rows = samples.map((s, k) => fieldsOf(s, offset + k));
  const fields = rows[0].length;
  const columns: Tensor[][] = Array.from({ length: fields }, () => []);
  rows.forEach((parts, k) => {
    if (parts.length !== fields) {
      throw new RangeError(
        `DataLoader: sample ${offset + k} has ${parts.length} fields but sample ${offset} has ${fields}; every sample must have the same structure`,
      );
    }
    parts.forEach((p, f) => columns[f].push(p));
  });
  return columns.map((c) => stack(c, 0));
}

/** The tensors of one sample, checked. */
function fieldsOf(s: Sample, i: number): readonly Tensor[] {
  if (s instanceof Tensor) return [s];
  if (!Array.isArray(s)) {
    throw new TypeError(
      `DataLoader: sample ${i} is ${s === null ? "null" : typeof s}; a sample must be a Tensor or an array of Tensors`,
    );
  }
  s.forEach((p: unknown, f: number) => {
    if (!(p instanceof Tensor)) {
      throw new TypeError(
        `DataLoader: field ${f} of sample ${i} is ${p === null ? "null" : typeof p}; expected a Tensor`,
      );
    }
  });
  return s;
}
