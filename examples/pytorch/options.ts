/**
 * What the translated PyTorch tutorials share: where their lines go and, for the tests, the
 * starting weights. PyTorch's tutorials draw their weights from torch's generator, whose stream
 * descent does not reproduce; the tests pass the weights PyTorch drew (exported by
 * packages/descent/scripts/golden/torch_tutorials.py) as `init`, so that both programs start from
 * the same point and print the same numbers.
 */
import { pathToFileURL } from "node:url";

export interface TutorialOptions {
  /** Where the printed lines go (default console.log). */
  log?: (line: string) => void;
  /** The initial weights, flat, in the order the program creates them (default: random). */
  init?: readonly number[];
}

/** Whether this module is the program being run (`npx tsx examples/pytorch/<name>.ts`). */
export function isMain(url: string): boolean {
  return process.argv[1] !== undefined && url === pathToFileURL(process.argv[1]).href;
}
