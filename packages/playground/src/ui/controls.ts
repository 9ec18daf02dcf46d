/**
 * The form controls and the Config: each control reads its value from the config and writes it
 * back; the hidden-layer rows and the input checkboxes are built from the config.
 */
import type {
  Activation,
  Config,
  Derived,
  LossName,
  OptimizerName,
  OutputAct,
  Regularizer,
} from "../core/config.js";
import {
  ACTIVATIONS,
  DERIVED,
  DERIVED_LABELS,
  LIMITS,
  descentKind,
  trainCount,
} from "../core/config.js";

export const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`playground: no element #${id}`);
  return el as T;
};

type Binding = {
  id: string;
  get: (c: Config) => string | boolean;
  set: (c: Config, v: string, checked: boolean) => void;
};

const n = (v: string, fallback: number) =>
  v.trim() === "" || !Number.isFinite(Number(v)) ? fallback : Number(v);

const BINDINGS: Binding[] = [
  { id: "loss", get: (c) => c.loss, set: (c, v) => void (c.loss = v as LossName) },
  { id: "output", get: (c) => c.output, set: (c, v) => void (c.output = v as OutputAct) },
  {
    id: "optimizer",
    get: (c) => c.optimizer,
    set: (c, v) => void (c.optimizer = v as OptimizerName),
  },
  { id: "lr", get: (c) => String(c.lr), set: (c, v) => void (c.lr = n(v, c.lr)) },
  {
    id: "momentum",
    get: (c) => String(c.momentum),
    set: (c, v) => void (c.momentum = n(v, c.momentum)),
  },
  { id: "nesterov", get: (c) => c.nesterov, set: (c, _v, ch) => void (c.nesterov = ch) },
  {
    id: "weight-decay",
    get: (c) => String(c.weightDecay),
    set: (c, v) => void (c.weightDecay = n(v, c.weightDecay)),
  },
  {
    id: "regularizer",
    get: (c) => c.regularizer,
    set: (c, v) => void (c.regularizer = v as Regularizer),
  },
  {
    id: "reg-rate",
    get: (c) => String(c.regRate),
    set: (c, v) => void (c.regRate = n(v, c.regRate)),
  },
  {
    id: "batch-size",
    get: (c) => String(c.batchSize),
    set: (c, v) => void (c.batchSize = n(v, c.batchSize)),
  },
  {
    id: "init-seed",
    get: (c) => String(c.initSeed),
    set: (c, v) => void (c.initSeed = n(v, c.initSeed)),
  },
  {
    id: "dropout",
    get: (c) => String(c.dropout),
    set: (c, v) => void (c.dropout = n(v, c.dropout)),
  },
  {
    id: "dataset",
    get: (c) => c.data.name,
    set: (c, v) => void (c.data.name = v as Config["data"]["name"]),
  },
  {
    id: "n-samples",
    get: (c) => String(c.data.nSamples),
    set: (c, v) => void (c.data.nSamples = n(v, c.data.nSamples)),
  },
  {
    id: "n-features",
    get: (c) => String(c.data.nFeatures),
    set: (c, v) => void (c.data.nFeatures = n(v, c.data.nFeatures)),
  },
  {
    id: "n-informative",
    get: (c) => String(c.data.nInformative),
    set: (c, v) => void (c.data.nInformative = n(v, c.data.nInformative)),
  },
  {
    id: "n-classes",
    get: (c) => String(c.data.nClasses),
    set: (c, v) => void (c.data.nClasses = n(v, c.data.nClasses)),
  },
  {
    id: "noise",
    get: (c) => String(c.data.noise),
    set: (c, v) => void (c.data.noise = n(v, c.data.noise)),
  },
  {
    id: "seed",
    get: (c) => String(c.data.seed),
    set: (c, v) => void (c.data.seed = n(v, c.data.seed)),
  },
  {
    id: "test-ratio",
    get: (c) => String(c.data.testRatio),
    set: (c, v) => void (c.data.testRatio = n(v, c.data.testRatio)),
  },
  { id: "plot-x", get: (c) => String(c.data.plotX), set: (c, v) => void (c.data.plotX = n(v, 0)) },
  { id: "plot-y", get: (c) => String(c.data.plotY), set: (c, v) => void (c.data.plotY = n(v, 1)) },
];

const NOISE_LABEL: Record<string, string> = {
  classification: "Label noise (flip_y)",
  blobs: "Cluster std",
  plane: "Noise on y",
  gaussians: "Noise on y",
};

/** Wires every control: `change(mutate)` is called with a function that edits a copy of the config. */
export function bindControls(change: (mutate: (c: Config) => void) => void): void {
  for (const b of BINDINGS) {
    const el = $<HTMLInputElement | HTMLSelectElement>(b.id);
    el.addEventListener("change", () =>
      change((c) => b.set(c, el.value, (el as HTMLInputElement).checked)),
    );
  }
  $("add-layer").addEventListener("click", () =>
    change((c) => {
      if (c.hidden.length >= LIMITS.hiddenLayers[1]) return;
      c.hidden.push(c.hidden.at(-1) ?? 4);
      c.activations.push(c.activations.at(-1) ?? "relu");
    }),
  );
  $("remove-layer").addEventListener("click", () =>
    change((c) => {
      c.hidden.pop();
      c.activations.pop();
    }),
  );
  $("layers").addEventListener("change", (e) => {
    const t = e.target as HTMLInputElement | HTMLSelectElement;
    const l = Number(t.dataset.layer);
    if (t.dataset.kind === "units") change((c) => void (c.hidden[l] = n(t.value, c.hidden[l])));
    else change((c) => void (c.activations[l] = t.value as Activation));
  });
  $("inputs").addEventListener("change", (e) => {
    const t = e.target as HTMLInputElement;
    const key = t.dataset.input!;
    change((c) => {
      if (key.startsWith("col")) {
        const j = Number(key.slice(3));
        c.columns = t.checked ? [...c.columns, j] : c.columns.filter((x) => x !== j);
      } else {
        const f = key as Derived;
        c.derived = t.checked ? [...c.derived, f] : c.derived.filter((x) => x !== f);
      }
    });
  });
}

const option = (value: string, text: string) => {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = text;
  return o;
};

/** Shows the config in the controls (and rebuilds the per-layer rows and the inputs). */
export function showConfig(c: Config, columnNames: string[], nTrain: number): void {
  for (const sel of ["plot-x", "plot-y"]) {
    const el = $<HTMLSelectElement>(sel);
    el.replaceChildren(...columnNames.map((name, j) => option(String(j), name)));
  }
  for (const b of BINDINGS) {
    const el = $<HTMLInputElement | HTMLSelectElement>(b.id);
    const v = b.get(c);
    if (typeof v === "boolean") (el as HTMLInputElement).checked = v;
    // (not the control being edited: a snapshot arriving mid-typing must not undo the typing)
    else if (el.value !== v && document.activeElement !== el) el.value = v;
  }
  const isCsv = c.data.name === "csv";
  (document.querySelector('#dataset option[value="csv"]') as HTMLOptionElement).disabled = !isCsv;
  document
    .querySelectorAll<HTMLElement>(".cls-only")
    .forEach((e) => (e.hidden = c.data.name !== "classification"));
  document
    .querySelectorAll<HTMLElement>(".k-only")
    .forEach((e) => (e.hidden = !["classification", "blobs"].includes(c.data.name)));
  document
    .querySelectorAll<HTMLElement>(".sgd-only")
    .forEach((e) => (e.hidden = c.optimizer !== "sgd"));
  document
    .querySelectorAll<HTMLElement>(".adamw-only")
    .forEach((e) => (e.hidden = c.optimizer !== "adamw"));
  $("noise-label").textContent = NOISE_LABEL[c.data.name] ?? "Noise on x";
  for (const id of ["n-samples", "noise", "seed"]) $<HTMLInputElement>(id).disabled = isCsv;
  // Dropout follows each hidden layer's activation: nothing to drop without hidden layers.
  $<HTMLInputElement>("dropout").disabled = c.hidden.length === 0;
  const nt = trainCount(c.data.nSamples, c.data.testRatio);
  $("batch-kind").textContent =
    `${descentKind(c.batchSize, nTrain || nt)}${c.batchSize === 0 ? " (0 = the whole training set)" : ""}`;

  const layers = $("layers");
  layers.replaceChildren(
    ...c.hidden.map((units, l) => {
      const row = document.createElement("div");
      row.className = "layer-row";
      const u = document.createElement("input");
      Object.assign(u, { type: "number", min: "1", max: "64", value: String(units) });
      u.dataset.layer = String(l);
      u.dataset.kind = "units";
      const a = document.createElement("select");
      a.append(...ACTIVATIONS.map((x) => option(x, x)));
      a.value = c.activations[l];
      a.dataset.layer = String(l);
      const lu = document.createElement("label");
      lu.append(`Layer ${l + 1} units `, u);
      const la = document.createElement("label");
      la.append(`activation `, a);
      row.append(lu, la);
      return row;
    }),
  );
  $<HTMLButtonElement>("add-layer").disabled = c.hidden.length >= LIMITS.hiddenLayers[1];
  $<HTMLButtonElement>("remove-layer").disabled = c.hidden.length === 0;

  const inputs = $("inputs");
  const box = (key: string, text: string, checked: boolean, disabled = false) => {
    const l = document.createElement("label");
    l.className = "check";
    const i = document.createElement("input");
    i.type = "checkbox";
    i.checked = checked;
    i.disabled = disabled;
    i.dataset.input = key;
    l.append(i, ` ${text}`);
    return l;
  };
  inputs.replaceChildren(
    ...columnNames.map((name, j) => box(`col${j}`, name, c.columns.includes(j))),
    ...DERIVED.map((f) => box(f, DERIVED_LABELS[f], c.derived.includes(f), columnNames.length < 2)),
  );
}
