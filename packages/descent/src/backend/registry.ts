import type { Backend } from "./backend.js";
import { jsMatmul } from "./js_matmul.js";
import {
  simdAddRows,
  simdBinaryCrossEntropy,
  simdBinaryCrossEntropyGrad,
  simdColumnSums,
  simdExp,
  simdLinear,
  simdLinearGrad,
  simdRelu,
  simdReluGrad,
  simdSigmoid,
  simdSigmoidGrad,
  simdSmallMatmul,
  simdSoftmaxRows,
} from "./simd/simd_kernels.js";
import { wasmBackend, wasmSimdSupported } from "./wasm/wasm_backend.js";

export { getNumThreads, setNumThreads } from "./wasm/wasm_backend.js";

/** The plain TypeScript backend: runs everywhere, and is the reference the others are tested against. */
export const jsBackend: Backend = { name: "js", matmul: jsMatmul };

const backends = new Map<string, Backend>([["js", jsBackend]]);
// WebAssembly SIMD float32 matmul and elementwise kernels where the engine has SIMD (every
// current browser and Node); it is then the default, and `setBackend('js')` forces the reference
// kernels.
if (wasmSimdSupported()) {
  registerBackend({
    ...wasmBackend,
    matmul: (a, aOff, b, bOff, out, oOff, m, k, n, transA, transB) => {
      const f32 = a instanceof Float32Array && b instanceof Float32Array;
      if (f32 && out instanceof Float32Array) {
        if (simdSmallMatmul(a, aOff, b, bOff, out, oOff, m, k, n, transA, transB)) return;
      }
      wasmBackend.matmul(a, aOff, b, bOff, out, oOff, m, k, n, transA, transB);
    },
    expF32: simdExp,
    sigmoidF32: simdSigmoid,
    sigmoidGradF32: simdSigmoidGrad,
    reluF32: simdRelu,
    reluGradF32: simdReluGrad,
    addRowsF32: simdAddRows,
    linearF32: simdLinear,
    binaryCrossEntropyF32: simdBinaryCrossEntropy,
    binaryCrossEntropyGradF32: simdBinaryCrossEntropyGrad,
    softmaxRowsF32: simdSoftmaxRows,
    columnSumsF32: simdColumnSums,
    linearGradF32: simdLinearGrad,
  });
}
let current: Backend = backends.get("wasm") ?? jsBackend;

/** Makes a backend available to `setBackend`. */
export function registerBackend(backend: Backend): void {
  backends.set(backend.name, backend);
}

/** The backend kernels run on now. */
export function getBackend(): Backend {
  return current;
}

/** Forces a backend by name ('js', 'wasm', ...); throws listing the available ones. */
export function setBackend(name: string): void {
  const b = backends.get(name);
  if (!b) {
    throw new Error(
      `setBackend: unknown backend '${name}'; available: ${[...backends.keys()].join(", ")}`,
    );
  }
  current = b;
}

export function listBackends(): string[] {
  return [...backends.keys()];
}
