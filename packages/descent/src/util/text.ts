/** Text helpers for error messages: byte counts people can read, and input cut to an excerpt. */

/** Longest piece of user input a message quotes whole (`excerpt`). */
export const EXCERPT_CHARS = 60;

/**
 * `text` as a message may quote it: whole when short, else its start, an ellipsis and its length
 * (`linear(4,10),linear(10,10),l… (160000 characters)`), so a 1 MB cell makes a one-line error.
 */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  const s = String(text);
  if (s.length <= max) return s;
  const cut = [...s.slice(0, max)].slice(0, -1).join(""); // not between the halves of a pair
  return `${cut}… (${s.length} characters)`;
}

/** A byte count in decimal units, as PyTorch and disk makers count: 4000000000000 -> "4.0 TB". */
export function formatBytes(n: number | bigint): string {
  const units = ["bytes", "KB", "MB", "GB", "TB", "PB", "EB"];
  let v = Number(n);
  if (v < 1000) return `${v} bytes`;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}
