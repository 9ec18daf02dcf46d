/**
 * "Learn the Basics", Tensors
 * (https://pytorch.org/tutorials/beginner/basics/tensorqs_tutorial.html).
 *
 * Creating tensors (from data, from a typed array in place of a NumPy array, from another
 * tensor, with random or constant values), their attributes, indexing and slicing, joining,
 * arithmetic, single-element tensors, in-place operations, and sharing memory with a typed
 * array (descent's bridge to plain JavaScript, as PyTorch's to NumPy). PyTorch's `out=`
 * arguments have no counterpart: the result is returned.
 *
 * Run: npx tsx examples/pytorch/tensorqs.ts
 */
import {
  cat,
  data,
  fromTypedArray,
  getBackend,
  matmul,
  ones,
  onesLike,
  rand,
  randLike,
  tensor as torchTensor,
  zeros,
} from "descent";
import { randFromRandomState } from "./fashion_mnist.js";
import type { BasicsOptions } from "./buildmodel.js";
import { isMain } from "./options.js";

export function run(opts: BasicsOptions = {}): void {
  const log = opts.log ?? console.log;
  const rs = opts.numpySeed === undefined ? null : new data.RandomState(opts.numpySeed);
  const random = (...shape: number[]) => (rs ? randFromRandomState(rs, shape) : rand(shape));

  // Initializing a Tensor. Directly from data. JavaScript has one number type, so descent makes
  // float32 unless told: int32 stands for the int64 that PyTorch infers from Python ints.
  const dataArray = [
    [1, 2],
    [3, 4],
  ];
  const xData = torchTensor(dataArray, { dtype: "int32" });

  // From a typed array (sharing its memory, as torch.from_numpy).
  const npArray = Int32Array.from(dataArray.flat());
  const xNp = fromTypedArray(npArray, [2, 2]);
  void xNp;

  // From another tensor: the new tensor keeps the shape and dtype of the argument, unless overridden.
  const xOnes = onesLike(xData); // retains the properties of xData
  log(`Ones Tensor: \n ${xOnes} \n`);

  const xRand = rs ? random(...xData.shape) : randLike(xData, { dtype: "float32" }); // overrides the dtype of xData
  log(`Random Tensor: \n ${xRand} \n`);

  // With random or constant values: `shape` is an array of tensor dimensions.
  const shape = [2, 3];
  const randTensor = random(...shape);
  const onesTensor = ones(shape);
  const zerosTensor = zeros(shape);

  log(`Random Tensor: \n ${randTensor} \n`);
  log(`Ones Tensor: \n ${onesTensor} \n`);
  log(`Zeros Tensor: \n ${zerosTensor}`);

  // Attributes of a Tensor: shape, datatype, and (in descent) the backend that computes on it.
  let tensor = random(3, 4);

  log(`Shape of tensor: [${tensor.shape.join(", ")}]`);
  log(`Datatype of tensor: ${tensor.dtype}`);
  log(`Device tensor is stored on: ${getBackend().name}`);

  // Operations on Tensors. Standard numpy-like indexing and slicing:
  tensor = ones(4, 4);
  log(`First row:  ${tensor.get(0)}`);
  log(`First column:  ${tensor.get(":", 0)}`);
  log(`Last column: ${tensor.get("...", -1)}`);
  tensor.set([":", 1], 0);
  log(String(tensor));

  // Joining tensors: cat concatenates a sequence of tensors along a given dimension.
  const t1 = cat([tensor, tensor, tensor], 1);
  log(String(t1));

  // Arithmetic operations: the matrix multiplication; y1, y2, y3 have the same value.
  const y1 = tensor.matmul(tensor.T);
  const y2 = tensor.matmul(tensor.T);
  const y3 = matmul(tensor, tensor.T);
  void [y1, y2, y3];

  // The element-wise product; z1, z2, z3 have the same value.
  const z1 = tensor.mul(tensor);
  const z2 = tensor.mul(tensor);
  const z3 = tensor.mul(tensor);
  void [z1, z2, z3];

  // Single-element tensors: item() converts a one-element tensor to a number.
  const agg = tensor.sum();
  const aggItem = agg.item();
  log(`${aggItem} ${typeof aggItem}`);

  // In-place operations store the result into the operand; their names end in _.
  log(`${tensor} \n`);
  tensor.add_(5);
  log(String(tensor));

  // Bridge with typed arrays. Tensor to typed array: the storage's data, shared.
  let t = ones(5);
  log(`t: ${t}`);
  let n = t.untypedStorage().data;
  log(`n: [${n.join(" ")}]`);

  // A change in the tensor reflects in the array.
  t.add_(1);
  log(`t: ${t}`);
  log(`n: [${n.join(" ")}]`);

  // Typed array to Tensor: fromTypedArray wraps it without copying.
  n = new Float64Array(5).fill(1);
  t = fromTypedArray(n);

  // Changes in the array reflect in the tensor.
  for (let i = 0; i < n.length; i++) n[i] += 1;
  log(`t: ${t}`);
  log(`n: [${n.join(" ")}]`);
}

if (isMain(import.meta.url)) run();
