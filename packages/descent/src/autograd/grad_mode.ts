/** Whether operations are recorded for backward. Changed only through `noGrad` / `enableGrad`. */
const mode = { enabled: true };

/** Whether operations are recorded for backward now (false inside `noGrad`), as `torch.is_grad_enabled`. */
export function isGradEnabled(): boolean {
  return mode.enabled;
}

/**
 * Runs `fn` without recording operations (like `with torch.no_grad():`), restoring the previous
 * mode afterwards even if `fn` throws. Returns what `fn` returns.
 */
export function noGrad<T>(fn: () => T): T {
  const prev = mode.enabled;
  mode.enabled = false;
  try {
    return fn();
  } finally {
    mode.enabled = prev;
  }
}

/** Runs `fn` with recording on, inside a `noGrad` block (like `torch.enable_grad()`). */
export function enableGrad<T>(fn: () => T): T {
  const prev = mode.enabled;
  mode.enabled = true;
  try {
    return fn();
  } finally {
    mode.enabled = prev;
  }
}
