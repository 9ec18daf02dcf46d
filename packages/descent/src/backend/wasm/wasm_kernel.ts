import { reserveFloats } from "./memory.js";
import { type GemmTeam, MAX_BANDS } from "./wasm_threads.js";

/**
 * One instance of the WebAssembly float32 matmul (source: packages/descent/wasm/matmul.wat) and the
 * layout of its linear memory, reused across calls. Per call, the operands are copied into linear
 * memory, packed into panels there and multiplied by a register-blocked micro-kernel; the result
 * is copied back. Memory grows when a problem needs more and is never shrunk.
 */

/** Cache blocking, in elements: A blocks [mc x kc] stay in L2, B panels [kc x NR] in L1. */
export interface Blocking {
  mc: number;
  kc: number;
  nc: number;
}

/** Measured on Zen 5 (48 KB L1, 1 MB L2); anything from 96 to 1024 rows and 128 to 512 depths is within noise. */
export const DEFAULT_BLOCKING: Blocking = { mc: 256, kc: 384, nc: 4096 };

interface Exports {
  memory: WebAssembly.Memory;
  MR: WebAssembly.Global;
  NR: WebAssembly.Global;
  UNROLL: WebAssembly.Global;
  gemm(...args: number[]): void;
  packb(b: number, sbk: number, sbn: number, k: number, n: number, kc: number, dst: number): void;
  transpose(src: number, rows: number, cols: number, dst: number): void;
}

/**
 * With a team of threads, problems of at least this many multiply-adds (~40 us on one core) are split across
 * threads: handing over and collecting a band costs some microseconds (bench/matmul.ts).
 */
export const THREAD_MIN_WORK = 1 << 20;
/**
 * ...and at least this many outputs: a thin product (W3's 256 x 784 x 10 and its 10 x 784 weight
 * gradient) gives each thread a sliver of C and was slower on two threads than on one.
 */
export const THREAD_MIN_OUTPUTS = 1 << 14;

/** Whether an m x k x n product is large enough to share among threads. */
export const sharesThreads = (m: number, k: number, n: number): boolean =>
  m * k * n >= THREAD_MIN_WORK && m * n >= THREAD_MIN_OUTPUTS;

/** Products fewer columns wide than this (and taller) are computed transposed (see matmul). */
const SWAP_BELOW = 16;

const up = (x: number, q: number): number => Math.ceil(x / q) * q;

export class WasmMatmulKernel {
  /** Micro-kernel rows and columns, and the k unroll that packed panels are padded to. */
  readonly mr: number;
  readonly nr: number;
  readonly unroll: number;
  blocking: Blocking = { ...DEFAULT_BLOCKING };
  /** Threads that share large problems (none unless initWasm({ threads }) started them). */
  team?: GemmTeam;
  private readonly ex: Exports;
  private readonly memory: WebAssembly.Memory;
  private f32: Float32Array;

  /**
   * `relaxed`: whether the module uses relaxed-SIMD fused multiply-add; `memory`: the memory it
   * imports, for the shared-memory modules (the others export their own).
   */
  constructor(
    instance: WebAssembly.Instance,
    readonly relaxed: boolean,
    memory?: WebAssembly.Memory,
  ) {
    this.ex = instance.exports as unknown as Exports;
    this.memory = memory ?? this.ex.memory;
    this.mr = this.ex.MR.value as number;
    this.nr = this.ex.NR.value as number;
    this.unroll = this.ex.UNROLL.value as number;
    this.f32 = new Float32Array(this.memory.buffer);
  }

  /** Bytes of linear memory now. */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** Makes linear memory hold at least `floats` float32s, growing it when needed; undefined if it cannot. */
  private reserve(floats: number): Float32Array | undefined {
    const f32 = reserveFloats(this.memory, this.f32, floats);
    if (f32) this.f32 = f32;
    return f32;
  }

  /** `Backend.matmul` for float32 arrays and m, k, n >= 1; false (nothing done) if it does not fit in wasm memory. */
  matmul(
    a: Float32Array,
    aOff: number,
    b: Float32Array,
    bOff: number,
    out: Float32Array,
    oOff: number,
    m: number,
    k: number,
    n: number,
    transA: boolean,
    transB: boolean,
  ): boolean {
    const { mr, nr, unroll } = this;
    // A product only a few columns wide would fill few lanes of the micro-kernel's tile (or leave
    // a ragged edge through the scratch tile): compute C^T = op(B)^T op(A)^T [n x m] instead, and
    // transpose it on the way out (measured slower unswapped: bench/README.md).
    const swap = n < SWAP_BELOW && m > n;
    const [rows, cols] = swap ? [n, m] : [m, n];
    const mc = Math.max(mr, Math.floor(this.blocking.mc / mr) * mr);
    const kc = Math.max(unroll, Math.floor(this.blocking.kc / unroll) * unroll);
    const nc = Math.max(nr, Math.floor(this.blocking.nc / nr) * nr);
    const kcp = up(Math.min(kc, k), unroll);
    const threads = this.team && sharesThreads(m, k, n) ? this.team.size : 1;
    // Threads take bands of rows (or of columns, when there are more: always for a swapped
    // product). Bands of rows all use the whole of B: when it is one block of columns with its
    // rows contiguous, it is packed once, here, not once a band (B^T, whose packing transposes,
    // gained nothing from a serial pack: bench/README.md). The module's packb and gemm lay the
    // shared panel out for an unroll of 1, which every module has.
    const byRows = rows >= cols;
    const packOnce = threads > 1 && byRows && cols <= nc && !transB && unroll === 1;
    // Layout in floats, 16-aligned: per thread (tile | packed A | packed B), then A | B | C, then
    // C^T when swapped, then B packed once.
    const pA = up(mr * nr, 16);
    const pB = pA + up(up(Math.min(mc, rows), mr) * kcp, 16);
    const span = pB + up(up(Math.min(nc, cols), 4) * kcp, 16);
    const aAt = threads * span;
    const bAt = aAt + up(m * k, 16);
    const cAt = bAt + up(k * n, 16);
    const resAt = swap ? cAt + up(m * n, 16) : cAt;
    const packedAt = resAt + up(m * n, 16);
    const f32 = this.reserve(packOnce ? packedAt + up(k, unroll) * up(cols, 4) : resAt + m * n);
    if (!f32) return false;
    f32.set(a.subarray(aOff, aOff + m * k), aAt);
    f32.set(b.subarray(bOff, bOff + k * n), bAt);
    // Element strides of op(A)[i, p] and op(B)[p, j]; swapped, of op(B)^T and op(A)^T.
    const [sam, sak] = transA ? [1, m] : [k, 1];
    const [sbk, sbn] = transB ? [1, k] : [n, 1];
    const [x, sxm, sxk, y, syk, syn] = swap
      ? [bAt, sbn, sbk, aAt, sak, sam]
      : [aAt, sam, sak, bAt, sbk, sbn];
    // gemm's first 11 arguments for the block of C at (i0, j0), of r x cl.
    const job = (i0: number, j0: number, r: number, cl: number): number[] => {
      const [xAt, yAt, cOut] = [x + i0 * sxm, y + j0 * syn, cAt + i0 * cols + j0];
      return [r, cl, k, xAt * 4, sxm, sxk, yAt * 4, syk, syn, cOut * 4, cols];
    };
    if (threads === 1) this.ex.gemm(...job(0, 0, rows, cols), pA * 4, pB * 4, 0, mc, kc, nc, 0);
    else {
      // Two bands per thread, claimed as they go; thread t packs into its own slot.
      if (packOnce) this.ex.packb(y * 4, syk, syn, k, cols, kc, packedAt * 4);
      const len = byRows ? rows : cols;
      const band = up(Math.ceil(len / Math.min(MAX_BANDS, 2 * threads)), byRows ? mr : nr);
      const bands: number[][] = [];
      for (let lo = 0; lo < len; lo += band) {
        const size = Math.min(band, len - lo);
        bands.push(byRows ? job(lo, 0, size, cols) : job(0, lo, rows, size));
      }
      const slots = Array.from({ length: threads }, (_, t) => {
        const o = t * span;
        return [(o + pA) * 4, (o + pB) * 4, o * 4];
      });
      this.team!.run(this.ex.gemm, bands, slots, [mc, kc, nc, packOnce ? packedAt * 4 : 0]);
    }
    if (swap) this.ex.transpose(cAt * 4, n, m, resAt * 4);
    out.set(f32.subarray(resAt, resAt + m * n), oOff);
    return true;
  }
}
