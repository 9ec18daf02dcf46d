import type { NDArray } from "../backend/ndarray.js";
import { binary, ADD } from "../backend/kernels/binary.js";
import { cast, copy } from "../backend/kernels/cast.js";
import { type DType, type TypedArray, recyclable, recycle } from "../util/dtype.js";
import { fmtShape, shapesEqual } from "../util/shape.js";
import type { GradTarget, Node } from "./node.js";
import { noGrad } from "./grad_mode.js";

function accumulate(prev: NDArray | null, g: NDArray): NDArray {
  return prev === null ? g : binary(prev, g, ADD, prev.dtype, "backward");
}

/** A gradient in its tensor's dtype (float32 x used in a float64 op still gets a float32 grad). */
function inDType(g: NDArray, dtype: DType): NDArray {
  return g.dtype === dtype ? g : cast(g, dtype);
}

/**
 * Adds `g` into `t.gradValue` (a leaf's `.grad` or a retained gradient). The first gradient is
 * copied unless `owned`: backward closures may hand the same array to several inputs (add gives
 * g to both), or pass the caller's gradient through, and `.grad` must not share storage with
 * either. An array a closure computed for this input alone is taken as it is (as PyTorch's
 * AccumulateGrad steals a gradient nobody else holds): a copy of a large weight's gradient on
 * every step costs more than the step.
 */
function store(t: GradTarget, g: NDArray, owned = false): void {
  const gt = inDType(g, t.dtype);
  if (t.gradValue !== null) t.gradValue = binary(t.gradValue, gt, ADD, gt.dtype, "backward");
  else t.gradValue = gt === g && !owned ? copy(g) : gt;
}

/**
 * Whether the gradient `grads[i]` that `node` returned is storage nobody else holds: not
 * another of the returned gradients, not the data of the node's inputs or output, and not the
 * incoming gradient `g` (or a view of it) unless the engine alone held that (`gOwned`).
 */
function ownsStorage(
  grads: (NDArray | null)[],
  i: number,
  g: NDArray,
  gOwned: boolean,
  node: Node,
): boolean {
  const d = grads[i]!.data;
  if ((d === g.data && !gOwned) || node.output?.holdsData(d)) return false;
  for (let j = 0; j < grads.length; j++) if (j !== i && grads[j]?.data === d) return false;
  for (const input of node.inputs) if (input.holdsData(d)) return false;
  return true;
}

/**
 * Reverse-mode differentiation from `root` with initial gradient `grad`: visits the graph in
 * reverse topological order (an iterative sort, so long graphs cannot overflow the stack), adds
 * each input's gradient into its pending sum, and adds leaf gradients into `.grad`.
 */
export function runBackward(root: GradTarget, grad: NDArray, retainGraph: boolean): void {
  if (!root.requiresGrad) {
    throw new Error(
      "backward: element 0 of tensors does not require grad and does not have a grad_fn " +
        "(create the inputs with { requiresGrad: true })",
    );
  }
  const shape = root.shape;
  if (!shapesEqual(grad.shape, shape)) {
    throw new RangeError(
      `backward: gradient has shape ${fmtShape(grad.shape)} but the tensor has shape ${fmtShape(shape)}`,
    );
  }
  if (root.gradFn === null) {
    store(root, grad);
    return;
  }
  const pass = ++passes;
  const order = topoOrder(root.gradFn, pass);
  const first = root.gradFn;
  first.pending = grad;
  first.pendingOwned = false;
  noGrad(() => {
    for (const node of order) {
      const g = node.pending;
      const gOwned = node.pendingOwned;
      node.pending = null;
      node.pendingOwned = false;
      const out = node.output;
      if (out !== null && out.retainsGrad && out.gradFn === node && g) store(out, g);
      if (!g) continue;
      if (node.backward === null) throw freedError(node);
      node.checkVersions();
      const grads = node.backward(g, node.needs, gOwned);
      if (!retainGraph) node.backward = null;
      for (let i = 0; i < node.inputs.length; i++) {
        const gi = grads[i];
        if (!gi || !node.needs[i]) continue;
        const input = node.inputs[i];
        const own = ownsStorage(grads, i, g, gOwned, node);
        const inNode = node.fns[i];
        if (inNode === null) store(input, gi, own);
        else {
          // (topoOrder marked every node it will visit with this pass)
          const prev = inNode.pass === pass ? inNode.pending : null;
          const gt = inDType(gi, input.dtype);
          inNode.pending = accumulate(prev, gt);
          // A sum is a new array; a cast too; otherwise the closure's own array, if it is.
          inNode.pendingOwned = prev !== null || gt !== gi || own;
        }
      }
      // A gradient only the engine held, now consumed and not passed on: its storage is free.
      if (gOwned && recyclable(g.data) && !sharesData(grads, g)) recycle(g.data);
    }
  });
}

/** Numbers the backward passes, for the bookkeeping each keeps on the graph's nodes. */
let passes = 0;

/** Whether a returned gradient is g or a view of g's bytes (exported for tests). */
export function sharesData(grads: (NDArray | null)[], g: NDArray): boolean {
  const gd = g.data;
  for (const gi of grads) {
    if (gi === null) continue;
    const d = gi.data;
    if (d === gd) return true;
    // An array of up to 64 bytes at offset 0 may live on V8's heap, where reading .buffer would
    // move it off (~0.4 us a gradient); whether it is a view at the start of g's buffer is told
    // by a write instead.
    if (d.byteLength <= 64 && d.byteOffset === 0 ? aliasesStart(d, gd) : overlaps(d, gd)) {
      return true;
    }
  }
  return false;
}

/** Whether two arrays share bytes (arrays of one slab share a buffer, not their bytes). */
function overlaps(a: TypedArray, b: TypedArray): boolean {
  return (
    a.buffer === b.buffer &&
    a.byteOffset < b.byteOffset + b.byteLength &&
    b.byteOffset < a.byteOffset + a.byteLength
  );
}

/** Whether d[0] changes when g[0] does (true also for a NaN d[0], which compares unequal). */
function aliasesStart(d: TypedArray, g: TypedArray): boolean {
  if (d.length === 0 || g.length === 0) return false;
  const before = g[0];
  const d0 = d[0];
  g[0] = before === 0 ? 1 : 0; // other bits than before's, -0 included
  const changed = d[0] !== d0;
  g[0] = before;
  return changed;
}

function freedError(node: Node): Error {
  return new Error(
    `backward: trying to backward through the graph a second time (through ${node.toString()}); ` +
      "its saved values were freed after the first backward. " +
      "Pass { retainGraph: true } to the first backward() if you need to backward twice.",
  );
}

/**
 * Nodes reachable from root, each after every node that uses its output (an iterative DFS),
 * marked with `pass` (and their pending gradients cleared) on the way.
 */
function topoOrder(root: Node, pass: number): Node[] {
  const post: Node[] = [];
  const stack: Node[] = [root];
  const next: number[] = [0];
  mark(root, pass);
  while (stack.length > 0) {
    const top = stack.length - 1;
    const node = stack[top];
    const i = next[top];
    if (i < node.fns.length) {
      next[top] = i + 1;
      const c = node.fns[i];
      if (c !== null && node.needs[i] && c.pass !== pass) {
        mark(c, pass);
        stack.push(c);
        next.push(0);
      }
    } else {
      stack.pop();
      next.pop();
      post.push(node);
    }
  }
  return post.reverse();
}

function mark(node: Node, pass: number): void {
  node.pass = pass;
  node.pending = null;
  node.pendingOwned = false;
}
