import type { Command } from "commander";

/** Every subcommand's register function, in the order `--help` lists them. */
export const commands: ((program: Command) => void)[] = [];
