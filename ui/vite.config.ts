import { defineConfig } from "vitest/config";

// The desktop shell serves ui/dist; relative asset paths keep it working
// from the custom protocol as well as from a dev server.
export default defineConfig({
  base: "./",
  build: { outDir: "dist", emptyOutDir: true, target: "es2022" },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
  },
});
