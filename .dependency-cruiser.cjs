/**
 * Keeps descent's layers one-way (see ARCHITECTURE.md):
 * util <- backend <- autograd <- tensor <- nn/optim/data <- train <- io <- index <- cli/web.
 * `import type` is allowed upward from autograd to tensor only (tsPreCompilationDeps).
 */
const layer = (name, mayImport) => ({
  name: `layer-${name}`,
  severity: "error",
  comment: `src/${name} may only import ${mayImport.join(", ") || "nothing"} (and itself)`,
  from: { path: `^src/${name}/` },
  to: {
    path: "^src/",
    pathNot: [`^src/${name}/`, ...mayImport.map((m) => `^src/${m}/`)],
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
    layer("plot", ["util"]),
    layer("train", ["util", "backend", "autograd", "tensor", "nn", "optim", "data"]),
    layer("io", ["util", "backend", "autograd", "tensor", "nn", "data"]),
    {
      name: "library-not-cli",
      severity: "error",
      comment: "The library never imports the CLI or the web page.",
      from: { path: "^src/(?!cli/|web/)" },
      to: { path: "^src/(cli|web)/" },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    exclude: { path: "node_modules" },
  },
};
