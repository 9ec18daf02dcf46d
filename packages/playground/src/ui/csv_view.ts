/** The CSV panel: paste or upload; the worker parses; errors shown, the old data kept. */
import type { FromWorker, ToWorker } from "../protocol.js";
import { $ } from "./controls.js";

type CsvReply = Extract<FromWorker, { type: "csv" }>;

export function setupCsv(
  send: (m: ToWorker) => void,
  use: (r: Extract<CsvReply, { ok: true }>) => void,
) {
  const status = $("csv-status");
  const text = $<HTMLTextAreaElement>("csv-text");
  const parse = (body: string, name: string) =>
    send({ type: "csv", text: body, labelColumn: $<HTMLInputElement>("csv-label").value, name });
  $("csv-use").addEventListener("click", () => parse(text.value, "Pasted CSV"));
  $<HTMLInputElement>("csv-file").addEventListener("change", async (e) => {
    const f = (e.target as HTMLInputElement).files?.[0];
    if (!f) return;
    const body = await f.text();
    text.value = body;
    parse(body, f.name);
  });
  return {
    reply(r: CsvReply) {
      if (!r.ok) {
        status.className = "error";
        status.textContent = `${r.name} not used (the current data stays): ${r.message}`;
        return;
      }
      status.className = "hint";
      status.textContent = `${r.name}: ${r.n} rows, ${r.d} features, ${r.nClasses ? `${r.nClasses} classes` : "a number to predict (regression)"}.`;
      use(r);
    },
  };
}
