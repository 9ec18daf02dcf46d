import type { NDArray } from "../backend/ndarray.js";
import { binary, ADD } from "../backend/kernels/binary.js";
import { fmtShape, shapesEqual } from "../util/shape.js";
import type { GradTarget, Node } from "./node.js";
import { noGrad } from "./grad_mode.js";
import { inDType, owns, release, reuseFor, storeGrad } from "./buffers.js";

/** A pending gradient plus g: always a new array (which buffers may be reused: ./buffers.ts). */
function accumulate(prev: NDArray | null, g: NDArray): NDArray {
  return prev === null ? g : binary(prev, g, ADD, prev.dtype, "backward");
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
    storeGrad(root, grad, false);
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
      if (out !== null && out.retainsGrad && out.gradFn === node && g) storeGrad(out, g, false);
      if (!g) continue;
      if (node.backward === null) throw freedError(node);
      node.checkVersions();
      const grads = node.backward(g, node.needs, reuseFor(node, gOwned));
      if (!retainGraph) node.backward = null;
      for (let i = 0; i < node.inputs.length; i++) {
        const gi = grads[i];
        if (!gi || !node.needs[i]) continue;
        const input = node.inputs[i];
        const own = owns(grads, i, g, gOwned, node);
        const inNode = node.fns[i];
        if (inNode === null) storeGrad(input, gi, own);
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
      release(g, gOwned, node, grads);
    }
  });
}

/** Numbers the backward passes, for the bookkeeping each keeps on the graph's nodes. */
let passes = 0;

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
