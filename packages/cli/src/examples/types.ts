import type { Generator, nn, Tensor, train } from "descent";
import type { LossFn, LossSpec } from "../lib.js";
import type { TrainingDefaults } from "../options.js";

/** What a `fit` example trains: model, data and loss. */
export interface ExampleSetup {
  model: nn.Module;
  /** Inputs [N, F]. */
  x: Tensor;
  /** Targets, shaped as the loss wants them. */
  y: Tensor;
  loss: LossSpec;
}

/** An example trained by session.ts's loop (`train.fit`) on data made in memory. */
export interface FitExample {
  kind: "fit";
  name: string;
  summary: string;
  defaults: TrainingDefaults;
  /** Title of the seed's scatter plot. */
  title: string;
  /** Whether the text epoch lines show accuracy (the seed's softmax program does, its MLP not). */
  logAccuracy: boolean;
  /** Model, data and loss; the generator seeds the initial weights (and any random data). */
  setup(generator: Generator): ExampleSetup;
  /** Extra lines (text) and fields (jsonl) after training. */
  report?(model: nn.Module): { lines: string[]; fields: Record<string, unknown> };
}

/** A d2l model as built for a run: what trains, what saves, and how the book names it. */
export interface D2lBuilt {
  net: train.d2l.Net;
  loss: LossFn;
  /** d2l's hand-written `sgd` (3.6), or null for an optimizer from --optimizer. */
  scratchSgd: readonly Tensor[] | null;
  /** Parameters by name (scratch: W, b, ...; concise: its state dict, for reading only). */
  params: Record<string, Tensor>;
  title: string;
}

/** An example of d2l's chapters 3-4, trained by the book's `trainCh3` on Fashion-MNIST. */
export interface D2lExample {
  kind: "d2l";
  name: string;
  summary: string;
  build(scratch: boolean, generator: Generator): D2lBuilt;
}

/** A program `descent run <name>` knows. */
export type Example = FitExample | D2lExample;
