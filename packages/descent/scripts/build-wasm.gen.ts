/**
 * Generates the WAT text of the float32 matmul module (assembled by scripts/build-wasm.ts).
 *
 * The algorithm is the Goto/BLIS one: for each [KC x NC] block of B, pack it into NR-wide column
 * panels; for each [MC x KC] block of A, pack it into MR-high row panels; then an MR x NR
 * register-blocked micro-kernel multiplies one A panel by one B panel, keeping MR * NR / 4
 * f32x4 accumulators in registers. Edge tiles use smaller kernels (mr rows, 4 * nv columns);
 * only column counts that are not a multiple of 4 go through a scratch tile.
 *
 * The default 2 x 16 kernel, not unrolled, is the fastest measured in V8 (Node 20, x64): it needs
 * 8 accumulators + 4 B vectors + 2 broadcasts + 1 product = 15 xmm registers, all V8 allocates;
 * larger tiles, or unrolling (TurboFan hoists the next step's loads), spill to the stack.
 */

/** Kernel shape and unroll; the JS side reads MR, NR and UNROLL back from the module's exports. */
export interface KernelConfig {
  /** Rows of the micro-kernel (A panel height). */
  mr: number;
  /** f32x4 vectors per row of the micro-kernel: NR = 4 * nv columns. */
  nv: number;
  /** Unroll of the k loop; packed panels are zero-padded to a multiple of it. */
  unroll: number;
  /** Use f32x4.relaxed_madd (fused multiply-add where the engine has it). */
  relaxed: boolean;
  /** Import a shared memory ("env" "memory") for worker threads, instead of defining one. */
  shared?: boolean;
}

import {
  range,
  g,
  set,
  c,
  add,
  sub,
  mul,
  shl2,
  lt,
  eq,
  min,
  inc,
  locals,
  params,
  whileDo,
  forUp,
  ifThen,
  f32copy,
  shuffle32,
} from "./build-wasm.wat.js";

export const DEFAULT_CONFIG: Omit<KernelConfig, "relaxed" | "shared"> = { mr: 2, nv: 4, unroll: 1 };

/** Micro-kernel for an mr x (4 * nv) tile: C[tile] (+)= Apanel[kc x mr]^T Bpanel[kc x 4nv]. */
function kernel(mr: number, nv: number, cfg: KernelConfig): string {
  const nr = 4 * nv;
  const acc = (i: number, j: number): string => `c${i}_${j}`;
  const accs = range(mr).flatMap((i) => range(nv).map((j) => acc(i, j)));
  const step: string[] = [];
  for (let u = 0; u < cfg.unroll; u++) {
    for (let j = 0; j < nv; j++)
      step.push(set(`b${j}`, `(v128.load offset=${(u * nr + 4 * j) * 4} ${g("pb")})`));
    for (let i = 0; i < mr; i++) {
      step.push(set("a", `(v128.load32_splat offset=${(u * mr + i) * 4} ${g("pa")})`));
      for (let j = 0; j < nv; j++) {
        const [x, y, z] = [g("a"), g(`b${j}`), g(acc(i, j))];
        const fma = cfg.relaxed
          ? `(f32x4.relaxed_madd ${x} ${y} ${z})`
          : `(f32x4.add ${z} (f32x4.mul ${x} ${y}))`;
        step.push(set(acc(i, j), fma));
      }
    }
  }
  // C += acc when accumulating, C = acc otherwise: C is loaded either way and masked to +0
  // (all-zero bits) for the first k block, which keeps one copy of the store code.
  const store = range(mr)
    .flatMap((i) => [
      ...range(nv).map((j) => {
        const old = `(v128.and (v128.load offset=${16 * j} ${g("row")}) ${g("mask")})`;
        return `(v128.store offset=${16 * j} ${g("row")} (f32x4.add ${old} ${g(acc(i, j))}))`;
      }),
      inc("row", g("ldc")),
    ])
    .join(" ");
  return `
  (func $k${mr}x${nv} (type $kern) ${params("pa pb c ldc kc acc")}
    ${locals("i32", "end row")} ${locals("v128", ["a", "mask", ...range(nv).map((j) => `b${j}`), ...accs].join(" "))}
    ${set("end", add(g("pa"), mul(g("kc"), c(mr * 4))))}
    (loop $L ${step.join(" ")}
      ${inc("pa", cfg.unroll * mr * 4)} ${inc("pb", cfg.unroll * nr * 4)}
      (br_if $L (i32.lt_u ${g("pa")} ${g("end")})))
    ${set("row", g("c"))}
    ${set("mask", `(i32x4.splat (i32.sub ${c(0)} ${g("acc")}))`)} ${store})`;
}

/**
 * packB(b, sbk, sbn, kcb, kcp, ncb, dst): packs B[0:kcb, 0:ncb] (B(p, j) at b + p sbk + j sbn,
 * byte strides, one of them 4) into NR-wide panels, each [kcp x wp] row-major, zero-padded.
 */
function packB(nr: number): string {
  const load4 = range(4).map((q) =>
    set(`r${q}`, `(v128.load ${add(g("s"), mul(c(q), g("sbn")))})`),
  );
  // 4 x 4 transpose: t0..t3 interleave row pairs, then output row q takes halves of two of them.
  const t = range(4).map((q) => {
    const [x, y] = q < 2 ? ["r0", "r1"] : ["r2", "r3"];
    return set(`t${q}`, shuffle32(q % 2 ? [2, 6, 3, 7] : [0, 4, 1, 5], g(x), g(y)));
  });
  const store4 = range(4).map((q) => {
    const v = shuffle32(
      q % 2 ? [2, 3, 6, 7] : [0, 1, 4, 5],
      g(`t${q >> 1}`),
      g(`t${(q >> 1) + 2}`),
    );
    return `(v128.store ${q ? add(g("d"), mul(c(q), g("wp4"))) : g("d")} ${v})`;
  });
  const rows = forUp(
    "p",
    c(0),
    g("kcb"),
    1,
    set("s", add(g("src"), mul(g("p"), g("sbk")))),
    set("d", add(g("pd"), mul(g("p"), g("wp4")))),
    set("j", c(0)),
    whileDo(
      `(i32.le_s ${add(g("j"), c(4))} ${g("w")})`,
      `(v128.store ${g("d")} (v128.load ${g("s")}))`,
      inc("s", 16),
      inc("d", 16),
      inc("j", 4),
    ),
    whileDo(lt(g("j"), g("w")), f32copy(g("d"), g("s")), inc("s", 4), inc("d", 4), inc("j", 1)),
  );
  // Columns contiguous (sbk = 4): 4 columns at a time, 4 x 4 blocks transposed in registers.
  const columns = [
    set("j", c(0)),
    whileDo(
      `(i32.and ${eq(g("sbk"), c(4))} (i32.le_s ${add(g("j"), c(4))} ${g("w")}))`,
      set("s", add(g("src"), mul(g("j"), g("sbn")))),
      set("d", add(g("pd"), shl2(g("j")))),
      set("p", c(0)),
      whileDo(
        `(i32.le_s ${add(g("p"), c(4))} ${g("kcb")})`,
        ...load4,
        ...t,
        ...store4,
        inc("s", 16),
        inc("d", mul(c(4), g("wp4"))),
        inc("p", 4),
      ),
      whileDo(
        lt(g("p"), g("kcb")),
        ...range(4).map((q) => f32copy(add(g("d"), c(4 * q)), add(g("s"), mul(c(q), g("sbn"))))),
        inc("s", 4),
        inc("d", g("wp4")),
        inc("p", 1),
      ),
      inc("j", 4),
    ),
    whileDo(
      lt(g("j"), g("w")),
      set("s", add(g("src"), mul(g("j"), g("sbn")))),
      set("d", add(g("pd"), shl2(g("j")))),
      forUp(
        "p",
        c(0),
        g("kcb"),
        1,
        f32copy(g("d"), g("s")),
        inc("s", g("sbk")),
        inc("d", g("wp4")),
      ),
      inc("j", 1),
    ),
  ].join(" ");
  return `
  (func $packB ${params("b sbk sbn kcb kcp ncb dst")}
    ${locals("i32", "jr w wp4 p j s d src pd")} ${locals("v128", "r0 r1 r2 r3 t0 t1 t2 t3")}
    ${forUp(
      "jr",
      c(0),
      g("ncb"),
      nr,
      set("w", min(c(nr), sub(g("ncb"), g("jr")))),
      set("wp4", shl2(`(i32.and ${add(g("w"), c(3))} ${c(-4)})`)),
      set("pd", add(g("dst"), shl2(mul(g("jr"), g("kcp"))))),
      set("src", add(g("b"), mul(g("jr"), g("sbn")))),
      ifThen(
        `(i32.or (i32.ne ${shl2(g("w"))} ${g("wp4")}) (i32.ne ${g("kcb")} ${g("kcp")}))`,
        `(memory.fill ${g("pd")} ${c(0)} ${mul(g("kcp"), g("wp4"))})`,
      ),
      ifThen(eq(g("sbn"), c(4)), rows, columns),
    )})`;
}

/**
 * packA(a, sam, sak, mcb, kcb, kcp, dst): packs A[0:mcb, 0:kcb] (A(i, p) at a + i sam + p sak,
 * byte strides, one of them 4) into MR-high panels, each [kcp x w] row-major, zero-padded.
 */
function packA(mr: number): string {
  const pairs = [
    set("s", g("src")),
    set("d", g("pd")),
    set("p", c(0)),
    whileDo(
      `(i32.le_s ${add(g("p"), c(4))} ${g("kcb")})`,
      set("r0", `(v128.load ${g("s")})`),
      set("r1", `(v128.load ${add(g("s"), g("sam"))})`),
      `(v128.store ${g("d")} ${shuffle32([0, 4, 1, 5], g("r0"), g("r1"))})`,
      `(v128.store offset=16 ${g("d")} ${shuffle32([2, 6, 3, 7], g("r0"), g("r1"))})`,
      inc("s", 16),
      inc("d", 32),
      inc("p", 4),
    ),
    whileDo(
      lt(g("p"), g("kcb")),
      f32copy(g("d"), g("s")),
      f32copy(add(g("d"), c(4)), add(g("s"), g("sam"))),
      inc("s", 4),
      inc("d", 8),
      inc("p", 1),
    ),
    set("i", c(2)),
  ].join(" ");
  // Rows contiguous (sak = 4): two rows interleaved with shuffles, any others one at a time.
  const rows = [
    set("i", c(0)),
    ifThen(eq(g("w"), c(2)), pairs),
    whileDo(
      lt(g("i"), g("w")),
      set("s", add(g("src"), mul(g("i"), g("sam")))),
      set("d", add(g("pd"), shl2(g("i")))),
      forUp("p", c(0), g("kcb"), 1, f32copy(g("d"), g("s")), inc("s", 4), inc("d", g("w4"))),
      inc("i", 1),
    ),
  ].join(" ");
  // Columns contiguous (sam = 4): w floats per k, as one i64 when w = 2.
  const columns = forUp(
    "p",
    c(0),
    g("kcb"),
    1,
    set("s", add(g("src"), mul(g("p"), g("sak")))),
    set("d", add(g("pd"), mul(g("p"), g("w4")))),
    ifThen(
      `(i32.and ${eq(g("w"), c(2))} ${eq(g("sam"), c(4))})`,
      `(i64.store ${g("d")} (i64.load ${g("s")}))`,
      forUp("i", c(0), g("w"), 1, f32copy(g("d"), g("s")), inc("s", g("sam")), inc("d", 4)),
    ),
  );
  return `
  (func $packA ${params("a sam sak mcb kcb kcp dst")}
    ${locals("i32", "ir w w4 p i s d src pd")} ${locals("v128", "r0 r1")}
    ${forUp(
      "ir",
      c(0),
      g("mcb"),
      mr,
      set("w", min(c(mr), sub(g("mcb"), g("ir")))),
      set("w4", shl2(g("w"))),
      set("pd", add(g("dst"), shl2(mul(g("ir"), g("kcp"))))),
      set("src", add(g("a"), mul(g("ir"), g("sam")))),
      ifThen(
        `(i32.ne ${g("kcb")} ${g("kcp")})`,
        `(memory.fill ${add(g("pd"), mul(g("kcb"), g("w4")))} ${c(0)} ${mul(sub(g("kcp"), g("kcb")), g("w4"))})`,
      ),
      ifThen(eq(g("sak"), c(4)), rows, columns),
    )})`;
}

/**
 * gemm(m, n, k, a, sam, sak, b, sbk, sbn, c, ldc, packA, packB, tile, mc, kc, nc):
 * C[m x n] = A B with A(i, p) at a + 4 (i sam + p sak), B(p, j) at b + 4 (p sbk + j sbn),
 * C(i, j) at c + 4 (i ldc + j); all sizes >= 1. Pointers are byte addresses, strides elements.
 */
function gemm(cfg: KernelConfig): string {
  const { mr, nv, unroll } = cfg;
  const nr = 4 * nv;
  const kernelIndex = add(mul(c(nv), sub(g("mr"), c(1))), sub(g("nvp"), c(1)));
  const call = (cp: string, ldc: string, acc: string): string =>
    `(call_indirect (type $kern) ${g("x")} ${g("pb")} ${cp} ${ldc} ${g("kcp")} ${acc} ${kernelIndex})`;
  // Tiles whose width is not a multiple of 4 go through the scratch tile, then element-wise.
  const edge = forUp(
    "i",
    c(0),
    g("mr"),
    1,
    forUp(
      "j",
      c(0),
      g("nr"),
      1,
      set("x", add(g("cp"), add(mul(g("i"), g("ldc")), shl2(g("j"))))),
      `(f32.store ${g("x")} (f32.add (select (f32.load ${g("x")}) (f32.const 0) ${g("acc")})
        (f32.load ${add(g("tile"), shl2(add(mul(g("i"), shl2(g("nvp"))), g("j"))))})))`,
    ),
  );
  const ir = forUp(
    "ir",
    c(0),
    g("mcb"),
    mr,
    set("mr", min(c(mr), sub(g("mcb"), g("ir")))),
    set("x", add(g("pA"), shl2(mul(g("ir"), g("kcp"))))),
    set("cp", add(g("c"), add(mul(add(g("ic"), g("ir")), g("ldc")), shl2(add(g("jc"), g("jr")))))),
    ifThen(
      eq(g("nr"), shl2(g("nvp"))),
      call(g("cp"), g("ldc"), g("acc")),
      `${call(g("tile"), `(i32.shl ${g("nvp")} ${c(4)})`, c(0))} ${edge}`,
    ),
  );
  const jr = forUp(
    "jr",
    c(0),
    g("ncb"),
    nr,
    set("nr", min(c(nr), sub(g("ncb"), g("jr")))),
    set("nvp", `(i32.shr_u ${add(g("nr"), c(3))} ${c(2)})`),
    set("pb", add(g("pB"), shl2(mul(g("jr"), g("kcp"))))),
    ir,
  );
  const ic = forUp(
    "ic",
    c(0),
    g("m"),
    g("mc"),
    set("mcb", min(g("mc"), sub(g("m"), g("ic")))),
    `(call $packA ${add(g("a"), add(mul(g("ic"), g("sam")), mul(g("pc"), g("sak"))))}
      ${g("sam")} ${g("sak")} ${g("mcb")} ${g("kcb")} ${g("kcp")} ${g("pA")})`,
    jr,
  );
  const pc = forUp(
    "pc",
    c(0),
    g("k"),
    g("kc"),
    set("kcb", min(g("kc"), sub(g("k"), g("pc")))),
    set("kcp", mul(`(i32.div_u ${add(g("kcb"), c(unroll - 1))} ${c(unroll)})`, c(unroll))),
    `(call $packB ${add(g("b"), add(mul(g("pc"), g("sbk")), mul(g("jc"), g("sbn"))))}
      ${g("sbk")} ${g("sbn")} ${g("kcb")} ${g("kcp")} ${g("ncb")} ${g("pB")})`,
    set("acc", `(i32.ne ${g("pc")} ${c(0)})`),
    ic,
  );
  const jc = forUp("jc", c(0), g("n"), g("nc"), set("ncb", min(g("nc"), sub(g("n"), g("jc")))), pc);
  return `
  (func (export "gemm") ${params("m n k a sam sak b sbk sbn c ldc pA pB tile mc kc nc")}
    ${locals("i32", "jc ncb pc kcb kcp ic mcb jr nr nvp ir mr cp acc i j x pb")}
    ${["sam", "sak", "sbk", "sbn", "ldc"].map((s) => set(s, shl2(g(s)))).join(" ")}
    ${jc})`;
}

/** transpose(src, rows, cols, dst): dst[cols x rows] = src[rows x cols]^T. */
const transpose = `
  (func (export "transpose") ${params("src rows cols dst")} ${locals("i32", "i j s d")}
    ${forUp(
      "i",
      c(0),
      g("rows"),
      1,
      set("s", add(g("src"), shl2(mul(g("i"), g("cols"))))),
      set("d", add(g("dst"), shl2(g("i")))),
      forUp(
        "j",
        c(0),
        g("cols"),
        1,
        f32copy(g("d"), g("s")),
        inc("s", 4),
        inc("d", shl2(g("rows"))),
      ),
    )})`;

/** The whole module as WAT text. */
export function matmulWat(cfg: KernelConfig): string {
  const { mr, nv } = cfg;
  const shapes = range(mr).flatMap((i) => range(nv).map((j) => [i + 1, j + 1]));
  return `(module
  (type $kern (func ${params("pa pb c ldc kc acc").replace(/\$\w+ /g, "")}))
  ${cfg.shared ? `(import "env" "memory" (memory 1 65536 shared))` : `(memory (export "memory") 1)`}
  (global (export "MR") i32 ${c(mr)})
  (global (export "NR") i32 ${c(4 * nv)})
  (global (export "UNROLL") i32 ${c(cfg.unroll)})
  (table ${shapes.length} funcref)
  (elem (i32.const 0) ${shapes.map(([i, j]) => `$k${i}x${j}`).join(" ")})
  ${shapes.map(([i, j]) => kernel(i, j, cfg)).join("\n")}
  ${packB(4 * nv)}
  ${packA(mr)}
  ${gemm(cfg)}
  ${transpose}
)`;
}
