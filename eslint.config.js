import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/dist/**",
      "out/**",
      "**/node_modules/**",
      "packages/*/test/fixtures/**",
      "docs/api/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { module: "writable", require: "readonly" },
    },
  },
  {
    languageOptions: {
      globals: { console: "readonly", process: "readonly" },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // The buffer policy (packages/descent/src/autograd/buffers.ts) alone hands arrays back for
    // reuse: nothing else may import the free-list's entry.
    files: ["packages/descent/src/**/*.ts"],
    ignores: ["packages/descent/src/autograd/buffers.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/util/dtype.js"],
              importNames: ["recycle"],
              message: "only src/autograd/buffers.ts recycles arrays (the buffer policy)",
            },
          ],
        },
      ],
    },
  },
);
