/**
 * descent.io: model files. `safetensors.ts` works on bytes (browser and Node); `model_file.ts`
 * reads and writes files (Node only).
 */
export {
  encodeSafetensors,
  decodeSafetensors,
  SafetensorsError,
  MAX_HEADER_BYTES,
} from "./safetensors.js";
export type { SafetensorsFile } from "./safetensors.js";
export {
  saveSafetensors,
  loadSafetensors,
  readSafetensorsFile,
  loadModelWeights,
} from "./model_file.js";
