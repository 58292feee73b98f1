import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { staticAssetsHeadersFile } from "../bot/security.ts";

/**
 * Writes `_headers` into the build: on Workers the LIFF pages are static assets, served without the
 * Worker, and get the Node server's security headers (CSP included) from this file.
 */
function securityHeadersFile(): Plugin {
  return {
    name: "shinchoku-security-headers",
    apply: "build",
    async generateBundle() {
      this.emitFile({
        type: "asset",
        fileName: "_headers",
        source: await staticAssetsHeadersFile(),
      });
    },
  };
}

/** The LIFF app: built into liff/dist and served by the Node server or Workers static assets. */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react(), securityHeadersFile()],
  resolve: {
    alias: {
      // simple-statistics' published bundle is one module with top-level statements (a normal table
      // computed at load, prototype assignments), so nothing in it can be dropped. Its ES source, one
      // module per function, is: the board's forecast filter keeps only linearRegression, mean, sum.
      "simple-statistics": fileURLToPath(
        new URL("../node_modules/simple-statistics/index.js", import.meta.url),
      ),
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // exceljs (the import page's workbook reader, lazy) is ~850 kB minified; every other chunk is
    // far below. The first load is measured by `npm run bench liff`.
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      // simple-statistics' ES source computes a normal table at load; nothing here reads it.
      treeshake: {
        moduleSideEffects: [
          { test: /node_modules[\\/]simple-statistics[\\/]/, sideEffects: false },
        ],
      },
      output: {
        codeSplitting: {
          // Libraries in chunks of their own: they change less often than the app (so stay cached
          // across deploys), and the build report shows the app's own size apart from theirs. The
          // mock, the chart and exceljs are imported only dynamically, so their chunks stay lazy: the
          // mock for development mode, the chart for the detail page, exceljs for the import page.
          groups: [
            { name: "liff-mock", test: /node_modules[\\/]@line[\\/]liff-mock[\\/]/ },
            { name: "liff-sdk", test: /node_modules[\\/](@line[\\/]liff[\\/]|@liff[\\/])/ },
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: "chart", test: /node_modules[\\/](chart\.js|react-chartjs-2|@kurkle)[\\/]/ },
            // The workbook reader of the import page, loaded only when a workbook is picked.
            { name: "exceljs", test: /node_modules[\\/]exceljs[\\/]/ },
          ],
        },
      },
    },
  },
  server: { hmr: true },
  // Pre-bundled when the dev server starts: a dependency first met on a lazy page (the chart on the
  // detail page) would otherwise make Vite re-optimise and reload the page mid-session.
  optimizeDeps: {
    include: [
      "react",
      "react-dom/client",
      "react/jsx-dev-runtime",
      "@line/liff",
      "@line/liff-mock",
      "@dnd-kit/core",
      "wouter",
      "chart.js",
      "react-chartjs-2",
      "simple-statistics",
      "exceljs/dist/exceljs.bare.min.js",
    ],
  },
});
