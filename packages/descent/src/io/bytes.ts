/** The byte-level half of descent.io, safe in a browser: safetensors and `.pt` encoding and decoding. */
export {
  encodeSafetensors,
  decodeSafetensors,
  SafetensorsError,
  MAX_HEADER_BYTES,
} from "./safetensors.js";
export type { SafetensorsFile } from "./safetensors.js";
export { decodePt, encodePt, PtError, PT_MAX_BYTES } from "./pt.js";
export type { PtValue, PtReadOptions } from "./pt.js";
