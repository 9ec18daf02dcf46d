/**
 * The exported PyTorch program prints the page's losses: for each case of torch_cases.ts, the
 * program the page exports today is the one scripts/torch_golden.ts ran with torch (same sha256),
 * and torch's printed train and test losses equal the page's Session's, epoch by epoch, within
 * 5e-7 (the printout's 6-decimal rounding) + 4 float32 ulps of the loss (2^-21 · |loss|: torch
 * and descent round and sum in different orders; the largest seen is 1e-7 beyond the printout's). Regenerate the fixture with that script when the export changes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { TORCH_CASES, exportCase } from "./torch_cases.js";

const fixture = JSON.parse(
  readFileSync(new URL("./fixtures/torch_losses.json", import.meta.url), "utf8"),
) as { torch: string; cases: { name: string; sha256: string; printed: string[] }[] };

const LINE = /^epoch (\d+), train loss (\S+)(?:, test loss (\S+))?$/;
const close = (page: number, torch: number) =>
  Math.abs(page - torch) <= 5e-7 + 2 ** -21 * Math.abs(torch);

test("the fixture holds every case, recorded with torch 1.13", () => {
  assert.deepEqual(
    fixture.cases.map((c) => c.name),
    TORCH_CASES.map((k) => k.name),
  );
  assert.match(fixture.torch, /^1\.13\./);
});

for (const k of TORCH_CASES) {
  test(`torch prints the page's losses: ${k.name}`, { timeout: 60_000 }, () => {
    const rec = fixture.cases.find((c) => c.name === k.name)!;
    const { sha256, session } = exportCase(k);
    assert.equal(
      sha256,
      rec.sha256,
      "the exported program is not the one torch ran: rerun scripts/torch_golden.ts",
    );
    assert.equal(rec.printed.length, k.epochs);
    let worst = 0;
    rec.printed.forEach((line, i) => {
      const m = LINE.exec(line);
      assert.ok(m, `unexpected line from torch: ${line}`);
      const h = session.history[i];
      assert.equal(Number(m[1]), h.epoch);
      const pairs: [number | null, number][] = [[h.trainLoss, Number(m[2])]];
      if (m[3] !== undefined) pairs.push([h.testLoss, Number(m[3])]);
      else assert.equal(h.testLoss, null);
      for (const [page, torch] of pairs) {
        assert.ok(page !== null, `epoch ${h.epoch}: the page has no test loss`);
        worst = Math.max(worst, Math.abs(page - torch));
        assert.ok(close(page, torch), `epoch ${h.epoch}: page ${page}, torch ${torch} (${line})`);
      }
    });
    // the losses moved: a comparison of a run that did nothing would prove little
    assert.notEqual(session.history[0].trainLoss, session.history.at(-1)!.trainLoss);
    console.log(`${k.name}: largest |page - torch| ${worst.toExponential(2)}`);
  });
}
