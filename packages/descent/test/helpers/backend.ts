import { getBackend, setBackend } from "../../src/backend/registry.js";

/** Runs `fn` with `backend` as the current backend, restoring the previous one afterwards. */
export function onBackend<R>(backend: string, fn: () => R): R {
  const prev = getBackend().name;
  setBackend(backend);
  try {
    return fn();
  } finally {
    setBackend(prev);
  }
}
