/**
 * A float32 view of `memory` holding at least `floats` elements: grows the memory when it is
 * smaller, and returns `view` while it still covers the memory's buffer (growth replaces the
 * buffer), a new view otherwise; undefined if the memory cannot grow (past wasm32's 4 GB, or out
 * of memory). For the wasm matmul kernels and the SIMD elementwise ones.
 */
export function reserveFloats(
  memory: WebAssembly.Memory,
  view: Float32Array,
  floats: number,
): Float32Array | undefined {
  const have = memory.buffer.byteLength;
  if (floats * 4 > have) {
    try {
      memory.grow(Math.ceil((floats * 4 - have) / 65536));
    } catch {
      return undefined;
    }
  }
  return view.buffer === memory.buffer ? view : new Float32Array(memory.buffer);
}
