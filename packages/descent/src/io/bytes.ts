/** The byte-level half of descent.io, safe in a browser: safetensors encoding and decoding. */
export {
  encodeSafetensors,
  decodeSafetensors,
  SafetensorsError,
  MAX_HEADER_BYTES,
} from "./safetensors.js";
export type { SafetensorsFile } from "./safetensors.js";
