import type { Backend } from "./backend.js";
import { jsMatmul } from "./js_matmul.js";

/** The plain TypeScript backend: runs everywhere, and is the reference the others are tested against. */
export const jsBackend: Backend = { name: "js", matmul: jsMatmul };

const backends = new Map<string, Backend>([["js", jsBackend]]);
let current: Backend = jsBackend;

/** Makes a backend available to `setBackend`. */
export function registerBackend(backend: Backend): void {
  backends.set(backend.name, backend);
}

/** The backend kernels run on now. */
export function getBackend(): Backend {
  return current;
}

/** Forces a backend by name ('js', 'wasm', ...); throws listing the available ones. */
export function setBackend(name: string): void {
  const b = backends.get(name);
  if (!b) {
    throw new Error(
      `setBackend: unknown backend '${name}'; available: ${[...backends.keys()].join(", ")}`,
    );
  }
  current = b;
}

export function listBackends(): string[] {
  return [...backends.keys()];
}
