import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

import { parseCsv } from "../../src/data/csv.js";
import { loadCsv } from "../../src/io/csv.js";

const IRIS = `sepal_length,sepal_width,petal_length,petal_width,species
5.1,3.5,1.4,0.2,setosa
4.9,3.0,1.4,0.2,setosa
7.0,3.2,4.7,1.4,versicolor
6.3,3.3,6.0,2.5,virginica
`;

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), "descent-csv-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test("parseCsv: header, label in the last column, float32 X, text labels become classes", () => {
  const { X, y, featureNames, labelName, classes } = parseCsv(IRIS);
  assert.equal(X.dtype, "float32");
  assert.deepEqual(X.shape, [4, 4]);
  assert.deepEqual(featureNames, ["sepal_length", "sepal_width", "petal_length", "petal_width"]);
  assert.equal(labelName, "species");
  assert.deepEqual(classes, ["setosa", "versicolor", "virginica"]);
  assert.equal(y.dtype, "int32");
  assert.deepEqual(y.tolist(), [0, 0, 1, 2]);
  assert.equal((X.tolist() as number[][])[2][2], Math.fround(4.7));
});

test("parseCsv: labelColumn by name or index, numeric labels, labelDtype", () => {
  const text = "a,label,b\n1,0,2\n3,1,4\n5,2,6\n";
  const byName = parseCsv(text, { labelColumn: "label" });
  assert.deepEqual(byName.X.tolist(), [
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  assert.deepEqual(byName.featureNames, ["a", "b"]);
  assert.equal(byName.y.dtype, "int32");
  assert.deepEqual(byName.y.tolist(), [0, 1, 2]);
  assert.equal(byName.classes, undefined);

  const byIndex = parseCsv(text, { labelColumn: 1, labelDtype: "float32" });
  assert.equal(byIndex.y.dtype, "float32");
  assert.deepEqual(byIndex.y.tolist(), [0, 1, 2]);
  assert.equal(parseCsv(text, { labelColumn: 0 }).labelName, "a");
  assert.equal(parseCsv(text, { labelColumn: -3 }).labelName, "a");

  const reg = parseCsv("x,y\n1,0.5\n2,1.5\n");
  assert.equal(reg.y.dtype, "float32"); // auto: not all whole numbers
  const f64 = parseCsv("x,y\n0.1,0.30000000000000004\n", {
    dtype: "float64",
    labelDtype: "float64",
  });
  assert.equal(f64.X.dtype, "float64");
  assert.deepEqual(f64.X.tolist(), [[0.1]]);
  assert.deepEqual(f64.y.tolist(), [0.30000000000000004]);
  const cat = parseCsv("x,y\n1,10\n2,-1\n3,10\n", { labelDtype: "category" });
  assert.deepEqual(cat.classes, ["-1", "10"]);
  assert.deepEqual(cat.y.tolist(), [1, 0, 1]);
});

test("parseCsv: no header, other delimiters, quotes, CRLF, blank lines, BOM, no label column", () => {
  const tsv = parseCsv("1\t2\t0\n3\t4\t1\n", { header: false, delimiter: "\t" });
  assert.deepEqual(tsv.featureNames, ["0", "1"]);
  assert.equal(tsv.labelName, "2");
  assert.deepEqual(tsv.y.tolist(), [0, 1]);

  const quoted = parseCsv(
    '\ufeff"first, name","say ""hi""",y\r\n" 1 ",2,a\r\n\r\n3,"4e1",b\r\n',
    {},
  );
  assert.deepEqual(quoted.featureNames, ["first, name", 'say "hi"']);
  assert.deepEqual(quoted.X.tolist(), [
    [1, 2],
    [3, 40],
  ]);
  assert.deepEqual(quoted.classes, ["a", "b"]);

  const special = parseCsv("a,b\nnan,-inf\n.5,1e-3\n", { labelColumn: null });
  assert.ok(!("y" in special));
  const v = special.X.toTypedArray();
  assert.ok(Number.isNaN(v[0]));
  assert.equal(v[1], -Infinity);
  assert.equal(v[2], 0.5);
  assert.equal(v[3], Math.fround(1e-3));
  assert.deepEqual(parseCsv("a,b\n", {}).X.shape, [0, 1]);
});

test("parseCsv: errors name the line, the column and the value", () => {
  const cases: [string, Parameters<typeof parseCsv>[1], string][] = [
    [
      "a,b,petal_width,y\n1,2,3,0\n1,2,3,0\n1,2,3,0\n1,2,3,0\n1,2,3,0\n1,2,abc,0\n",
      {},
      "csv: line 7, column 3 ('petal_width'): 'abc' is not a number",
    ],
    ["a,b,y\n1,,0\n", {}, "csv: line 2, column 2 ('b'): an empty cell is not a number"],
    ["a,b,y\n1,2,0\n1,2\n", {}, "csv: line 3 has 2 fields but the header has 3"],
    ["1,2,0\n\n1,2,0,4\n", { header: false }, "csv: line 3 has 4 fields but line 1 has 3"],
    ["a,b,y\n1,0x1A,0\n", {}, "csv: line 2, column 2 ('b'): '0x1A' is not a number"],
    ['a,b,y\n1,2,"two\nlines"\n4,x,1\n', {}, "csv: line 4, column 2 ('b'): 'x' is not a number"],
    [
      'a,b\n1,"2\n',
      {},
      "csv: line 2, column 2: unterminated quoted field (no closing '\"' before the end of the text)",
    ],
    [
      "a,b,y\n1,2,0.5\n",
      { labelDtype: "int32" },
      "csv: line 2, column 3 ('y'): '0.5' is not a whole number (labelDtype int32)",
    ],
    [
      "a,b,y\n1,2,cat\n",
      { labelDtype: "float32" },
      "csv: line 2, column 3 ('y'): 'cat' is not a number",
    ],
    [
      "a,b\n1,2\n",
      { labelColumn: "label" },
      "csv: label column 'label' not found; the columns are 'a', 'b'",
    ],
    [
      "a,b\n1,2\n",
      { labelColumn: 2 },
      "csv: labelColumn 2 is out of range for 2 columns (expected -2..1)",
    ],
    [
      "1,2\n",
      { header: false, labelColumn: "b" },
      "csv: labelColumn 'b' is a name, but the file has no header (header: false); give the column's index instead",
    ],
    ["", {}, "csv: no header line: the text is empty"],
    [
      "a,b\n",
      { delimiter: "ab" },
      'csv: delimiter must be one character other than a quote or a line break, got "ab"',
    ],
  ];
  for (const [text, opts, message] of cases) {
    assert.throws(() => parseCsv(text, opts), { message }, JSON.stringify(text));
  }
});

test("loadCsv: reads plain and gzipped files; errors add the file", (t) => {
  const dir = tempDir(t);
  const plain = join(dir, "iris.csv");
  const gz = join(dir, "iris.csv.gz");
  writeFileSync(plain, IRIS);
  writeFileSync(gz, gzipSync(Buffer.from(IRIS)));
  for (const path of [plain, gz]) {
    const { X, y, classes } = loadCsv(path, { labelColumn: "species" });
    assert.deepEqual(X.shape, [4, 4]);
    assert.deepEqual(y.tolist(), [0, 0, 1, 2]);
    assert.deepEqual(classes, ["setosa", "versicolor", "virginica"]);
  }
  const bad = join(dir, "bad.csv");
  writeFileSync(bad, IRIS.replace("3.3,6.0", "3.3,six"));
  assert.throws(() => loadCsv(bad), {
    name: "RangeError",
    message: `csv: line 5, column 3 ('petal_length'): 'six' is not a number (in '${bad}')`,
  });
  const missing = join(dir, "nope.csv");
  assert.throws(() => loadCsv(missing), {
    message: `loadCsv: cannot read '${missing}': no such file or directory (ENOENT)`,
  });
  assert.throws(() => loadCsv(dir), {
    message: `loadCsv: cannot read '${dir}': it is a directory, not a regular file`,
  });
});
