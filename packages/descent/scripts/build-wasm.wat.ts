/** A tiny WAT vocabulary for scripts/build-wasm.gen.ts: i32 expressions over locals, loops. */
export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
export const g = (name: string): string => `(local.get $${name})`;
export const set = (name: string, v: string): string => `(local.set $${name} ${v})`;
export const c = (v: number): string => `(i32.const ${v})`;
export const add = (x: string, y: string): string => `(i32.add ${x} ${y})`;
export const sub = (x: string, y: string): string => `(i32.sub ${x} ${y})`;
export const mul = (x: string, y: string): string => `(i32.mul ${x} ${y})`;
export const shl2 = (x: string): string => `(i32.shl ${x} ${c(2)})`;
export const lt = (x: string, y: string): string => `(i32.lt_s ${x} ${y})`;
export const eq = (x: string, y: string): string => `(i32.eq ${x} ${y})`;
export const min = (x: string, y: string): string => `(select ${x} ${y} ${lt(x, y)})`;
export const inc = (name: string, by: string | number): string =>
  set(name, add(g(name), typeof by === "number" ? c(by) : by));
export const locals = (type: string, names: string): string =>
  names
    .split(" ")
    .map((n) => `(local $${n} ${type})`)
    .join(" ");
export const params = (names: string): string =>
  names
    .split(" ")
    .map((n) => `(param $${n} i32)`)
    .join(" ");
let labels = 0;
/** while (cond) { body } */
export const whileDo = (cond: string, ...body: string[]): string => {
  const l = `w${labels++}`;
  return `(block $${l}_end (loop $${l} (br_if $${l}_end (i32.eqz ${cond})) ${body.join(" ")} (br $${l})))`;
};
/** for (v = from; v < to; v += step) { body }, for loops known to run at least once (do-while). */
export const forUp = (
  v: string,
  from: string,
  to: string,
  step: string | number,
  ...body: string[]
): string => {
  const l = `f${labels++}`;
  return `${set(v, from)} (loop $${l} ${body.join(" ")} ${inc(v, step)} (br_if $${l} ${lt(g(v), to)}))`;
};
export const ifThen = (cond: string, then: string, otherwise?: string): string =>
  `(if ${cond} (then ${then})${otherwise ? ` (else ${otherwise})` : ""})`;
export const f32copy = (dst: string, src: string): string => `(f32.store ${dst} (f32.load ${src}))`;
/** i8x16.shuffle picking 32-bit lanes (0-3 from x, 4-7 from y). */
export const shuffle32 = (lanes: number[], x: string, y: string): string =>
  `(i8x16.shuffle ${lanes.flatMap((l) => range(4).map((b) => 4 * l + b)).join(" ")} ${x} ${y})`;
