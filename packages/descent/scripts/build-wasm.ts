/**
 * Assembles descent's WebAssembly kernels from their sources, packages/descent/wasm/*.wat, with
 * the `wabt` package (pure JS, no toolchain download), and writes the bytes, base64-encoded, into
 * src/backend/wasm/matmul_wasm_bytes.ts and src/backend/simd/simd_wasm_bytes.ts, so that tsc, tsx
 * and browsers all load them with no file system access. test/backend/wasm_sources.test.ts
 * checks that those files are what this script writes from the sources now.
 *
 * One preprocessing step, so that one source gives a module's variants (the matmul with and
 * without relaxed SIMD, on its own or an imported shared memory), on lines of their own:
 *   ;; @if NAME / ;; @else / ;; @end   keep the lines of the branch that the variant's flags pick;
 *   ;; @include FILE                   the text of wasm/FILE in place of the line;
 *   ;; @set NAME VALUE                 from there on, ${NAME} in the text reads VALUE (the
 *                                      micro-kernel's tile, which matmul.wat's loops step by).
 * Everything else is WAT as written.
 *
 * Run: `npm run build:wasm` (part of `npm run build`).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import wabtInit from "wabt";

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const WAT_DIR = here("../wasm/");

/** One module: the name of its base64 constant, its source, the flags of its variant, what it holds. */
interface ModuleSpec {
  name: string;
  source: string;
  flags: string[];
  doc: string;
}

/** The generated TypeScript files and the modules each holds, in order. */
export const OUTPUTS: { path: string; header: string; modules: ModuleSpec[] }[] = [
  {
    path: "src/backend/wasm/matmul_wasm_bytes.ts",
    header: "WebAssembly modules of the float32 matmul kernel (wasm/matmul.wat)",
    modules: [
      {
        name: "MATMUL_SIMD_WASM",
        source: "matmul.wat",
        flags: [],
        doc: "Module using f32x4.mul + f32x4.add (WebAssembly SIMD).",
      },
      {
        name: "MATMUL_RELAXED_WASM",
        source: "matmul.wat",
        flags: ["relaxed"],
        doc: "Module using f32x4.relaxed_madd (relaxed SIMD).",
      },
      {
        name: "MATMUL_SIMD_SHARED_WASM",
        source: "matmul.wat",
        flags: ["shared"],
        doc: "Module using WebAssembly SIMD, importing a shared memory.",
      },
      {
        name: "MATMUL_RELAXED_SHARED_WASM",
        source: "matmul.wat",
        flags: ["relaxed", "shared"],
        doc: "Module using relaxed SIMD, importing a shared memory.",
      },
    ],
  },
  {
    path: "src/backend/simd/simd_wasm_bytes.ts",
    header: "WebAssembly SIMD modules of descent's float32 kernels (wasm/simd_*.wat)",
    modules: [
      {
        name: "SIMD_WASM",
        source: "simd_elementwise.wat",
        flags: [],
        doc: "exp, log-based BCE, relu and its gradient, softmax rows, bias rows, column sums.",
      },
      {
        name: "SIMD_MM_WASM",
        source: "simd_mm.wat",
        flags: [],
        doc: "Products with a small side (mm_rows1-4, mm_tn1-3, mm_tv1-3, mv).",
      },
      {
        name: "SIMD_SIGMOID_WASM",
        source: "simd_sigmoid.wat",
        flags: [],
        doc: "The sigmoid and its gradient.",
      },
      {
        name: "SIMD_LINEAR_WASM",
        source: "simd_linear.wat",
        flags: [],
        doc: "A linear layer with few inputs: its forward (mm_k4_1-3, mm_k1_1-3), its weight and bias gradients in one pass (linear_grad1-3).",
      },
    ],
  },
];

/** The WAT text of `file` (in wasm/) for a variant with `flags`, directives resolved. */
export function preprocess(
  file: string,
  flags: string[],
  vars = new Map<string, string>(),
): string {
  const out: string[] = [];
  // One entry per open @if: whether its current branch is kept.
  const stack: boolean[] = [];
  const lines = readFileSync(WAT_DIR + file, "utf8").split("\n");
  lines.forEach((line, i) => {
    const at = `wasm/${file}:${i + 1}`;
    const d = /^\s*;; @(\w+)\s*(\S*)\s*(\S*)\s*$/.exec(line);
    const keep = stack.every(Boolean);
    if (d?.[1] === "if") stack.push(flags.includes(d[2]));
    else if (d?.[1] === "else") {
      if (!stack.length) throw new Error(`${at}: @else without @if`);
      stack.push(!stack.pop()!);
    } else if (d?.[1] === "end") {
      if (!stack.length) throw new Error(`${at}: @end without @if`);
      stack.pop();
    } else if (d?.[1] === "include") {
      if (keep) out.push(preprocess(d[2], flags, vars));
    } else if (d?.[1] === "set") {
      if (keep) vars.set(d[2], d[3]);
    } else if (d)
      throw new Error(`${at}: unknown directive @${d[1]}; use @if, @else, @end, @include, @set`);
    else if (keep)
      out.push(
        line.replace(/\$\{(\w+)\}/g, (_, name: string) => {
          const value = vars.get(name);
          if (value === undefined) throw new Error(`${at}: \${${name}} before its @set`);
          return value;
        }),
      );
  });
  if (stack.length) throw new Error(`wasm/${file}: @if without @end`);
  return out.join("\n");
}

/** Assembles WAT text to wasm bytes (throws with wabt's message on a syntax error). */
export async function assemble(wat: string, file = "module.wat"): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const features = { simd: true, relaxed_simd: true, bulk_memory: true, threads: true };
  const mod = wabt.parseWat(file, wat, features);
  try {
    // wabt.js's validate takes the features too (its index.d.ts leaves the argument out).
    (mod as unknown as { validate(features: object): void }).validate(features);
    return mod.toBinary({}).buffer;
  } finally {
    mod.destroy();
  }
}

/** The text of each generated file, by path relative to packages/descent, and the modules' sizes. */
export async function generate(): Promise<{ files: Map<string, string>; sizes: string[] }> {
  const files = new Map<string, string>();
  const sizes: string[] = [];
  for (const { path, header, modules } of OUTPUTS) {
    let text = `// GENERATED by scripts/build-wasm.ts (npm run build:wasm) from packages/descent/wasm: do not edit.
// ${header}, base64-encoded.
`;
    for (const { name, source, flags, doc } of modules) {
      const bytes = await assemble(preprocess(source, flags), source);
      sizes.push(`${name} ${bytes.length}`);
      text += `\n/** ${doc} */\nexport const ${name} =\n  "${Buffer.from(bytes).toString("base64")}";\n`;
    }
    files.set(path, text);
  }
  return { files, sizes };
}

async function main(): Promise<void> {
  const { files, sizes } = await generate();
  for (const [path, text] of files) writeFileSync(here(`../${path}`), text);
  console.log(`build-wasm: wrote ${[...files.keys()].join(", ")} (bytes: ${sizes.join(", ")})`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
