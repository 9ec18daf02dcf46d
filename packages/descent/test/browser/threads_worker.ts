/** threads_scenario's run inside a module Web Worker, where the training loop of a page would be. */
import { runThreads } from "./threads_scenario.js";

self.onmessage = async () => {
  try {
    self.postMessage({ result: await runThreads() });
  } catch (e) {
    self.postMessage({ error: String(e) });
  }
};
