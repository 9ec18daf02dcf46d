import { test } from "node:test";
import assert from "node:assert/strict";
import { decisionBoundarySpec, lossCurvesSpec, scatterSpec } from "../../src/plot/index.js";

test("scatterSpec: one point a row, coloured by class, with title, axes and legend", () => {
  const s = scatterSpec({
    x: [1, 2, 3],
    y: [4, 5, 6],
    cls: [0, 1, 1],
    title: "Linear Classification",
  });
  const spec = s as unknown as {
    title: string;
    data: { values: { x: number; y: number; cls: number }[] };
    encoding: Record<string, { title: string }>;
  };
  assert.equal(spec.title, "Linear Classification");
  assert.deepEqual(spec.data.values[1], { x: 2, y: 5, cls: 1 });
  assert.equal(spec.encoding.x.title, "feature 0");
  assert.equal(spec.encoding.y.title, "feature 1");
  assert.equal(spec.encoding.color.title, "predicted class");
  assert.throws(() => scatterSpec({ x: [1], y: [1, 2], cls: [0], title: "t" }), /same length/);
});

test("lossCurvesSpec: drops non-finite losses, picks a log scale for wide ranges", () => {
  const s = lossCurvesSpec({
    curves: [
      { label: "0.1", loss: [1, 0.5, 0.25] },
      { label: "50", loss: [1, 100, NaN] },
    ],
    title: "sweep",
  }) as unknown as {
    data: { values: { epoch: number; loss: number; run: string }[] };
    encoding: { y: { scale: { type?: string } } };
  };
  assert.equal(s.data.values.length, 5);
  assert.equal(s.encoding.y.scale.type, "log");
  const flat = lossCurvesSpec({
    curves: [{ label: "t", loss: [0.7, 0.6] }],
    title: "t",
  }) as unknown as {
    encoding: { y: { scale: { type?: string } } };
  };
  assert.equal(flat.encoding.y.scale.type, undefined);
  assert.throws(() => lossCurvesSpec({ curves: [], title: "t" }), /no curves/);
});

test("decisionBoundarySpec: one cell per grid point under the data points", () => {
  const s = decisionBoundarySpec({
    gridX: [0, 1, 2],
    gridY: [0, 1],
    gridCls: [0, 0, 1, 0, 1, 1],
    x: [0.5],
    y: [0.5],
    cls: [1],
    title: "regions",
  }) as unknown as { layer: { data: { values: unknown[] } }[] };
  assert.equal(s.layer[0].data.values.length, 6);
  assert.deepEqual(s.layer[0].data.values[2], { x: 1.5, x2: 2.5, y: -0.5, y2: 0.5, cls: 1 });
  assert.equal(s.layer[1].data.values.length, 1);
  assert.throws(
    () =>
      decisionBoundarySpec({
        gridX: [0, 1],
        gridY: [0, 1],
        gridCls: [0],
        x: [],
        y: [],
        cls: [],
        title: "t",
      }),
    /grid/,
  );
});
