// Lints for the UI: the recommended JavaScript rules, typescript-eslint's
// type-checked rules (a promise left floating is an error: it is awaited,
// or marked `void` where not waiting is the point), and React's rules of
// hooks. Formatting is Prettier's job.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist", "node_modules", "src/bindings"] },
  js.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      // The shell rejects with an AppError, and the window refuses an upload
      // the same way before sending it: those are thrown as they are.
      "@typescript-eslint/only-throw-error": [
        "error",
        { allow: [{ from: "file", name: "AppError", path: "src/bindings/AppError.ts" }] },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    // Mocks answer with `async` stand-ins and Vitest's matchers
    // (`expect.any`, mock.calls) are typed `any`: fine in a test.
    files: ["src/test/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
    },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
    },
  },
);
