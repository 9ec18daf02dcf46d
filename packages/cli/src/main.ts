#!/usr/bin/env node
/**
 * The `descent` command line. Each subcommand lives in ./commands/<name>.ts and exports a
 * `register(program)` function; this file only wires them together.
 */
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import { commands } from "./commands/index.js";

/** The package's version, read from package.json next to dist/ (or src/ under tsx). */
function packageVersion(): string {
  const url = new URL("../package.json", import.meta.url);
  return (JSON.parse(readFileSync(url, "utf8")) as { version: string }).version;
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name("descent")
    .version(packageVersion(), "-V, --version", "print the version")
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

/**
 * True when this file is the program node runs: directly, through tsx, or through npm's bin
 * symlink (node_modules/.bin/descent -> dist/cli/main.js), hence the realpath on both sides.
 */
function isMain(): boolean {
  const arg = process.argv[1];
  if (!arg) return false;
  try {
    return realpathSync(arg) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  // `descent ... | head` closes the pipe early: stop quietly instead of throwing EPIPE.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
