/**
 * The config in a URL query (`?data=moons&h=8,8&lr=0.03...`) and back. Only values that differ
 * from the defaults are written, so the seed's run is the bare address. Unknown or malformed
 * values fall back to the default; the result is always `normalize`d.
 */
import type {
  Activation,
  Config,
  DatasetName,
  Derived,
  LossName,
  OptimizerName,
} from "./config.js";
import {
  ACTIVATIONS,
  DATASETS,
  DEFAULT_CONFIG,
  DERIVED,
  LOSSES,
  OPTIMIZERS,
  OUTPUTS,
  REGULARIZERS,
  normalize,
} from "./config.js";

type Field = {
  get: (c: Config) => string;
  set: (c: Config, v: string) => void;
};

const num = (v: string): number | undefined => {
  const n = Number(v);
  return v.trim() !== "" && Number.isFinite(n) ? n : undefined;
};
const oneOf = <T extends string>(list: readonly T[], v: string): T | undefined =>
  (list as readonly string[]).includes(v) ? (v as T) : undefined;
const list = (v: string): string[] => (v === "" ? [] : v.split(","));

function dataNum(key: keyof Config["data"] & string): Field {
  return {
    get: (c) => String(c.data[key]),
    set: (c, v) => {
      const n = num(v);
      if (n !== undefined) (c.data as unknown as Record<string, number>)[key] = n;
    },
  };
}

function topNum(
  key:
    | "dropout"
    | "outUnits"
    | "lr"
    | "momentum"
    | "weightDecay"
    | "regRate"
    | "batchSize"
    | "initSeed",
): Field {
  return {
    get: (c) => String(c[key]),
    set: (c, v) => {
      const n = num(v);
      if (n !== undefined) c[key] = n;
    },
  };
}

/** URL key -> field; the order is the order in the URL. */
const FIELDS: Record<string, Field> = {
  data: {
    get: (c) => c.data.name,
    set: (c, v) => {
      c.data.name = oneOf<DatasetName>(DATASETS, v) ?? c.data.name;
    },
  },
  n: dataNum("nSamples"),
  f: dataNum("nFeatures"),
  inf: dataNum("nInformative"),
  k: dataNum("nClasses"),
  noise: dataNum("noise"),
  seed: dataNum("seed"),
  test: dataNum("testRatio"),
  px: dataNum("plotX"),
  py: dataNum("plotY"),
  cols: {
    get: (c) => c.columns.join(","),
    set: (c, v) => {
      const cols = list(v).map(num);
      if (cols.every((x) => x !== undefined)) c.columns = cols as number[];
    },
  },
  der: {
    get: (c) => c.derived.join(","),
    set: (c, v) => {
      c.derived = list(v).filter((x): x is Derived => oneOf(DERIVED, x) !== undefined);
    },
  },
  h: {
    get: (c) => c.hidden.join(","),
    set: (c, v) => {
      const h = list(v).map(num);
      if (h.every((x) => x !== undefined)) c.hidden = h as number[];
    },
  },
  act: {
    get: (c) => c.activations.join(","),
    set: (c, v) => {
      c.activations = list(v).map((a) => oneOf<Activation>(ACTIVATIONS, a) ?? "relu");
    },
  },
  drop: topNum("dropout"),
  out: {
    get: (c) => c.output,
    set: (c, v) => {
      c.output = oneOf(OUTPUTS, v) ?? c.output;
    },
  },
  units: topNum("outUnits"),
  loss: {
    get: (c) => c.loss,
    set: (c, v) => {
      c.loss = oneOf<LossName>(LOSSES, v) ?? c.loss;
    },
  },
  opt: {
    get: (c) => c.optimizer,
    set: (c, v) => {
      c.optimizer = oneOf<OptimizerName>(OPTIMIZERS, v) ?? c.optimizer;
    },
  },
  lr: topNum("lr"),
  mom: topNum("momentum"),
  nest: {
    get: (c) => (c.nesterov ? "1" : "0"),
    set: (c, v) => {
      c.nesterov = v === "1" || v === "true";
    },
  },
  wd: topNum("weightDecay"),
  reg: {
    get: (c) => c.regularizer,
    set: (c, v) => {
      c.regularizer = oneOf(REGULARIZERS, v) ?? c.regularizer;
    },
  },
  rr: topNum("regRate"),
  bs: topNum("batchSize"),
  init: topNum("initSeed"),
};

export const cloneConfig = (c: Config): Config => structuredClone(c);

/** The query string (without "?") for `c`: only the values that differ from the default. */
export function toQuery(c: Config): string {
  const q = new URLSearchParams();
  const n = normalize(c);
  for (const [key, f] of Object.entries(FIELDS)) {
    const v = f.get(n);
    if (v !== f.get(DEFAULT_CONFIG)) q.set(key, v);
  }
  return q.toString();
}

/** The config a query string describes (the default where it says nothing or nonsense). */
export function fromQuery(query: string): Config {
  const q = new URLSearchParams(query);
  const c = cloneConfig(DEFAULT_CONFIG);
  for (const [key, f] of Object.entries(FIELDS)) {
    const v = q.get(key);
    if (v !== null) f.set(c, v);
  }
  return normalize(c);
}
