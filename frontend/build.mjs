// Bundles the dashboard into the Python package (src/annales/web/static), offline: every dependency
// comes from node_modules, installed from package-lock.json by `make dashboard`. Swagger UI's script and
// stylesheet are copied beside it, so that /docs needs no CDN either.
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
mkdirSync(out + "swagger", { recursive: true });
for (const name of ["swagger-ui-bundle.js", "swagger-ui.css", "LICENSE"]) {
  copyFileSync(`node_modules/swagger-ui-dist/${name}`, `${out}swagger/${name}`);
}
console.log(`dashboard built into ${out}`);
