import type { Tensor, ValuesIndices } from "./tensor.js";
import type { SortOptions, UniqueOptions } from "./sort_forms.js";
import type { VarOptions } from "./reduce_forms.js";

/**
 * The torch namespace's reductions, scans and matrix products (`torch.std(x, 0)` is
 * `std(x, 0)`): each calls the Tensor method of the same name, where its formula is documented.
 */

export type { VarOptions } from "./reduce_forms.js";
export type { SortOptions, UniqueOptions } from "./sort_forms.js";

/** torch.var (exported as `var`): see `Tensor.var`. */
const variance = (x: Tensor, dim?: number | number[] | null, opts: VarOptions = {}): Tensor =>
  x.var(dim, opts);
export { variance as var };
/** torch.std: see `Tensor.std`. */
export const std = (x: Tensor, dim?: number | number[] | null, opts: VarOptions = {}): Tensor =>
  x.std(dim, opts);
/** torch.norm(input, p = 'fro', dim, keepdim): see `Tensor.norm`. */
export const norm = (
  x: Tensor,
  p: number | "fro" = "fro",
  dim?: number | number[] | null,
  keepdim = false,
): Tensor => x.norm(p, dim, keepdim);
/** torch.dist(input, other, p = 2): see `Tensor.dist`. */
export const dist = (x: Tensor, other: Tensor, p = 2): Tensor => x.dist(other, p);
/** torch.prod: see `Tensor.prod`. */
export const prod = (x: Tensor, dim?: number | null, keepdim = false): Tensor =>
  x.prod(dim, keepdim);
/** torch.cumsum: see `Tensor.cumsum`. */
export const cumsum = (x: Tensor, dim: number): Tensor => x.cumsum(dim);
/** torch.cumprod: see `Tensor.cumprod`. */
export const cumprod = (x: Tensor, dim: number): Tensor => x.cumprod(dim);
/** torch.logsumexp: see `Tensor.logsumexp`. */
export const logsumexp = (x: Tensor, dim: number | number[], keepdim = false): Tensor =>
  x.logsumexp(dim, keepdim);
/** torch.all: see `Tensor.all`. */
export const all = (x: Tensor, dim?: number, keepdim = false): Tensor => x.all(dim, keepdim);
/** torch.any: see `Tensor.any`. */
export const any = (x: Tensor, dim?: number, keepdim = false): Tensor => x.any(dim, keepdim);
/** torch.trace: see `Tensor.trace`. */
export const trace = (x: Tensor): Tensor => x.trace();
/** torch.tril: see `Tensor.tril`. */
export const tril = (x: Tensor, diagonal = 0): Tensor => x.tril(diagonal);
/** torch.triu: see `Tensor.triu`. */
export const triu = (x: Tensor, diagonal = 0): Tensor => x.triu(diagonal);
/** torch.dot: see `Tensor.dot`. */
export const dot = (a: Tensor, b: Tensor): Tensor => a.dot(b);
/** torch.mv: see `Tensor.mv`. */
export const mv = (a: Tensor, v: Tensor): Tensor => a.mv(v);
/** torch.mm: the product of two matrices [n, m] x [m, p]. */
export const mm = (a: Tensor, b: Tensor): Tensor => a.mm(b);
/** torch.bmm: see `Tensor.bmm`. */
export const bmm = (a: Tensor, b: Tensor): Tensor => a.bmm(b);
/** torch.outer: see `Tensor.outer`. */
export const outer = (a: Tensor, b: Tensor): Tensor => a.outer(b);

/** torch.sort: see `Tensor.sort`. */
export const sort = (
  x: Tensor,
  dim: number | SortOptions = -1,
  descending = false,
): ValuesIndices => x.sort(dim, descending);
/** torch.argsort: see `Tensor.argsort`. */
export const argsort = (x: Tensor, dim: number | SortOptions = -1, descending = false): Tensor =>
  x.argsort(dim, descending);
/** torch.topk: see `Tensor.topk`. */
export const topk = (x: Tensor, k: number, dim = -1, largest = true): ValuesIndices =>
  x.topk(k, dim, largest);
/** torch.kthvalue: see `Tensor.kthvalue`. */
export const kthvalue = (x: Tensor, k: number, dim = -1, keepdim = false): ValuesIndices =>
  x.kthvalue(k, dim, keepdim);
export function median(x: Tensor): Tensor;
export function median(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
/** torch.median: see `Tensor.median`. */
export function median(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  return dim === undefined ? x.median() : x.median(dim, keepdim);
}
/** torch.unique (sorted): see `Tensor.unique`. */
export const unique = (x: Tensor, opts: UniqueOptions = {}): Tensor | Tensor[] => x.unique(opts);
/** torch.bincount: see `Tensor.bincount`. */
export const bincount = (x: Tensor, weights: Tensor | null = null, minlength = 0): Tensor =>
  x.bincount(weights, minlength);
/** torch.histc: see `Tensor.histc`. */
export const histc = (x: Tensor, bins = 100, min = 0, max = 0): Tensor => x.histc(bins, min, max);
