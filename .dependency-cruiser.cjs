/**
 * Keeps descent's layers one-way (see ARCHITECTURE.md):
 * util <- backend <- autograd <- tensor <- nn/optim/data <- train <- io <- index,
 * and the packages one-way: the library (packages/descent) <- the CLI (packages/cli) and the
 * playground (packages/playground), which import it only through its public entry points.
 * `import type` is allowed upward from autograd to tensor only (tsPreCompilationDeps).
 */
const LIB = "^packages/descent/src/";
const layer = (name, mayImport) => ({
  name: `layer-${name}`,
  severity: "error",
  comment: `src/${name} may only import ${mayImport.join(", ") || "nothing"} (and itself)`,
  from: { path: `${LIB}${name}/` },
  to: {
    path: LIB,
    pathNot: [`${LIB}${name}/`, ...mayImport.map((m) => `${LIB}${m}/`)],
    dependencyTypesNot: ["type-only"],
  },
});

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment:
        "Import cycles make load order matter; restructure instead. A cycle closed by an `import type` (erased at compile time) has no load order and is allowed.",
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    layer("util", []),
    layer("backend", ["util"]),
    layer("autograd", ["util", "backend"]),
    layer("tensor", ["util", "backend", "autograd"]),
    layer("nn", ["util", "backend", "autograd", "tensor"]),
    layer("optim", ["util", "backend", "autograd", "tensor"]),
    layer("data", ["util", "backend", "autograd", "tensor"]),
    layer("train", ["util", "backend", "autograd", "tensor", "nn", "optim", "data"]),
    layer("io", ["util", "backend", "autograd", "tensor", "nn", "data"]),
    {
      name: "tensor-core-only-through-tensor",
      severity: "error",
      comment:
        "Tensor's methods are installed by src/tensor/tensor.ts: everything but it and the method files imports Tensor from there, never from core.ts (where it has no methods yet).",
      from: { path: LIB, pathNot: `${LIB}tensor/(tensor|methods_\\w+)\\.ts$` },
      to: { path: `${LIB}tensor/core\\.ts$`, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "library-imports-no-package",
      severity: "error",
      comment: "The library never imports the CLI, the playground or anything outside itself.",
      from: { path: "^packages/descent/src/" },
      to: { path: "^packages/(?!descent/src/)" },
    },
    {
      name: "library-has-no-runtime-dependencies",
      severity: "error",
      comment: "The library runs in browsers with nothing installed: Node built-ins only in io.",
      from: { path: "^packages/descent/src/(?!io/)" },
      to: {
        dependencyTypes: ["npm", "npm-dev", "npm-optional", "npm-peer", "npm-no-pkg", "core"],
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "packages-use-public-entry",
      severity: "error",
      comment:
        "The CLI and the playground import the library as a user does: `descent` or `descent/io`.",
      from: { path: "^packages/(cli|playground)/" },
      to: { path: "^packages/descent/src/(?!index\\.ts$|io/index\\.ts$)" },
    },
    {
      name: "cli-and-playground-apart",
      severity: "error",
      comment:
        "Nothing imports sideways between the CLI and the page (their tests may use each other's parts).",
      from: { path: "^packages/(cli|playground)/src/" },
      to: { path: "^packages/(cli|playground)/", pathNot: "^packages/$1/" },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    enhancedResolveOptions: {
      conditionNames: ["descent-source", "import", "types", "default"],
      exportsFields: ["exports"],
    },
    exclude: { path: "(node_modules|/dist/)" },
  },
};
