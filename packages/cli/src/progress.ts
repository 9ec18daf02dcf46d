/**
 * The training progress bar (cli-progress): epoch, loss, speed and time left, on stderr, only
 * when stderr is a terminal and not in CI; elsewhere every method does nothing.
 */
import cliProgress from "cli-progress";

export interface Progress {
  update(epoch: number, loss: number): void;
  /** Prints a line on stdout without garbling the bar. */
  log(line: string): void;
  stop(): void;
}

/** Whether to draw a bar: stderr is a terminal and CI is not set. */
export function progressWanted(
  stream: { isTTY?: boolean } = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return Boolean(stream.isTTY) && !env.CI;
}

export function createProgress(total: number, label = "epoch"): Progress {
  const write = (line: string) => process.stdout.write(`${line}\n`);
  if (!progressWanted() || total < 2) {
    return { update: () => {}, log: write, stop: () => {} };
  }
  const t0 = Date.now();
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} {value}/{total} {bar} loss {loss} | {speed} ${label}s/s | {eta_formatted} left`,
      barsize: 24,
      // Leave the cursor and line wrapping alone: Ctrl-C ends a synchronous training loop without
      // running any handler, so nothing would restore them. The bar is trimmed to the width.
      hideCursor: null,
      linewrap: true,
      clearOnComplete: true,
      etaBuffer: 50,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { loss: "-", speed: "-" });
  let active = true;
  return {
    update(epoch, loss) {
      const secs = (Date.now() - t0) / 1000;
      const speed = secs > 0 ? (epoch / secs).toFixed(epoch / secs >= 100 ? 0 : 1) : "-";
      bar.update(epoch, { loss: Number.isFinite(loss) ? loss.toFixed(4) : String(loss), speed });
    },
    log(line) {
      if (!active || !process.stdout.isTTY) return write(line);
      // Same terminal: clear the bar's line, print, then save the cursor there (DECSC), since
      // cli-progress returns to the position it saved at start when it stops.
      process.stderr.write("\r\x1b[2K");
      write(line);
      process.stderr.write("\x1b7");
      bar.render();
    },
    stop() {
      if (active) bar.stop();
      active = false;
    },
  };
}
