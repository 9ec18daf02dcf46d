/** Sharing: copy the link, download the model as safetensors, show the run as code. */
import type { Config } from "../core/config.js";
import type { InitialWeights } from "../core/codegen.js";
import { toPyTorch, toTypeScript } from "../core/codegen.js";
import type { EpochStats } from "../core/session.js";
import { $ } from "./controls.js";

export function setupShare(
  send: (m: { type: "download" }) => void,
  config: () => Config,
  epochs: () => EpochStats[],
) {
  let init: InitialWeights | null = null;
  let nClasses = 2;
  $("copy-link").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      $("copy-link").textContent = "Link copied";
    } catch {
      $("copy-link").textContent = "Copy the address bar";
    }
  });
  $("download").addEventListener("click", () => send({ type: "download" }));
  const refresh = () => {
    const c = config();
    const n = Math.max(epochs().length, 100);
    $("code-ts").textContent = toTypeScript(c, nClasses, n);
    $("code-py").textContent = toPyTorch(c, nClasses, n, init);
  };
  // The code is long: build it only when a code panel is open.
  document.querySelectorAll(".share details").forEach((d) => d.addEventListener("toggle", refresh));
  return {
    refresh: () => {
      if (document.querySelector(".share details[open]")) refresh();
    },
    setInitial(w: InitialWeights, classes: number) {
      init = w;
      nClasses = classes;
    },
    downloaded(bytes: Uint8Array) {
      const url = URL.createObjectURL(
        new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "application/octet-stream" }),
      );
      const a = document.createElement("a");
      a.href = url;
      a.download = `descent-playground-epoch${epochs().at(-1)?.epoch ?? 0}.safetensors`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    },
  };
}
