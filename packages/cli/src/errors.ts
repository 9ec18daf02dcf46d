/**
 * How the CLI prints errors: one line, quoted input cut short, details with --verbose. Loaded by
 * main.ts only when something failed (it needs the library's `excerpt`).
 */
import { excerpt } from "descent";

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

/** Commander's own error text (a bad flag value) as one line, its echoed value cut short. */
export function commanderErrorText(text: string): string {
  return `${oneLine(
    text
      .replace(/^error: /, "")
      .replace(
        /argument '([\s\S]*?)' is invalid/,
        (_, a: string) => `argument '${excerpt(a)}' is invalid`,
      ),
    "",
  )} (run with --help for usage)\n`;
}
