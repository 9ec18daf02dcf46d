import type { Tensor } from "./tensor.js";
import { checkMeshgrid } from "./shape_forms.js";

/**
 * The torch namespace's shape functions (`torch.flip(x, [0])` is `flip(x, [0])`): each calls the
 * Tensor method of the same name, where it is documented.
 */

/** torch.flip: see `Tensor.flip`. */
export const flip = (x: Tensor, dims: number | number[]): Tensor => x.flip(dims);
/** torch.roll: see `Tensor.roll`. */
export const roll = (x: Tensor, shifts: number | number[], dims?: number | number[]): Tensor =>
  x.roll(shifts, dims);
/** torch.tile: see `Tensor.tile`. */
export const tile = (x: Tensor, reps: number[]): Tensor => x.tile(reps);
/** torch.chunk: see `Tensor.chunk`. */
export const chunk = (x: Tensor, chunks: number, dim = 0): Tensor[] => x.chunk(chunks, dim);
/** torch.split: see `Tensor.split`. */
export const split = (x: Tensor, size: number | number[], dim = 0): Tensor[] => x.split(size, dim);
/** torch.unbind: see `Tensor.unbind`. */
export const unbind = (x: Tensor, dim = 0): Tensor[] => x.unbind(dim);
/** torch.movedim: see `Tensor.movedim`. */
export const movedim = (x: Tensor, source: number | number[], destination: number | number[]) =>
  x.movedim(source, destination);
/** torch.flatten(input, start_dim = 0, end_dim = -1): see `Tensor.flatten`. */
export const flatten = (x: Tensor, startDim = 0, endDim = -1): Tensor =>
  x.flatten(startDim, endDim);
/** torch.unflatten: see `Tensor.unflatten`. */
export const unflatten = (x: Tensor, dim: number, sizes: number[]): Tensor =>
  x.unflatten(dim, sizes);
/** torch.broadcast_to: see `Tensor.broadcastTo`. */
export const broadcastTo = (x: Tensor, shape: number[]): Tensor => x.broadcastTo(shape);

/**
 * Coordinate grids from 1-D tensors of sizes n0, n1, ...: output i holds tensors[i] broadcast
 * along dim i of the shape [n0, n1, ...] ('ij', the default) or, with 'xy', with the first two
 * dims swapped (Cartesian, as NumPy's). PyTorch: `torch.meshgrid(*tensors, indexing='ij')`.
 */
export function meshgrid(tensors: Tensor[], opts: { indexing?: "ij" | "xy" } = {}): Tensor[] {
  const indexing = opts.indexing ?? "ij";
  checkMeshgrid(tensors, indexing);
  const xy = indexing === "xy" && tensors.length >= 2;
  const order = tensors.map((_, i) => (xy && i < 2 ? 1 - i : i));
  const shape = order.map((i) => tensors[i].numel());
  return tensors.map((t, i) => {
    const pos = order.indexOf(i);
    const view = shape.map((n, j) => (j === pos ? n : 1));
    return t.view(view).expand(shape); // PyTorch's: a view, then expand
  });
}
