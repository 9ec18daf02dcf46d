/**
 * A minimal zip reader and writer for the archives `torch.save` writes (PKWARE APPNOTE 6.3):
 * stored (uncompressed) entries only, found through the central directory, each checked against
 * its CRC-32. No file system, so it runs in the browser too.
 */

/** One stored entry: where its bytes are in the archive. */
export interface ZipEntry {
  name: string;
  /** Byte offset of the entry's data in the archive. */
  offset: number;
  size: number;
  crc: number;
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const utf8 = new TextDecoder("utf-8", { fatal: false });

/**
 * The entries of a zip archive, by name, from its central directory. Every offset, length and
 * count is checked against the archive's size; compressed, encrypted, multi-disk and zip64
 * archives are refused. `fail` reports the problem (it throws).
 */
export function readZip(
  bytes: Uint8Array,
  fail: (problem: string) => never,
): Map<string, ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  // The end record is the last 22 bytes plus a comment of up to 65535 bytes.
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65535); at--) {
    if (u32(at) === END && at + 22 + u16(at + 20) === bytes.length) {
      end = at;
      break;
    }
  }
  if (end < 0) fail("no zip end-of-central-directory record (truncated or not a zip file)");
  const disk = u16(end + 4);
  const count = u16(end + 10);
  const cdSize = u32(end + 12);
  const cdOffset = u32(end + 16);
  if (disk !== 0 || u16(end + 6) !== 0 || u16(end + 8) !== count) {
    fail("multi-disk zip archives are not supported");
  }
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    fail("zip64 archives (over 4 GB or 65535 entries) are not supported");
  }
  if (cdOffset + cdSize > end) {
    fail(
      `the central directory [${cdOffset}, ${cdOffset + cdSize}) runs past its end record at ${end}`,
    );
  }
  const entries = new Map<string, ZipEntry>();
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > cdOffset + cdSize || u32(at) !== CENTRAL) {
      fail(`central directory entry ${i} of ${count} at byte ${at} is missing or malformed`);
    }
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const crc = u32(at + 16);
    const packed = u32(at + 20);
    const size = u32(at + 24);
    const nameEnd = at + 46 + u16(at + 28);
    const next = nameEnd + u16(at + 30) + u16(at + 32);
    const local = u32(at + 42);
    if (next > cdOffset + cdSize) fail(`central directory entry ${i} runs past the directory`);
    const name = utf8.decode(bytes.subarray(at + 46, nameEnd));
    const what = `zip entry '${excerpt(name)}'`;
    if (flags & 1) fail(`${what} is encrypted`);
    if (method !== 0) {
      fail(
        `${what} is compressed (method ${method}); torch.save stores entries uncompressed, re-save the file with torch.save`,
      );
    }
    if (packed !== size) fail(`${what}: stored size ${packed} differs from its size ${size}`);
    if (local + 30 > cdOffset || u32(local) !== LOCAL) {
      fail(`${what}: no local header at byte ${local}`);
    }
    const offset = local + 30 + u16(local + 26) + u16(local + 28);
    if (offset + size > cdOffset) {
      fail(`${what}: its ${size} bytes at ${offset} run past the data (into byte ${cdOffset})`);
    }
    if (entries.has(name)) fail(`${what} appears twice`);
    entries.set(name, { name, offset, size, crc });
    at = next;
  }
  return entries;
}

/** An entry's bytes (a view into `bytes`), after checking its CRC-32. */
export function zipEntryBytes(
  bytes: Uint8Array,
  entry: ZipEntry,
  fail: (problem: string) => never,
): Uint8Array {
  const data = bytes.subarray(entry.offset, entry.offset + entry.size);
  if (crc32(data) !== entry.crc) {
    fail(`zip entry '${excerpt(entry.name)}' is corrupt (its CRC-32 does not match)`);
  }
  return data;
}

/**
 * A zip archive of stored entries, laid out as PyTorch's writer does: each entry's data starts
 * at a multiple of 64 bytes (padding in a local extra field "FB"), so a reader can map it.
 */
export function writeZip(files: { name: string; data: Uint8Array }[]): Uint8Array {
  const enc = new TextEncoder();
  const parts: { name: Uint8Array; data: Uint8Array; crc: number; local: number; pad: number }[] =
    [];
  let at = 0;
  for (const f of files) {
    const name = enc.encode(f.name);
    const headerEnd = at + 30 + name.length + 4; // 4: the extra field's own header
    const pad = (64 - (headerEnd % 64)) % 64;
    parts.push({ name, data: f.data, crc: crc32(f.data), local: at, pad });
    at = headerEnd + pad + f.data.length;
  }
  const cdOffset = at;
  const cdSize = parts.reduce((n, p) => n + 46 + p.name.length, 0);
  if (cdOffset + cdSize > 0xffffffff || parts.length > 0xfffe) {
    throw new RangeError(`writeZip: ${cdOffset} bytes in ${parts.length} entries need zip64`);
  }
  const out = new Uint8Array(cdOffset + cdSize + 22);
  const view = new DataView(out.buffer);
  const put = (pos: number, values: [number, 2 | 4][]) => {
    for (const [v, n] of values) {
      if (n === 2) view.setUint16(pos, v, true);
      else view.setUint32(pos, v, true);
      pos += n;
    }
    return pos;
  };
  for (const p of parts) {
    // version 2.0, flag 0x800 (UTF-8 names), stored, time 0, crc, sizes, name and extra lengths
    let pos = put(p.local, [[LOCAL, 4], [20, 2], [0x800, 2], [0, 2], [0, 2], [0, 2], [p.crc, 4], [p.data.length, 4], [p.data.length, 4], [p.name.length, 2], [4 + p.pad, 2]]); // prettier-ignore
    out.set(p.name, pos);
    pos = put(pos + p.name.length, [
      [0x4246, 2],
      [p.pad, 2],
    ]); // "FB" + padding length
    out.fill(0x5a, pos, pos + p.pad); // "Z", as PyTorch pads
    out.set(p.data, pos + p.pad);
  }
  let pos = cdOffset;
  for (const p of parts) {
    pos = put(pos, [[CENTRAL, 4], [20, 2], [20, 2], [0x800, 2], [0, 2], [0, 2], [0, 2], [p.crc, 4], [p.data.length, 4], [p.data.length, 4], [p.name.length, 2], [0, 2], [0, 2], [0, 2], [0, 2], [0, 4], [p.local, 4]]); // prettier-ignore
    out.set(p.name, pos);
    pos += p.name.length;
  }
  put(pos, [[END, 4], [0, 2], [0, 2], [parts.length, 2], [parts.length, 2], [cdSize, 4], [cdOffset, 4], [0, 2]]); // prettier-ignore
  return out;
}

/** CRC-32 tables for slicing by 8: TABLE[k * 256 + b] is the CRC of byte b followed by k zeros. */
const TABLE = new Uint32Array(2048);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  TABLE[n] = c >>> 0;
}
for (let i = 256; i < 2048; i++) TABLE[i] = (TABLE[i - 256] >>> 8) ^ TABLE[TABLE[i - 256] & 0xff];

/** CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as zip uses; eight bytes a step. */
export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  let i = 0;
  const word = (at: number) =>
    data[at] | (data[at + 1] << 8) | (data[at + 2] << 16) | (data[at + 3] << 24);
  for (const n8 = data.length & ~7; i < n8; i += 8) {
    const a = c ^ word(i);
    const b = word(i + 4);
    c = TABLE[1792 + (a & 0xff)] ^ TABLE[1536 + ((a >>> 8) & 0xff)] ^ TABLE[1280 + ((a >>> 16) & 0xff)] ^ TABLE[1024 + (a >>> 24)] ^ TABLE[768 + (b & 0xff)] ^ TABLE[512 + ((b >>> 8) & 0xff)] ^ TABLE[256 + ((b >>> 16) & 0xff)] ^ TABLE[b >>> 24]; // prettier-ignore
  }
  for (; i < data.length; i++) c = TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A name cut to a short excerpt for messages. */
export function excerpt(s: string, max = 60): string {
  return s.length <= max ? s : `${s.slice(0, max)}...`;
}
