import type { Tensor } from "./tensor.js";

/**
 * Einstein summation over one or two operands: each operand's dims are labelled by letters,
 * labels shared between operands are multiplied elementwise, and labels missing from the output
 * are summed over: `einsum("ij,jk->ik", a, b)` is a @ b, `einsum("i,i->", u, v)` a dot product,
 * `einsum("bij,bjk->bik", a, b)` bmm, `einsum("i,j->ij", u, v)` outer, `einsum("ij->ji", a)` a
 * transpose. Without `->` the output holds the labels that appear once, in alphabetical order.
 * Not supported: `...` and a label repeated within one operand (diagonals).
 * PyTorch: `torch.einsum(equation, *operands)`.
 */
export function einsum(equation: string, ...operands: Tensor[]): Tensor {
  const eq = equation.replace(/\s+/g, "");
  const [lhs, rhs] = eq.split("->");
  const terms = lhs.split(",");
  const fail = (why: string): never => {
    throw new RangeError(
      `einsum: ${why} (equation "${equation}", operand shapes ${operands.map((t) => `[${t.shape.join(", ")}]`).join(" and ")})`,
    );
  };
  if (eq.includes(".")) fail("'...' is not supported; name every dim with a letter");
  if (terms.length !== operands.length)
    fail(`the equation has ${terms.length} operand(s) but ${operands.length} tensor(s) were given`);
  if (operands.length < 1 || operands.length > 2) fail("one or two operands are supported");
  const size = new Map<string, number>();
  terms.forEach((term, k) => {
    if (!/^[a-zA-Z]*$/.test(term)) fail(`operand ${k} has labels "${term}"; use letters only`);
    if (term.length !== operands[k].ndim)
      fail(`operand ${k} has ${term.length} label(s) "${term}" for ${operands[k].ndim} dim(s)`);
    if (new Set(term).size !== term.length)
      fail(`label repeated within operand ${k} ("${term}"): diagonals are not supported`);
    [...term].forEach((c, d) => {
      const n = operands[k].shape[d];
      if (size.has(c) && size.get(c) !== n) fail(`label ${c} has size ${size.get(c)} and ${n}`);
      size.set(c, n);
    });
  });
  const counts = [...terms.join("")].reduce(
    (m, c) => m.set(c, (m.get(c) ?? 0) + 1),
    new Map<string, number>(),
  );
  const out =
    rhs ??
    [...counts.keys()]
      .filter((c) => counts.get(c) === 1)
      .sort()
      .join("");
  [...out].forEach((c) => {
    if (!size.has(c)) fail(`output label ${c} is not in any operand`);
  });
  if (new Set(out).size !== out.length) fail(`output label repeated in "${out}"`);
  const all = [...out, ...[...size.keys()].filter((c) => !out.includes(c))];
  // Each operand permuted to the order of `all`, with size-1 dims for the labels it lacks.
  const aligned = operands.map((t, k) => {
    const term = terms[k];
    const mine = all.filter((c) => term.includes(c));
    const p = t.permute(mine.map((c) => term.indexOf(c)));
    return p.reshape(all.map((c) => (term.includes(c) ? size.get(c)! : 1)));
  });
  const prod = aligned.length === 2 ? aligned[0].mul(aligned[1]) : aligned[0];
  const summed =
    all.length > out.length
      ? [...Array(all.length - out.length).keys()].map((i) => out.length + i)
      : [];
  return summed.length > 0 ? prod.sum(summed) : prod;
}
