/** The three lessons' views: the learning-rate comparison, the loss surface, backpropagation. */
import type { Config } from "../core/config.js";
import type { BackpropResult, CompareResult, Named, SurfaceResult } from "../core/lessons.js";
import type { FromWorker, ToWorker } from "../protocol.js";
import { LineChart } from "./charts.js";
import { css, diverging } from "./colors.js";
import { $ } from "./controls.js";

const COLORS = ["#8a8a8a", "#0877bd", "#d0382b"];

export function setupLessons(send: (m: ToWorker) => void, config: () => Config) {
  let chart: LineChart | null = null;
  $("compare").addEventListener("click", () => {
    $("compare-status").textContent = "Training three runs…";
    send({ type: "compare" });
  });
  $("surface").addEventListener("click", () => {
    $("surface-status").textContent = "Descending…";
    send({
      type: "surface",
      config: config(),
      steps: Number($<HTMLInputElement>("surface-steps").value) || 60,
    });
  });
  $("backprop").addEventListener("click", () => send({ type: "backprop" }));

  function showCompare(r: CompareResult) {
    if (!chart) {
      chart = new LineChart(
        $("compare-chart"),
        "Training loss at three learning rates",
        r.runs.map((run, i) => ({ label: `${run.label}`, color: COLORS[i] })),
        { yLabel: "loss", log: true, height: 220 },
      );
    }
    const x = Array.from({ length: r.epochs }, (_, i) => i + 1);
    chart.set(
      x,
      r.runs.map((run) => x.map((_, i) => (Number.isFinite(run.losses[i]) ? run.losses[i] : null))),
    );
    $("compare-status").textContent = r.runs
      .map((run) => {
        const end = run.losses.at(-1);
        return run.divergence
          ? `lr ${run.lr} (${run.label}): diverged at epoch ${run.divergence.epoch}.`
          : `lr ${run.lr} (${run.label}): loss ${end?.toFixed(4)} after ${run.losses.length} epochs.`;
      })
      .join(" ");
  }

  function showSurface(r: SurfaceResult) {
    const canvas = $<HTMLCanvasElement>("surface-canvas");
    const ctx = canvas.getContext("2d")!;
    const W = canvas.width;
    const H = canvas.height;
    const pad = 36;
    const img = new ImageData(r.g, r.g);
    const logs = Array.from(r.loss, (v) => Math.log(v));
    const lo = Math.min(...logs);
    const hi = Math.max(...logs);
    const levels = 12;
    for (let i = 0; i < r.g * r.g; i++) {
      const band = Math.floor(((logs[i] - lo) / (hi - lo + 1e-9)) * levels) / levels;
      const [R, G, B] = diverging(1 - 2 * band);
      img.data.set([R, G, B, 255], 4 * i);
    }
    const off = new OffscreenCanvas(r.g, r.g);
    off.getContext("2d")!.putImageData(img, 0, 0);
    ctx.clearRect(0, 0, W, H);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(off, pad, 0, W - pad, H - pad);
    const px = (w: number) => pad + ((w - r.w0) / (r.w1 - r.w0)) * (W - pad);
    const py = (b: number) => ((r.b1 - b) / (r.b1 - r.b0)) * (H - pad);
    ctx.fillStyle = "#222";
    ctx.font = "12px system-ui, sans-serif";
    ctx.fillText("w →", W / 2, H - 8);
    ctx.fillText(String(r.w0), pad, H - 20);
    ctx.fillText(String(r.w1), W - 14, H - 20);
    ctx.save();
    ctx.translate(12, H / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText("b →", 0, 0);
    ctx.restore();
    ctx.strokeStyle = "#111";
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    r.path.forEach(([w, b], i) => (i ? ctx.lineTo(px(w), py(b)) : ctx.moveTo(px(w), py(b))));
    ctx.stroke();
    ctx.fillStyle = "#111";
    for (const [w, b] of r.path) ctx.fillRect(px(w) - 1.5, py(b) - 1.5, 3, 3);
    ctx.fillStyle = css([210, 50, 60]);
    ctx.beginPath();
    ctx.arc(px(r.trueW), py(r.trueB), 5, 0, 2 * Math.PI);
    ctx.fill();
    const [wEnd, bEnd] = r.path.at(-1)!;
    $("surface-status").textContent =
      `${r.kind} descent, ${r.path.length - 1} updates: (w, b) went from (${r.path[0].join(", ")}) to (${wEnd.toFixed(3)}, ${bEnd.toFixed(3)}); the red dot is the true (2, 1).`;
  }

  const table = (rows: Named[]) => {
    const t = document.createElement("table");
    t.innerHTML =
      "<thead><tr><th scope='col'>value</th><th scope='col'>shape</th><th scope='col'>numbers</th></tr></thead>";
    const body = t.createTBody();
    for (const r of rows) {
      const tr = body.insertRow();
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = r.name;
      tr.append(th);
      tr.insertCell().textContent = `[${r.shape.join(", ")}]`;
      tr.insertCell().textContent = r.values.map((v) => v.toFixed(4)).join("  ");
    }
    return t;
  };

  function showBackprop(r: BackpropResult) {
    const out = $("backprop-out");
    const h = (text: string) => {
      const e = document.createElement("h3");
      e.textContent = text;
      return e;
    };
    const p = (text: string) => {
      const e = document.createElement("p");
      e.textContent = text;
      return e;
    };
    out.replaceChildren(
      p(`Input x = (${r.x.values.map((v) => v.toFixed(4)).join(", ")}), target y = ${r.target}.`),
      h("1. Forward"),
      table(r.forward),
      p(`Loss L = BCE(ŷ, y) = ${r.loss.toFixed(6)}`),
      h("2. Backward: the chain rule, layer by layer"),
      table(r.backward),
      h(`3. Update: SGD with lr ${r.lr}`),
      table(r.update),
      p(
        `Loss after the update: ${r.lossAfter.toFixed(6)} (${r.lossAfter < r.loss ? "lower" : "not lower"} than ${r.loss.toFixed(6)}).`,
      ),
    );
  }

  return {
    lessonMessage(m: FromWorker) {
      if (m.type === "compare") showCompare(m.result);
      else if (m.type === "surface") showSurface(m.result);
      else if (m.type === "backprop") showBackprop(m.result);
    },
  };
}
