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

/**
 * Vector constants live in locals set before the loop: V8 does not hoist a v128.const out of a
 * loop, and builds each one in several instructions every iteration.
 */
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
    inits: used
      .map(([k, n]) => {
        const [type, v] = k.split(" ");
        return `(local.set $${n} (v128.const ${type} ${v} ${v} ${v} ${v}))`;
      })
      .join(" "),
  };
};
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

export const SIMD_WAT = `(module
  (memory (export "memory") 1)
  ${map("exp", ["src"], `${set("x", load("src"))}\n      ${EXP}\n      ${store(get("e"))}`)}
  ${map(
    "sigmoid",
    ["src"],
    // 1 / (1 + e^-x): e^-x overflows to inf for x < -88.7, giving 0 (the true value is below 3e-39).
    `${set("x", `(f32x4.neg ${load("src")})`)}\n      ${EXP}\n      ${store(`(f32x4.div ${f4(1)} ${add(f4(1), get("e"))})`)}`,
  )}
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
  ${map(
    "sigmoid_grad",
    ["y", "g"],
    // g y (1 - y), in the order of the JS kernel (g * y) * (1 - y).
    store(mul(mul(load("g"), load("y")), sub(f4(1), load("y")))),
  )}
)`;

async function main(): Promise<void> {
  const bytes = await assemble(SIMD_WAT);
  const text = `// GENERATED by scripts/build-simd.ts (npm run build:wasm): do not edit.
// WebAssembly SIMD module of descent's float32 elementwise kernels, base64-encoded.

export const SIMD_WASM =
  "${Buffer.from(bytes).toString("base64")}";
`;
  const out = fileURLToPath(new URL("../src/backend/simd/simd_wasm_bytes.ts", import.meta.url));
  writeFileSync(out, text);
  console.log(`build-simd: wrote ${out} (${bytes.length} bytes of wasm)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
