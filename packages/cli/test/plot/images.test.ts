import { test } from "node:test";
import assert from "node:assert/strict";
import { PNG } from "pngjs";

import { imageGridSpec } from "../../src/plot/index.js";
import { svgToPng, toSvg } from "../../src/render.js";

/** Two 2 x 3 images: the first all 0, the second all 0.5. */
const images = Float32Array.from([0, 0, 0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);

type Sub = {
  title: { text: string[]; color: string };
  width: number;
  height: number;
  data: { values: { x: number; y: number; v: number }[] };
  encoding: { color: { scale: { domain: number[]; reverse: boolean } } };
};

test("imageGridSpec: one captioned heat map per image, side by side", () => {
  const spec = imageGridSpec({
    images,
    height: 2,
    width: 3,
    captions: [
      ["coat", "coat"],
      ["shirt", "t-shirt"],
    ],
    captionColors: ["#333", "#c62828"],
    title: "predictions",
    pixelSize: 4,
  }) as unknown as { title: string; hconcat: Sub[] };
  assert.equal(spec.title, "predictions");
  assert.equal(spec.hconcat.length, 2);
  const [a, b] = spec.hconcat;
  assert.deepEqual(a.title.text, ["coat", "coat"]);
  assert.equal(b.title.color, "#c62828");
  assert.equal(a.width, 12);
  assert.equal(a.height, 8);
  assert.equal(a.data.values.length, 6);
  assert.deepEqual(b.data.values[4], { x: 1, y: 1, v: 0.5 });
  assert.deepEqual(a.encoding.color.scale.domain, [0, 1]);
  assert.equal(a.encoding.color.scale.reverse, true);
});

test("imageGridSpec: errors name the sizes", () => {
  const base = { images, height: 2, width: 3, captions: [["a"], ["b"]] };
  assert.throws(
    () => imageGridSpec({ ...base, captions: [["a"]] }),
    /1 captions need 1 images .* got 12/,
  );
  assert.throws(() => imageGridSpec({ ...base, captions: [] }), /no images/);
  assert.throws(() => imageGridSpec({ ...base, width: 0 }), /positive integers/);
  assert.throws(
    () => imageGridSpec({ ...base, captionColors: ["red"] }),
    /2 captions but 1 caption colours/,
  );
});

test("imageGridSpec renders: captions in the SVG; a black and a grey image in the PNG", async () => {
  const svg = await toSvg(
    imageGridSpec({ images, height: 2, width: 3, captions: [["zero"], ["one"]], pixelSize: 10 }),
  );
  assert.match(svg, /^<svg/);
  assert.match(svg, />zero</);
  assert.match(svg, />one</);
  const png = PNG.sync.read(Buffer.from(svgToPng(svg, 1)));
  const lum = (x: number, y: number) => {
    const i = (y * png.width + x) * 4;
    return (png.data[i] + png.data[i + 1] + png.data[i + 2]) / 3;
  };
  // along the middle row of the images: black pixels (image 0) and mid-grey ones (image 1)
  const row = png.height - 20; // the images are 20 px high, above 10 px of padding
  let black = 0;
  let grey = 0;
  for (let x = 0; x < png.width; x++) {
    const l = lum(x, row);
    if (l < 40) black++;
    if (l > 90 && l < 170) grey++;
  }
  assert.ok(black >= 20, `${black} black pixels`);
  assert.ok(grey >= 20, `${grey} grey pixels`);
});
