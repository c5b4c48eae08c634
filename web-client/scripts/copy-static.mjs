// Assembles build/viewer/: the static page, its stylesheet and the compiled modules, which Maven
// packages under META-INF/resources/viewer so the server serves them at /viewer/.
import { cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";

const out = "build/viewer";
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync("static", out, { recursive: true });
for (const file of readdirSync("build/src")) {
  if (file.endsWith(".js")) {
    cpSync(`build/src/${file}`, `${out}/${file}`);
  }
}
