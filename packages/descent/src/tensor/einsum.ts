import type { Tensor } from "./tensor.js";

/**
 * Einstein summation over one or two operands: each operand's dims are labelled by letters,
 * labels shared between operands are multiplied elementwise, and labels missing from the output
 * are summed over: `einsum("ij,jk->ik", a, b)` is a @ b, `einsum("i,i->", u, v)` a dot product,
 * `einsum("bij,bjk->bik", a, b)` bmm, `einsum("i,j->ij", u, v)` outer, `einsum("ij->ji", a)` a
 * transpose. `...` stands for the dims no letter names, broadcast between operands as in
 * elementwise ops (aligned from the right): `einsum("...ij,...jk->...ik", a, b)` is a batched
 * matmul, `einsum("...i,...i->...", u, v)` a batched dot product. Without `->` the output holds
 * the `...` dims, then the labels that appear once, in alphabetical order; with `->`, `...` dims
 * missing from the output are summed. Not supported: a label repeated within one operand
 * (diagonals). PyTorch: `torch.einsum(equation, *operands)`.
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
  if (eq.split("->").length > 2) fail("'->' appears more than once");
  if (terms.length !== operands.length)
    fail(`the equation has ${terms.length} operand(s) but ${operands.length} tensor(s) were given`);
  if (operands.length < 1 || operands.length > 2) fail("one or two operands are supported");
  // '...' becomes labels of its own (digits, which no letter label can be), right-aligned.
  const ellipsis = terms.map((term, k) => {
    const lettersOnly = term.replace("...", "");
    if (!/^[a-zA-Z]*$/.test(lettersOnly))
      fail(`operand ${k} has labels "${term}"; use letters and at most one '...'`);
    if (!term.includes("...")) return 0;
    const n = operands[k].ndim - lettersOnly.length;
    if (n < 0)
      fail(
        `operand ${k} has ${lettersOnly.length} label(s) "${term}" for ${operands[k].ndim} dim(s)`,
      );
    return n;
  });
  const nEll = Math.max(0, ...ellipsis);
  const ell = (n: number) => [...Array(n).keys()].map((i) => String(nEll - n + i)).join("");
  const labels = terms.map((term, k) => [...term.replace("...", ell(ellipsis[k]))]);
  const size = new Map<string, number>();
  labels.forEach((term, k) => {
    const str = terms[k];
    if (term.length !== operands[k].ndim)
      fail(`operand ${k} has ${term.length} label(s) "${str}" for ${operands[k].ndim} dim(s)`);
    if (new Set(term).size !== term.length)
      fail(`label repeated within operand ${k} ("${str}"): diagonals are not supported`);
    term.forEach((c, d) => {
      const n = operands[k].shape[d];
      const m = size.get(c);
      const isEll = /[0-9]/.test(c);
      if (m === undefined || m === n || (isEll && m === 1)) size.set(c, n);
      else if (isEll && n !== 1)
        fail(`'...' dims do not broadcast: sizes ${m} and ${n} at the same position`);
      else if (!isEll) fail(`label ${c} has size ${m} and ${n}`);
    });
  });
  if (rhs !== undefined && !/^[a-zA-Z]*(\.\.\.)?[a-zA-Z]*$/.test(rhs))
    fail(`output "${rhs}" must be letters and at most one '...'`);
  const counts = labels
    .flat()
    .reduce((m, c) => m.set(c, (m.get(c) ?? 0) + 1), new Map<string, number>());
  const out =
    rhs !== undefined
      ? [...rhs.replace("...", ell(nEll))]
      : [
          ...ell(nEll),
          ...[...counts.keys()].filter((c) => /[a-zA-Z]/.test(c) && counts.get(c) === 1).sort(),
        ];
  out.forEach((c) => {
    if (!size.has(c)) fail(`output label ${c} is not in any operand`);
  });
  if (new Set(out).size !== out.length) fail(`output label repeated in "${rhs}"`);
  const all = [...out, ...[...size.keys()].filter((c) => !out.includes(c))];
  // Each operand permuted to the order of `all`, with size-1 dims for the labels it lacks.
  const aligned = operands.map((t, k) => {
    const term = labels[k];
    const mine = all.filter((c) => term.includes(c));
    const p = t.permute(mine.map((c) => term.indexOf(c)));
    return p.reshape(all.map((c) => (term.includes(c) ? t.shape[term.indexOf(c)] : 1)));
  });
  const prod = aligned.length === 2 ? aligned[0].mul(aligned[1]) : aligned[0];
  const summed = [...Array(all.length - out.length).keys()].map((i) => out.length + i);
  return summed.length > 0 ? prod.sum(summed) : prod;
}
