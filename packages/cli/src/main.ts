#!/usr/bin/env node
/**
 * The `descent` command line. Each subcommand lives in ./commands/<name>.ts and exports a
 * `register(program)` function; this file only wires them together.
 */
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import { excerpt } from "descent";
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
    .option("--verbose", "on errors, print the details and the stack too")
    .exitOverride();
  for (const register of commands) register(program);
  // Commander's own errors (a bad flag value) as one line, their echoed value cut short.
  const outputError = (text: string, write: (s: string) => void): void =>
    write(
      `${oneLine(
        text
          .replace(/^error: /, "")
          .replace(
            /argument '([\s\S]*?)' is invalid/,
            (_, a: string) => `argument '${excerpt(a)}' is invalid`,
          ),
        "",
      )} (run with --help for usage)\n`,
    );
  for (const cmd of [program, ...allCommands(program)]) cmd.configureOutput({ outputError });
  return program;
}

function allCommands(cmd: Command): Command[] {
  return cmd.commands.flatMap((c) => [c, ...allCommands(c)]);
}

/** Errors that mean a bug in descent rather than bad input: they get a note saying so. */
const ENGINE_ERROR =
  /Maximum call stack size exceeded|is not a function|Cannot read properties of|is not iterable|Invalid typed array length|Invalid array length/;

/** How many of PyTorch's tab-indented problem lines (`\tsize mismatch for ...`) are shown. */
const MAX_PROBLEM_LINES = 4;

/**
 * A message as one line: `descent: <first line>`, quoted input already cut short by the library,
 * the whole cut to 500 characters. Where the message lists problems as PyTorch does (lines that
 * start with a tab), a handful follow; anything else is left for --verbose.
 */
function oneLine(message: string, hint = " (details with --verbose)"): string {
  const [first, ...rest] = message.trim().split(/\r?\n|\r/);
  const problems = rest.filter((l) => l.startsWith("\t"));
  const shown = problems.slice(0, MAX_PROBLEM_LINES).map((l) => `\n\t${excerpt(l.trim(), 200)}`);
  const hidden = rest.length - shown.length;
  const more = hidden > 0 ? (shown.length ? ` (${hidden} more with --verbose)` : hint) : "";
  return `descent: ${excerpt(first, 500)}${more}${shown.join("")}`;
}

/** What the CLI prints for an error a command threw. */
export function errorText(e: unknown, verbose: boolean): string {
  const message = e instanceof Error ? e.message : String(e);
  if (verbose) {
    return `descent: ${message}\n${e instanceof Error && e.stack ? e.stack : ""}\n`;
  }
  const internal = e instanceof Error && ENGINE_ERROR.test(message);
  const line = internal
    ? oneLine(
        `internal error (${e.name}: ${message}); please report it, with the command, at the descent issue tracker`,
      )
    : oneLine(message);
  return `${line}\n`;
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
    process.stderr.write(errorText(e, argv.includes("--verbose")));
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
