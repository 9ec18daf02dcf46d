/**
 * The `skip` option of tests that read Fashion-MNIST: the optional `fashion-mnist` package is a
 * dev dependency of the repository (so these tests run here and in CI) but never of the library.
 */
import { createRequire } from "node:module";

function fashionMnistInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve("fashion-mnist/package.json");
    return true;
  } catch {
    return false;
  }
}

/** `{ skip: false }` when the data is installed, else the reason the test is skipped. */
export const needsData = {
  skip: fashionMnistInstalled() ? false : "the optional package fashion-mnist is not installed",
};
