import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { resizeBilinear } from "../../src/data/image.js";

const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/torch/resize.json", import.meta.url), "utf8"),
) as {
  shape: [number, number, number, number];
  input: number[];
  cases: { size: [number, number]; out: number[] }[];
};

test("resizeBilinear: matches torch's F.interpolate(mode='bilinear', align_corners=False)", () => {
  const x = Float32Array.from(fixture.input);
  for (const { size, out } of fixture.cases) {
    const y = resizeBilinear(x, fixture.shape, size[0], size[1]);
    assert.equal(y.length, out.length, `size ${size}`);
    for (let i = 0; i < y.length; i++) {
      assert.ok(
        Math.abs(y[i] - out[i]) <= 1e-6,
        `size ${size}, element ${i}: ${y[i]} vs ${out[i]}`,
      );
    }
  }
});

test("resizeBilinear: bad sizes are errors", () => {
  const x = new Float32Array(4);
  assert.throws(() => resizeBilinear(x, [1, 1, 2, 2], 0, 2), {
    message: "resize: the output height must be a positive integer, got 0",
  });
  assert.throws(() => resizeBilinear(x, [1, 1, 2, 3], 2, 2), /needs 6 values, got 4/);
});
