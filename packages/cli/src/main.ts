#!/usr/bin/env node
/**
 * The `descent` command line. Each subcommand lives in ./commands/<name>.ts and exports a
 * `configure(cmd)` function; this file only wires them together. It imports only commander:
 * the invoked command's module (and with it the library) loads on demand, so `--help` and
 * `--version` start in about the time node itself takes.
 */
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command, CommanderError, Help } from "commander";
import { COMMANDS } from "./commands/index.js";

/** The package's version, read from package.json next to dist/ (or src/ under tsx). */
function packageVersion(): string {
  const url = new URL("../package.json", import.meta.url);
  return (JSON.parse(readFileSync(url, "utf8")) as { version: string }).version;
}

/** Options of the program itself, which may come before the subcommand's name. */
const GLOBAL_FLAGS = new Set(["--verbose", "-V", "--version", "-h", "--help"]);

/** The subcommand that `argv` runs (or asks help for, as in `descent help run`), if any. */
function invoked(argv: string[]): string | undefined {
  const words = argv.filter((a) => !GLOBAL_FLAGS.has(a));
  return words[0] === "help" ? words[1] : words[0];
}

/**
 * The program with every subcommand listed; the one `argv` names is configured in full (its
 * module imported), the others only by name and description, which is all `--help` shows.
 * `errors` collects commander's own error messages, which `main` prints as one line.
 */
export async function buildProgram(argv: string[], errors: string[] = []): Promise<Command> {
  const program = new Command();
  program
    .name("descent")
    .version(packageVersion(), "-V, --version", "print the version")
    .description("descent: deep learning in TypeScript, with PyTorch's API and PyTorch's numbers")
    .option("--verbose", "on errors, print the details and the stack too")
    .exitOverride()
    .configureHelp({
      subcommandTerm: (cmd) => {
        const entry = COMMANDS.find((c) => c.name === cmd.name());
        return entry && cmd.parent === program
          ? `${entry.name} ${entry.terms}`.trim()
          : new Help().subcommandTerm(cmd);
      },
    });
  const name = invoked(argv);
  for (const entry of COMMANDS) {
    const cmd = program.command(entry.name).description(entry.description);
    if (entry.name === name) (await entry.load()).configure(cmd);
  }
  const outputError = (text: string): void => void errors.push(text);
  for (const cmd of [program, ...allCommands(program)]) cmd.configureOutput({ outputError });
  return program;
}

function allCommands(cmd: Command): Command[] {
  return cmd.commands.flatMap((c) => [c, ...allCommands(c)]);
}

export async function main(argv: string[]): Promise<number> {
  const errors: string[] = [];
  try {
    const program = await buildProgram(argv, errors);
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (e) {
    // Help and the version end here too (commander printed them): nothing more to load.
    if (e instanceof CommanderError && errors.length === 0) return e.exitCode;
    const { commanderErrorText, errorText } = await import("./errors.js");
    if (e instanceof CommanderError) {
      for (const text of errors) process.stderr.write(commanderErrorText(text));
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
