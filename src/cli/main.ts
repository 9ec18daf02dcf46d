#!/usr/bin/env node
/**
 * The `descent` command line. Each subcommand lives in ./commands/<name>.ts and exports a
 * `register(program)` function; this file only wires them together.
 */
import { Command, CommanderError } from "commander";
import { commands } from "./commands/index.js";

export function buildProgram(): Command {
  const program = new Command();
  program
    .name("descent")
    .description("descent: deep learning in TypeScript, with PyTorch's API and PyTorch's numbers")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander has already printed its message (help, version, or the bad flag).
      return e.exitCode;
    }
    process.stderr.write(`descent: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain || process.argv[1]?.endsWith("/descent")) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
