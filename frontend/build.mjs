// Bundles the dashboard into the Python package (src/annales/web/static), offline: every dependency
// comes from node_modules, installed from package-lock.json by `make dashboard`.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";

const out = new URL("../src/annales/web/static/", import.meta.url).pathname;
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { app: "src/main.js" },
  bundle: true,
  minify: true,
  sourcemap: true,
  format: "esm",
  target: "es2020",
  loader: { ".json": "json" },
  outdir: out,
  logLevel: "warning",
});
copyFileSync("src/index.html", out + "index.html");
console.log(`dashboard built into ${out}`);
