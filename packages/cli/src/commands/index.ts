import type { Command } from "commander";
import { register as start } from "./start.js";
import { register as run } from "./run.js";
import { register as train } from "./train.js";
import { register as predict } from "./predict.js";
import { register as lrSweep } from "./lr_sweep.js";
import { register as data } from "./data.js";
import { register as playground } from "./playground.js";

/** Every subcommand's register function, in the order `--help` lists them. */
export const commands: ((program: Command) => void)[] = [
  start,
  run,
  train,
  predict,
  lrSweep,
  data,
  playground,
];
