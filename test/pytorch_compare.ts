/**
 * Compares a translated tutorial's printed lines with PyTorch's: the same number of lines, and on
 * each line the same numbers (read from the text, in order) to within `atol + rtol * |torch's|`.
 * The words around the numbers are not compared: PyTorch prints `torch.Size([3, 28, 28])` and
 * `<class 'float'>` where descent prints `[3, 28, 28]` and `number`; each test says which words it
 * checks.
 */
import assert from "node:assert/strict";

export interface Tolerance {
  rtol: number;
  atol: number;
}

const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi;

/**
 * The numbers on a line, in order (digits inside names, as the 0 of AddBackward0, included),
 * leaving out integer dtypes: descent's integers are int32 (`dtype=torch.int32` in a tensor's
 * text) where PyTorch's are int64 (not printed).
 */
export function numbersOf(line: string): number[] {
  return (line.replace(/, dtype=torch\.int(32|64)/g, "").match(NUMBER) ?? []).map(Number);
}

/** The largest |descent - torch| / (atol + rtol |torch|) over all numbers (1 is the limit). */
export function compareLines(
  actual: readonly string[],
  expected: readonly string[],
  tol: Tolerance,
  what: string,
): number {
  assert.equal(
    actual.length,
    expected.length,
    `${what}: ${actual.length} lines, PyTorch printed ${expected.length}:\n${actual.join("\n")}`,
  );
  let worst = 0;
  actual.forEach((line, i) => {
    const a = numbersOf(line);
    const e = numbersOf(expected[i]);
    assert.equal(
      a.length,
      e.length,
      `${what}, line ${i + 1}: '${line}' has ${a.length} numbers, PyTorch's '${expected[i]}' ${e.length}`,
    );
    a.forEach((v, k) => {
      const diff = Math.abs(v - e[k]);
      const ratio = diff === 0 ? 0 : diff / (tol.atol + tol.rtol * Math.abs(e[k]));
      worst = Math.max(worst, ratio);
      assert.ok(
        ratio <= 1,
        `${what}, line ${i + 1}, number ${k + 1}: descent ${v}, PyTorch ${e[k]} ` +
          `(tolerance ${tol.atol} + ${tol.rtol} x |PyTorch's|)\n  descent: ${line}\n  PyTorch: ${expected[i]}`,
      );
    });
  });
  return worst;
}
