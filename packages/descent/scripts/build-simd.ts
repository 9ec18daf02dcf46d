/**
 * Builds the WebAssembly SIMD module of descent's float32 elementwise kernels (exp, sigmoid, relu,
 * their gradients, bias rows, column sums): WAT text below, assembled with the `wabt` package
 * (scripts/build-wasm.ts's `assemble`), written base64-encoded into
 * src/backend/simd/simd_wasm_bytes.ts so that tsc, tsx and browsers all load it with no file
 * system access.
 *
 * Run: `npm run build:wasm` (part of `npm run build`).
 *
 * exp(x), 4 lanes at a time (Cephes' expf): n = round(x / ln 2), r = x - n ln 2 (ln 2 split in two
 * for an exact product), e^r by a degree-7 polynomial, times 2^n built in the exponent bits, in two
 * halves so that 2^-150..2^128 stay representable. x is clamped to [-104, 89] first: below, e^x is
 * 0 in float32; above, the product overflows to +inf, as it should. NaN stays NaN. Error: within 2 ulp over the whole float32 range (test/backend/simd.test.ts).
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { assemble } from "./build-wasm.js";

/** Vector constants, by value: each becomes a global, read into a local of the same name. */
const consts = new Map<string, string>();
const constant = (type: string, v: number): string => {
  const key = `${type} ${v}`;
  if (!consts.has(key)) consts.set(key, `k${consts.size}`);
  return `(local.get $${consts.get(key)})`;
};
const f4 = (v: number): string => constant("f32x4", v);
const i4 = (v: number): string => constant("i32x4", v);
/** Declarations and initial values of the constants that `body` uses. */
const constantsOf = (body: string): { locals: string; inits: string } => {
  const used = [...consts].filter(([, n]) => body.includes(`$${n})`));
  return {
    locals: used.map(([, n]) => `(local $${n} v128)`).join(" "),
    inits: used.map(([, n]) => `(local.set $${n} (global.get $g${n}))`).join(" "),
  };
};

/**
 * The constants as mutable globals, read into locals before a function's loop. (Taken from a
 * v128.const, a local is a known constant to V8, which then rebuilds it with three instructions
 * at every use inside the loop; read from a mutable global it is a plain value in a register.)
 */
const constantGlobals = (module: string): string =>
  [...consts]
    .filter(([, n]) => module.includes(`$g${n})`))
    .map(([k, n]) => {
      const [type, v] = k.split(" ");
      const lit = v === "-Infinity" ? "-inf" : v;
      return `(global $g${n} (mut v128) (v128.const ${type} ${lit} ${lit} ${lit} ${lit}))`;
    })
    .join("\n  ");
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const get = (n: string): string => `(local.get $${n})`;
const set = (n: string, v: string): string => `(local.set $${n} ${v})`;
const mul = (a: string, b: string): string => `(f32x4.mul ${a} ${b})`;
const add = (a: string, b: string): string => `(f32x4.add ${a} ${b})`;
const sub = (a: string, b: string): string => `(f32x4.sub ${a} ${b})`;

/** Statements that leave e^x in local $e, for x in local $x (uses $t, $r, $p, $i, $h). */
const EXP = [
  // pmin/pmax are single instructions (min/max handle NaN and -0 in several); with x first, a
  // NaN x passes through.
  set("x", `(f32x4.pmax (f32x4.pmin ${get("x")} ${f4(89)}) ${f4(-104)})`),
  // x / ln 2 + 1.5 * 2^23 rounds to the nearest integer n, which then sits in the low mantissa bits.
  set("t", add(mul(get("x"), f4(1.4426950408889634)), f4(12582912))),
  set("i", `(i32x4.sub ${get("t")} ${i4(0x4b400000)})`),
  set("t", sub(get("t"), f4(12582912))),
  set("r", sub(sub(get("x"), mul(get("t"), f4(0.693359375))), mul(get("t"), f4(-2.1219444e-4)))),
  set("p", add(mul(f4(1.98756915e-4), get("r")), f4(1.3981999507e-3))),
  set("p", add(mul(get("p"), get("r")), f4(8.3334519073e-3))),
  set("p", add(mul(get("p"), get("r")), f4(4.1665795894e-2))),
  set("p", add(mul(get("p"), get("r")), f4(1.6666665459e-1))),
  set("p", add(mul(get("p"), get("r")), f4(5.0000001201e-1))),
  set("p", add(add(mul(mul(get("p"), get("r")), get("r")), get("r")), f4(1))),
  set("h", `(i32x4.shr_s ${get("i")} (i32.const 1))`),
  // 2^n = 2^h * 2^(n - h), each a float built from its biased exponent.
  set(
    "e",
    mul(
      mul(get("p"), `(i32x4.shl (i32x4.add ${get("h")} ${i4(127)}) (i32.const 23))`),
      `(i32x4.shl (i32x4.add (i32x4.sub ${get("i")} ${get("h")}) ${i4(127)}) (i32.const 23))`,
    ),
  ),
].join("\n      ");

/**
 * The sigmoid 1 / (1 + e^-x) of the 4 floats at byte offset `off` past $src + $at, stored at the
 * same place past $dst, in locals suffixed `u` (so that several run interleaved: one alone is a
 * chain of ~25 dependent instructions, too long for the processor to overlap with the next).
 *
 * e^-x as in EXP, with x clamped to [-89, 88] so that n = round(-x / ln 2) is in [-127, 128],
 * and 2^n built in one step from the rounding's own bits (t's bits are 0x4b400000 + n; plus the
 * exponent bias 127, shifted left 23, they are 2^n's: 0x4b400000 << 23 wraps to 0). n = 128
 * gives +inf, so 1 / (1 + e) is 0; n = -127 gives 0, and 1 + e is 1 either way. The negation of
 * x is folded into the constants: the reduced argument is kept as r' = -r (computed as
 * x + t c1 + t c2, exactly -r since rounding is symmetric) and the odd coefficients of the
 * polynomial are negated, so every intermediate is exactly plus or minus EXP's and the result is
 * EXP's bit for bit wherever the sigmoid is a normal float32 (only below 2^-126, x < -88.3, can
 * it differ, by under half of 2^-126). 10000 floats: 11.3 us with a negation and one vector a
 * step, 7.7 us like this.
 */
function sigmoidAt(u: string, off: number): string {
  const v = (n: string): string => `${n}${u}`;
  const r = get(v("r"));
  const at = `(i32.add ${get("src")} ${get("at")})`;
  return [
    set(v("x"), `(f32x4.pmin (f32x4.pmax (v128.load offset=${off} ${at}) ${f4(-89)}) ${f4(88)})`),
    set(v("t"), add(mul(get(v("x")), f4(-1.4426950408889634)), f4(12582912))),
    set(v("e"), `(i32x4.shl (i32x4.add ${get(v("t"))} ${i4(127)}) (i32.const 23))`),
    set(v("t"), sub(get(v("t")), f4(12582912))),
    set(
      v("r"),
      add(add(get(v("x")), mul(get(v("t")), f4(0.693359375))), mul(get(v("t")), f4(-2.1219444e-4))),
    ),
    set(v("p"), add(mul(f4(-1.98756915e-4), r), f4(1.3981999507e-3))),
    set(v("p"), add(mul(get(v("p")), r), f4(-8.3334519073e-3))),
    set(v("p"), add(mul(get(v("p")), r), f4(4.1665795894e-2))),
    set(v("p"), add(mul(get(v("p")), r), f4(-1.6666665459e-1))),
    set(v("p"), add(mul(get(v("p")), r), f4(5.0000001201e-1))),
    set(v("p"), add(sub(mul(mul(get(v("p")), r), r), r), f4(1))),
    set(v("e"), mul(get(v("p")), get(v("e")))),
    `(v128.store offset=${off} (i32.add ${get("dst")} ${get("at")}) (f32x4.div ${f4(1)} ${add(f4(1), get(v("e")))}))`,
  ].join("\n      ");
}

/** Statements of `parts` interleaved line by line (independent chains, for the processor to overlap). */
const interleave = (parts: string[]): string => {
  const lines = parts.map((p) => p.split("\n"));
  return range(Math.max(...lines.map((l) => l.length)))
    .flatMap((i) => lines.map((l) => l[i] ?? ""))
    .filter((l) => l.trim() !== "")
    .join("\n");
};

/**
 * The sigmoid over `count` floats (rounded up to whole vectors: callers leave room): 4 vectors
 * a step, interleaved, then the rest one vector a step.
 */
const SIGMOID = (() => {
  const wide = interleave(range(4).map((q) => sigmoidAt(String(q), 16 * q)));
  const one = sigmoidAt("0", 0);
  const k = constantsOf(wide);
  const locals = range(4)
    .flatMap((q) => ["x", "t", "e", "r", "p"].map((n) => `(local $${n}${q} v128)`))
    .join(" ");
  return `
  (func (export "sigmoid") (param $src i32) (param $dst i32) (param $count i32)
    (local $at i32) (local $end i32) (local $end4 i32) ${locals} ${k.locals}
    ${k.inits}
    (local.set $end (i32.shl (local.get $count) (i32.const 2)))
    (local.set $end4 (i32.and (local.get $end) (i32.const -64)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $at) (local.get $end4)))
      ${wide}
      (local.set $at (i32.add (local.get $at) (i32.const 64)))
      (br $next)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
      ${one}
      (local.set $at (i32.add (local.get $at) (i32.const 16)))
      (br $next))))`;
})();

const EXP_LOCALS =
  "(local $x v128) (local $t v128) (local $r v128) (local $p v128) (local $i v128) (local $h v128) (local $e v128)";

/**
 * A function over `count` float32s, 4 at a time (count is rounded up: callers leave room).
 * `loads` reads the inputs at byte offset $at, `body` computes the value to store at $dst + $at.
 */
function map(name: string, inputs: string[], body: string): string {
  const ps = inputs.map((s) => `(param $${s} i32)`).join(" ");
  const k = constantsOf(body);
  return `
  (func (export "${name}") ${ps} (param $dst i32) (param $count i32)
    (local $at i32) (local $end i32) ${EXP_LOCALS} ${k.locals}
    ${k.inits}
    (local.set $end (i32.shl (local.get $count) (i32.const 2)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
      ${body}
      (local.set $at (i32.add (local.get $at) (i32.const 16)))
      (br $next))))`;
}
const load = (p: string): string => `(v128.load (i32.add ${get(p)} ${get("at")}))`;
const store = (v: string): string => `(v128.store (i32.add ${get("dst")} ${get("at")}) ${v})`;

/** A v128 local never written: wasm zeroes locals, and a local.get is 16 bytes shorter than a const. */
const zero = "(local.get $zero)";

/**
 * C[m, 4 nv] = bias + op(A)[m, k] B[k, 4 nv] for a few columns (nv vectors): one row of C at a
 * time, its nv accumulators in registers (starting from the bias row, 4 nv floats), each step a
 * broadcast element of A times nv vectors of B. A is
 * read through byte strides (sam, sak), so transposed A needs no copy; B is packed by the caller
 * into rows of 4 nv floats. C's rows are ldc bytes apart: a row's last vector may spill into the
 * next row, which is written after it (the caller leaves room after the last).
 */
function mmRows(nv: number): string {
  const acc = (v: number): string => `acc${v}`;
  const ps =
    "(param $a i32) (param $sam i32) (param $sak i32) (param $b i32) (param $bias i32) (param $c i32) (param $ldc i32) (param $m i32) (param $k i32)";
  return `
  (func (export "mm_rows${nv}") ${ps}
    (local $i i32) (local $p i32) (local $pa i32) (local $pb i32) (local $s v128) ${range(nv)
      .map((v) => `(local $${acc(v)} v128)`)
      .join(" ")}
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
      ${range(nv)
        .map((v) => set(acc(v), `(v128.load offset=${16 * v} (local.get $bias))`))
        .join(" ")}
      (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $sam))))
      (local.set $pb (local.get $b))
      (local.set $p (i32.const 0))
      (block $kdone (loop $step
        (br_if $kdone (i32.ge_u (local.get $p) (local.get $k)))
        (local.set $s (v128.load32_splat (local.get $pa)))
        ${range(nv)
          .map((v) =>
            set(
              acc(v),
              add(get(acc(v)), mul(get("s"), `(v128.load offset=${16 * v} (local.get $pb))`)),
            ),
          )
          .join("\n        ")}
        (local.set $pa (i32.add (local.get $pa) (local.get $sak)))
        (local.set $pb (i32.add (local.get $pb) (i32.const ${16 * nv})))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $step)))
      ${range(nv)
        .map(
          (v) =>
            `(v128.store offset=${16 * v} (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc))) ${get(acc(v))})`,
        )
        .join("\n      ")}
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $row))))`;
}

/**
 * C[1, 4 nv] = a^T B for a [k] (a column of A^T B with one row, such as g^T h for a layer with
 * one output) and B [k, *] (ldb bytes a row): mm_tn with one row of accumulators instead of 4, so
 * that each output sums over k in the same order (bit-identical), at a quarter of the work.
 */
function mmTv(nv: number): string {
  const ps = "(param $a i32) (param $b i32) (param $ldb i32) (param $c i32) (param $k i32)";
  return `
  (func (export "mm_tv${nv}") ${ps}
    (local $p i32) (local $pa i32) (local $pb i32) (local $s v128) ${range(nv)
      .map((v) => `(local $acc${v} v128)`)
      .join(" ")}
    (local.set $pa (local.get $a))
    (local.set $pb (local.get $b))
    (block $kdone (loop $step
      (br_if $kdone (i32.ge_u (local.get $p) (local.get $k)))
      (local.set $s (v128.load32_splat (local.get $pa)))
      ${range(nv)
        .map((v) =>
          set(
            `acc${v}`,
            add(get(`acc${v}`), mul(get("s"), `(v128.load offset=${16 * v} (local.get $pb))`)),
          ),
        )
        .join(" ")}
      (local.set $pa (i32.add (local.get $pa) (i32.const 4)))
      (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $step)))
    ${range(nv)
      .map((v) => `(v128.store offset=${16 * v} (local.get $c) ${get(`acc${v}`)})`)
      .join(" ")})`;
}

/**
 * c[i] = bias + A[i, :k] . w for A's rows sam bytes apart (a linear layer with one output column):
 * per row, nv vectors of the row times nv of w (zero beyond k), the last vector's lanes past k
 * cleared by a mask first (they belong to the next row, which may hold an inf), then the 4 lanes
 * summed pairwise. The packing gemm spent 4.8 us on 1000 x 10 x 1; mm_rows' 16-byte stores
 * overlap with one column.
 */
const MV = `
  (func (export "mv") (param $a i32) (param $sam i32) (param $w i32) (param $mask i32) (param $c i32) (param $m i32) (param $nv i32) (param $bias f32)
    (local $i i32) (local $v i32) (local $pa i32) (local $pw i32) (local $last i32) (local $acc v128) (local $msk v128)
    (local.set $msk (v128.load (local.get $mask)))
    (local.set $last (i32.shl (i32.sub (local.get $nv) (i32.const 1)) (i32.const 4)))
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
      (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $sam))))
      (local.set $acc (f32x4.mul (v128.and (v128.load (i32.add (local.get $pa) (local.get $last))) (local.get $msk))
        (v128.load (i32.add (local.get $w) (local.get $last)))))
      (local.set $v (i32.const 0))
      (block $vdone (loop $vec
        (br_if $vdone (i32.ge_u (local.get $v) (local.get $last)))
        (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load (i32.add (local.get $pa) (local.get $v)))
          (v128.load (i32.add (local.get $w) (local.get $v))))))
        (local.set $v (i32.add (local.get $v) (i32.const 16)))
        (br $vec)))
      (local.set $acc (f32x4.add (local.get $acc) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $acc) (local.get $acc))))
      (f32.store (i32.add (local.get $c) (i32.shl (local.get $i) (i32.const 2)))
        (f32.add (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc))) (local.get $bias)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $row))))`;

/**
 * C[4 blocks, 4 nv] = A^T B for A [k, *] (lda bytes a row) and B [k, *] (ldb bytes a row), k long
 * and C small (a weight's gradient g^T x): 4 rows of C at a time, their 4 nv accumulators in
 * registers, over all k. Reads 4 columns of A and 4 nv of B whatever the true widths: the extra
 * ones land in rows and columns of C that the caller drops (it pads the arrays' ends).
 */
function mmTn(nv: number): string {
  const acc = (r: number, v: number): string => `acc${r}_${v}`;
  const ps =
    "(param $a i32) (param $lda i32) (param $b i32) (param $ldb i32) (param $c i32) (param $blocks i32) (param $k i32)";
  const cells = range(4).flatMap((r) => range(nv).map((v) => [r, v] as const));
  return `
  (func (export "mm_tn${nv}") ${ps}
    (local $blk i32) (local $p i32) (local $pa i32) (local $pb i32) (local $s v128) (local $zero v128)
    ${range(nv)
      .map((v) => `(local $b${v} v128)`)
      .join(" ")} ${cells.map(([r, v]) => `(local $${acc(r, v)} v128)`).join(" ")}
    (block $done (loop $block
      (br_if $done (i32.ge_u (local.get $blk) (local.get $blocks)))
      ${cells.map(([r, v]) => set(acc(r, v), zero)).join(" ")}
      (local.set $pa (i32.add (local.get $a) (i32.shl (local.get $blk) (i32.const 4))))
      (local.set $pb (local.get $b))
      (local.set $p (i32.const 0))
      (block $kdone (loop $step
        (br_if $kdone (i32.ge_u (local.get $p) (local.get $k)))
        ${range(nv)
          .map((v) => set(`b${v}`, `(v128.load offset=${16 * v} (local.get $pb))`))
          .join(" ")}
        ${range(4)
          .map(
            (r) =>
              `(local.set $s (v128.load32_splat offset=${4 * r} (local.get $pa))) ` +
              range(nv)
                .map((v) => set(acc(r, v), add(get(acc(r, v)), mul(get("s"), get(`b${v}`)))))
                .join(" "),
          )
          .join("\n        ")}
        (local.set $pa (i32.add (local.get $pa) (local.get $lda)))
        (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $step)))
      ${cells
        .map(
          ([r, v]) =>
            `(v128.store offset=${16 * (r * nv + v)} (i32.add (local.get $c) (i32.mul (local.get $blk) (i32.const ${64 * nv}))) ${get(acc(r, v))})`,
        )
        .join("\n      ")}
      (local.set $blk (i32.add (local.get $blk) (i32.const 1)))
      (br $block))))`;
}

/**
 * log(x) for x in [0, 1] or above, 4 lanes at a time (Cephes' logf): x = 2^e m with m in
 * [sqrt(1/2), sqrt(2)), log(1 + (m - 1)) by a degree-9 polynomial, plus e ln 2 (ln 2 in two parts).
 * Subnormal x is scaled by 2^25 first; 0 gives -inf. Statements leaving log($lx) in $ly.
 */
const LOG = [
  set("den", `(f32x4.lt ${get("lx")} ${f4(1.1754943508222875e-38)})`),
  set("lx", `(v128.bitselect ${mul(get("lx"), f4(33554432))} ${get("lx")} ${get("den")})`),
  set("le", `(i32x4.sub (i32x4.shr_s ${get("lx")} (i32.const 23)) ${i4(126)})`),
  set("le", `(i32x4.sub ${get("le")} (v128.and ${get("den")} ${i4(25)}))`),
  set("lm", `(v128.or (v128.and ${get("lx")} ${i4(0x007fffff)}) ${i4(0x3f000000)})`),
  // m < sqrt(1/2): use 2m - 1 and e - 1, else m - 1.
  set("lt", `(f32x4.lt ${get("lm")} ${f4(0.7071067811865476)})`),
  set("le", `(i32x4.add ${get("le")} ${get("lt")})`),
  set("lm", sub(add(get("lm"), `(v128.and ${get("lm")} ${get("lt")})`), f4(1))),
  set("lz", mul(get("lm"), get("lm"))),
  set("ly", add(mul(f4(7.0376836292e-2), get("lm")), f4(-1.151461031e-1))),
  ...[
    1.167699874e-1, -1.242014084e-1, 1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1,
    -2.4999993993e-1, 3.3333331174e-1,
  ].map((cf) => set("ly", add(mul(get("ly"), get("lm")), f4(cf)))),
  set("ly", mul(mul(get("ly"), get("lm")), get("lz"))),
  set("lf", `(f32x4.convert_i32x4_s ${get("le")})`),
  set("ly", add(get("ly"), mul(get("lf"), f4(-2.1219444e-4)))),
  set("ly", sub(get("ly"), mul(get("lz"), f4(0.5)))),
  set("ly", add(add(get("lm"), get("ly")), mul(get("lf"), f4(0.693359375)))),
  set("ly", `(v128.bitselect ${f4(-Infinity)} ${get("ly")} (f32x4.eq ${get("lx")} ${f4(0)}))`),
].join("\n      ");

/**
 * Softmax over rows of c floats, 4 rows at a time (lane r holds row 4 g + r, gathered and
 * scattered element by element, so c may be anything): m = the row's max (NaN wins; an all -inf
 * row uses 0), e = exp(x - m), dst = e / sum(e); m and log(sum(e)) go to lse (4 groups floats),
 * kept apart so that x - m - log(sum(e)) loses nothing to rounding. scratch: 16 c bytes.
 */
const SOFTMAX_ROWS = (() => {
  const lane = (r: number): string => `a${r}`;
  const gather = range(4)
    .map((r) =>
      r === 0
        ? set("v", `(f32x4.splat (f32.load (i32.add (local.get $a0) (local.get $off))))`)
        : set(
            "v",
            `(f32x4.replace_lane ${r} ${get("v")} (f32.load (i32.add (local.get $${lane(r)}) (local.get $off))))`,
          ),
    )
    .join(" ");
  const scatter = range(4)
    .map(
      (r) =>
        `(f32.store (i32.add (local.get $d${r}) (local.get $off)) (f32x4.extract_lane ${r} ${get("v")}))`,
    )
    .join(" ");
  const forJ = (body: string): string => `
      (local.set $j (i32.const 0))
      (block $jd (loop $js
        (br_if $jd (i32.ge_u (local.get $j) (local.get $c)))
        (local.set $off (i32.shl (local.get $j) (i32.const 2)))
        ${body}
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $js)))`;
  const cell = `(i32.add (local.get $scratch) (i32.shl (local.get $j) (i32.const 4)))`;
  const body = `
      (local.set $a0 (i32.add (local.get $src) (i32.mul (local.get $g) (i32.shl (local.get $rowb) (i32.const 2)))))
      (local.set $a1 (i32.add (local.get $a0) (local.get $rowb)))
      (local.set $a2 (i32.add (local.get $a1) (local.get $rowb)))
      (local.set $a3 (i32.add (local.get $a2) (local.get $rowb)))
      (local.set $d0 (i32.add (local.get $dst) (i32.sub (local.get $a0) (local.get $src))))
      (local.set $d1 (i32.add (local.get $d0) (local.get $rowb)))
      (local.set $d2 (i32.add (local.get $d1) (local.get $rowb)))
      (local.set $d3 (i32.add (local.get $d2) (local.get $rowb)))
      ${set("m", f4(-Infinity))}
      ${forJ(`${gather} (v128.store ${cell} ${get("v")}) ${set("m", `(f32x4.max ${get("m")} ${get("v")})`)}`)}
      ${set("m", `(v128.bitselect ${f4(0)} ${get("m")} (f32x4.eq ${get("m")} ${f4(-Infinity)}))`)}
      ${set("s", f4(0))}
      ${forJ(`${set("x", sub(`(v128.load ${cell})`, get("m")))} ${EXP} (v128.store ${cell} ${get("e")}) ${set("s", add(get("s"), get("e")))}`)}
      ${forJ(`${set("v", `(f32x4.div (v128.load ${cell}) ${get("s")})`)} ${scatter}`)}
      (local.set $off (i32.add (local.get $lse) (i32.shl (local.get $g) (i32.const 4))))
      (v128.store (local.get $off) ${get("m")})
      (v128.store (i32.add (local.get $off) (i32.shl (local.get $groups) (i32.const 4))) (call $log ${get("s")}))`;
  const k = constantsOf(body);
  return `
  (func (export "softmax_rows") (param $src i32) (param $dst i32) (param $lse i32) (param $groups i32) (param $c i32) (param $scratch i32)
    (local $g i32) (local $j i32) (local $off i32) (local $rowb i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $d0 i32) (local $d1 i32) (local $d2 i32) (local $d3 i32)
    (local $m v128) (local $s v128) (local $v v128) ${EXP_LOCALS} ${k.locals}
    ${k.inits}
    (local.set $rowb (i32.shl (local.get $c) (i32.const 2)))
    (block $done (loop $group
      (br_if $done (i32.ge_u (local.get $g) (local.get $groups)))
      ${body}
      (local.set $g (i32.add (local.get $g) (i32.const 1)))
      (br $group))))`;
})();

/** log as a function: its callers (BCE, a row's log-sum) are not the hot loops that exp is in. */
const LOG_FN = (() => {
  const k = constantsOf(LOG);
  return `
  (func $log (param $lx v128) (result v128)
    (local $ly v128) (local $le v128) (local $lm v128) (local $lz v128) (local $lt v128) (local $lf v128) (local $den v128) ${k.locals}
    ${k.inits}
    ${LOG}
    (local.get $ly))`;
})();

/**
 * BCE over `count` floats (whole vectors: callers pad with zeros): -(y max(log x, -100) +
 * (1 - y) max(log(1 - x), -100)), PyTorch's clamped logs. Where all 4 targets are 0 or 1, one
 * log, inlined: -max(log x, -100) for y = 1, -max(log(1 - x), -100) for y = 0, which is what the
 * sum gives (the other term is a signed zero, which changes nothing). The clamp is pmax with the
 * log first (one instruction, and a NaN passes; max is seven in V8): 1000 floats 2.7 -> 2.3 us.
 * Returns 1 when every x and y is in [0, 1] (NaN is not), else 0: the range check PyTorch makes,
 * in the same pass.
 */
const BCE = (() => {
  const x = get("x");
  const y = get("r");
  const inRange = (v: string): string =>
    `(v128.and (f32x4.ge ${v} ${f4(0)}) (f32x4.le ${v} ${f4(1)}))`;
  const body = [
    set("x", load("src")),
    set("r", load("y")),
    set("ok", `(v128.and ${get("ok")} (v128.and ${inRange(x)} ${inRange(y)}))`),
    set("p", `(f32x4.eq ${y} ${f4(1)})`),
    `(if (i32x4.all_true (v128.or ${get("p")} (f32x4.eq ${y} ${f4(0)})))
        (then
          ${set("lx", `(v128.bitselect ${x} ${sub(f4(1), x)} ${get("p")})`)}
          ${LOG}
          ${store(`(f32x4.neg (f32x4.pmax ${get("ly")} ${f4(-100)}))`)})
        (else
          ${set("t", `(f32x4.pmax (call $log ${sub(f4(1), x)}) ${f4(-100)})`)}
          ${set("x", `(f32x4.pmax (call $log ${x}) ${f4(-100)})`)}
          ${store(`(f32x4.neg ${add(mul(y, x), mul(sub(f4(1), y), get("t")))})`)}))`,
  ].join("\n      ");
  const k = constantsOf(body);
  return `
  (func (export "bce") (param $src i32) (param $y i32) (param $dst i32) (param $count i32) (result i32)
    (local $at i32) (local $end i32) (local $x v128) (local $r v128) (local $p v128) (local $t v128) (local $ok v128)
    (local $ly v128) (local $le v128) (local $lm v128) (local $lz v128) (local $lt v128) (local $lf v128) (local $den v128) (local $lx v128) ${k.locals}
    ${k.inits}
    (local.set $ok (i32x4.eq ${get("ok")} ${get("ok")}))
    (local.set $end (i32.shl (local.get $count) (i32.const 2)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
      ${body}
      (local.set $at (i32.add (local.get $at) (i32.const 16)))
      (br $next)))
    (i32x4.all_true ${get("ok")}))`;
})();

const SIMD_FUNCS = `
  (memory (export "memory") 1)
  ${LOG_FN}
  ${map("exp", ["src"], `${set("x", load("src"))}\n      ${EXP}\n      ${store(get("e"))}`)}
  (func (export "add_rows") (param $c i32) (param $tile i32) (param $period i32) (param $count i32)
    ;; c[i] += tile[i mod period], 4 floats at a time: the tile holds the bias row 4 times
    ;; (period = 16 n bytes), so that the pattern repeats in whole vectors whatever n is.
    (local $at i32) (local $end i32) (local $t i32)
    (local.set $end (i32.add (local.get $c) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $at (local.get $c))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
      (v128.store (local.get $at) (f32x4.add (v128.load (local.get $at))
        (v128.load (i32.add (local.get $tile) (local.get $t)))))
      (local.set $t (i32.add (local.get $t) (i32.const 16)))
      (if (i32.eq (local.get $t) (local.get $period)) (then (local.set $t (i32.const 0))))
      (local.set $at (i32.add (local.get $at) (i32.const 16)))
      (br $next))))
  (func (export "col_sums") (param $g i32) (param $acc i32) (param $period i32) (param $count i32)
    ;; acc[i mod period] += g[i] in float64 (acc: 2 period bytes, zeroed by the caller), so that
    ;; each of the 4 n partial sums of column j (i = j mod n) accumulates exactly as in JS.
    (local $at i32) (local $end i32) (local $t i32) (local $v v128) (local $a i32)
    (local.set $end (i32.add (local.get $g) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $at (local.get $g))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
      (local.set $v (v128.load (local.get $at)))
      (local.set $a (i32.add (local.get $acc) (local.get $t)))
      (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a))
        (f64x2.promote_low_f32x4 (local.get $v))))
      (v128.store offset=16 (local.get $a) (f64x2.add (v128.load offset=16 (local.get $a))
        (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
      (local.set $t (i32.add (local.get $t) (i32.const 32)))
      (if (i32.eq (local.get $t) (local.get $period)) (then (local.set $t (i32.const 0))))
      (local.set $at (i32.add (local.get $at) (i32.const 16)))
      (br $next))))
  ${map(
    "relu",
    ["src"],
    // x where x > 0, else +0; NaN stays NaN (x <= 0 is false for it). Branch-free: the JS
    // kernel's branch mispredicts on every other element of random signs.
    `${set("x", load("src"))}\n      ${store(`(v128.andnot ${get("x")} (f32x4.le ${get("x")} ${f4(0)}))`)}`,
  )}
  ${map(
    "relu_grad",
    ["src", "g"],
    // g where x > 0 (or x is NaN), else 0: relu's backward from its input.
    store(`(v128.andnot ${load("g")} (f32x4.le ${load("src")} ${f4(0)}))`),
  )}
  ${BCE}
  ${SOFTMAX_ROWS}
  (func (export "bce_grad") (param $src i32) (param $y i32) (param $dst i32) (param $count i32) (param $scale f32)
    ;; scale (x - y) / max(x (1 - x), 1e-12): BCE's gradient for one upstream value, as PyTorch.
    (local $at i32) (local $end i32) (local $x v128) (local $s v128) (local $eps v128) (local $one v128)
    (local.set $s (f32x4.splat (local.get $scale)))
    (local.set $eps (f32x4.splat (f32.const 1e-12)))
    (local.set $one (f32x4.splat (f32.const 1)))
    (local.set $end (i32.shl (local.get $count) (i32.const 2)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
      (local.set $x (v128.load (i32.add (local.get $src) (local.get $at))))
      (v128.store (i32.add (local.get $dst) (local.get $at))
        (f32x4.div (f32x4.mul (local.get $s) (f32x4.sub (local.get $x) (v128.load (i32.add (local.get $y) (local.get $at)))))
          (f32x4.pmax (f32x4.mul (f32x4.sub (local.get $one) (local.get $x)) (local.get $x)) (local.get $eps))))
      (local.set $at (i32.add (local.get $at) (i32.const 16)))
      (br $next))))`;

export const SIMD_WAT = `(module
  ${constantGlobals(SIMD_FUNCS)}
  ${SIMD_FUNCS}
)`;

/** The sigmoid and its gradient, a module of their own (each module stays under 4 KB). */
const SIGMOID_FUNCS = `
  (memory (export "memory") 1)
  ${SIGMOID}
  ${map(
    "sigmoid_grad",
    ["y", "g"],
    // g y (1 - y), in the order of the JS kernel (g * y) * (1 - y).
    store(mul(mul(load("g"), load("y")), sub(f4(1), load("y")))),
  )}`;

export const SIMD_SIGMOID_WAT = `(module
  ${constantGlobals(SIGMOID_FUNCS)}
  ${SIGMOID_FUNCS}
)`;

/**
 * A linear layer's weight and bias gradients in one pass over the batch, for up to 4 inputs and
 * 4 nv outputs: c[j] (a vector, its lanes q < 4) = sum over p of g[p, j] x[p, q] (g's element
 * broadcast, x's row as one vector) and sums[j] = sum over p of g[p, j] in float64, for all
 * j < 4 nv (lanes and outputs past the layer's are dropped by the caller). Each is summed in p's
 * order, as mm_tn sums dW and as the JS kernel sums the bias (bit for bit). g's rows are ldg
 * bytes apart, x's ldx; both are read 16 nv bytes at a time past their ends (the caller pads).
 * tn then col_sums took 5.3 us on 1000 x 10 by 4; this, 4.7.
 */
function linearGrad(nv: number): string {
  const accs = range(4 * nv).map((j) => `acc${j}`);
  const sums = range(2 * nv).map((h) => `sum${h}`);
  const term = (j: number): string =>
    set(
      accs[j],
      add(get(accs[j]), mul(`(v128.load32_splat offset=${4 * j} ${get("gp")})`, get("xv"))),
    );
  const sumsOf = (v: number): string =>
    [
      set("gv", `(v128.load offset=${16 * v} ${get("gp")})`),
      set(sums[2 * v], `(f64x2.add ${get(sums[2 * v])} (f64x2.promote_low_f32x4 ${get("gv")}))`),
      set(
        sums[2 * v + 1],
        `(f64x2.add ${get(sums[2 * v + 1])} (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 ${get("gv")} ${get("gv")})))`,
      ),
    ].join(" ");
  return `
  (func (export "linear_grad${nv}") (param $g i32) (param $ldg i32) (param $x i32) (param $ldx i32) (param $k i32) (param $c i32) (param $sums i32)
    (local $p i32) (local $gp i32) (local $xp i32) (local $xv v128) (local $gv v128)
    ${[...accs, ...sums].map((n) => `(local $${n} v128)`).join(" ")}
    (local.set $gp (local.get $g))
    (local.set $xp (local.get $x))
    (block $done (loop $step
      (br_if $done (i32.ge_u (local.get $p) (local.get $k)))
      (local.set $xv (v128.load (local.get $xp)))
      ${accs.map((_, j) => term(j)).join("\n      ")}
      ${range(nv).map(sumsOf).join("\n      ")}
      (local.set $gp (i32.add (local.get $gp) (local.get $ldg)))
      (local.set $xp (i32.add (local.get $xp) (local.get $ldx)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $step)))
    ${accs.map((a, j) => `(v128.store offset=${16 * j} (local.get $c) ${get(a)})`).join(" ")}
    ${sums.map((a, h) => `(v128.store offset=${16 * h} (local.get $sums) ${get(a)})`).join(" ")})`;
}

/**
 * C[m, 4 nv] = bias + A[m, k] B[k, 4 nv] for k <= 4 (a layer with a few inputs): mm_rows with B's
 * 4 nv vectors of each of 4 rows in registers, and each row of A read as one vector whose lanes
 * p >= k are replaced by -0 (mask, fill): their products with B's zero rows are -0, which leaves
 * every sum as it is (x + -0 is x, for x = -0 too), so C is mm_rows' bit for bit, each sum
 * starting from the bias and adding p = 0, 1, ... in order. A's rows are sam bytes apart and read
 * 16 bytes at a time (the caller leaves room after the last); C's as in mm_rows.
 */
function mmSmallK(nv: number): string {
  const bs = range(4).flatMap((p) => range(nv).map((v) => `b${p}_${v}`));
  const lane = (p: number): string =>
    range(4)
      .flatMap(() => range(4).map((q) => 4 * p + q))
      .join(" ");
  return `
  (func (export "mm_k4_${nv}") (param $a i32) (param $sam i32) (param $mask i32) (param $b i32) (param $bias i32) (param $c i32) (param $ldc i32) (param $m i32)
    (local $i i32) (local $pa i32) (local $pc i32) (local $msk v128) (local $fill v128) (local $row v128) (local $s v128)
    ${[...bs, ...range(nv).map((v) => `bias${v}`), ...range(nv).map((v) => `acc${v}`)].map((n) => `(local $${n} v128)`).join(" ")}
    (local.set $msk (v128.load (local.get $mask)))
    (local.set $fill (v128.load offset=16 (local.get $mask)))
    ${range(4)
      .flatMap((p) =>
        range(nv).map((v) =>
          set(`b${p}_${v}`, `(v128.load offset=${16 * (p * nv + v)} (local.get $b))`),
        ),
      )
      .join(" ")}
    ${range(nv)
      .map((v) => set(`bias${v}`, `(v128.load offset=${16 * v} (local.get $bias))`))
      .join(" ")}
    (local.set $pa (local.get $a))
    (local.set $pc (local.get $c))
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
      (local.set $row (v128.or (v128.and (v128.load (local.get $pa)) ${get("msk")}) ${get("fill")}))
      ${range(nv)
        .map((v) => set(`acc${v}`, get(`bias${v}`)))
        .join(" ")}
      ${range(4)
        .map(
          (p) =>
            `(local.set $s (i8x16.shuffle ${lane(p)} ${get("row")} ${get("row")})) ` +
            range(nv)
              .map((v) => set(`acc${v}`, add(get(`acc${v}`), mul(get("s"), get(`b${p}_${v}`)))))
              .join(" "),
        )
        .join("\n      ")}
      ${range(nv)
        .map((v) => `(v128.store offset=${16 * v} (local.get $pc) ${get(`acc${v}`)})`)
        .join(" ")}
      (local.set $pa (i32.add (local.get $pa) (local.get $sam)))
      (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $row))))`;
}

/**
 * C[m, 4 nv] = bias + a[m] B[1, 4 nv] (one input: dx = g W of a layer with one output, or a
 * layer with one input): each row one broadcast element of a times B's nv vectors plus the bias,
 * as mm_rows computes it with k = 1 (bit for bit), without its inner loop: 1000 x 1 x 10, 2.1 ->
 * 1.1 us. a's elements are sa bytes apart; C's rows ldc bytes (a row's last vector may spill
 * into the next row, written after it; the caller leaves room after the last).
 */
function mmK1(nv: number): string {
  const vs = range(nv);
  return `
  (func (export "mm_k1_${nv}") (param $a i32) (param $sa i32) (param $b i32) (param $bias i32) (param $c i32) (param $ldc i32) (param $m i32)
    (local $i i32) (local $pa i32) (local $pc i32) (local $s v128)
    ${vs.map((v) => `(local $b${v} v128) (local $bias${v} v128)`).join(" ")}
    ${vs.map((v) => set(`b${v}`, `(v128.load offset=${16 * v} (local.get $b))`)).join(" ")}
    ${vs.map((v) => set(`bias${v}`, `(v128.load offset=${16 * v} (local.get $bias))`)).join(" ")}
    (local.set $pa (local.get $a))
    (local.set $pc (local.get $c))
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
      (local.set $s (v128.load32_splat (local.get $pa)))
      ${vs
        .map(
          (v) =>
            `(v128.store offset=${16 * v} (local.get $pc) ${add(get(`bias${v}`), mul(get("s"), get(`b${v}`)))})`,
        )
        .join(" ")}
      (local.set $pa (i32.add (local.get $pa) (local.get $sa)))
      (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $row))))`;
}

/** A kernel generator's variants for 1..count vectors, one after the other. */
const variants = (kernel: (nv: number) => string, count: number): string =>
  range(count)
    .map((v) => kernel(v + 1))
    .join("");

/** A linear layer's small-k forward (mm_k4_1-3, mm_k1_1-3) and weight and bias gradients (linear_grad1-3). */
export const SIMD_LINEAR_WAT = `(module
  (memory (export "memory") 1)
  ${variants(linearGrad, 3)} ${variants(mmSmallK, 3)} ${variants(mmK1, 3)}
)`;

/** The small-product kernels, a module of their own (each stays under 4 KB). */
export const SIMD_MM_WAT = `(module
  (memory (export "memory") 1)
  ${variants(mmRows, 4)} ${variants(mmTn, 3)} ${variants(mmTv, 3)}
  ${MV}
)`;

async function main(): Promise<void> {
  const bytes = await assemble(SIMD_WAT);
  const mmBytes = await assemble(SIMD_MM_WAT);
  const sigmoidBytes = await assemble(SIMD_SIGMOID_WAT);
  const linearBytes = await assemble(SIMD_LINEAR_WAT);
  const text = `// GENERATED by scripts/build-simd.ts (npm run build:wasm): do not edit.
// WebAssembly SIMD modules of descent's float32 kernels, base64-encoded.

/** exp, log-based BCE, relu and its gradient, softmax rows, bias rows, column sums. */
export const SIMD_WASM =
  "${Buffer.from(bytes).toString("base64")}";

/** Products with a small side (mm_rows1-4, mm_tn1-3, mm_tv1-3, mv). */
export const SIMD_MM_WASM =
  "${Buffer.from(mmBytes).toString("base64")}";

/** The sigmoid and its gradient. */
export const SIMD_SIGMOID_WASM =
  "${Buffer.from(sigmoidBytes).toString("base64")}";

/** A linear layer with few inputs: its forward (mm_k4_1-3), its weight and bias gradients in one pass (linear_grad1-3). */
export const SIMD_LINEAR_WASM =
  "${Buffer.from(linearBytes).toString("base64")}";
`;
  const out = fileURLToPath(new URL("../src/backend/simd/simd_wasm_bytes.ts", import.meta.url));
  writeFileSync(out, text);
  console.log(
    `build-simd: wrote ${out} (${bytes.length} + ${mmBytes.length} + ${sigmoidBytes.length} + ${linearBytes.length} bytes of wasm)`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
