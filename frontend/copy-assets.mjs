// Copies into static/vendor/govuk/ what the compiled CSS and the GOV.UK Frontend script need beside them, so that
// `manage.py collectstatic` with the manifest storage (production) finds every file they refer to.
//
// Run by `npm run build`, after Sass has written static/vendor/govuk/govuk.css. It copies:
//   - govuk-frontend.min.js (and, on demand below, its source map);
//   - GOV.UK Frontend's images (assets/images/, and assets/manifest.json, which names them);
//   - then every other file that govuk.css or govuk-frontend.min.js refers to (url(...), sourceMappingURL, module
//     imports), taken from the package: fonts, for instance, only if the CSS still refers to them (it does not while
//     $govuk-include-default-font-face is false).
// A reference that resolves to no file, here or in the package, fails the build: collectstatic would fail on it.
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, posix, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const STATIC = join(ROOT, "static");
const OUT = join(STATIC, "vendor", "govuk");
const PACKAGE = join(ROOT, "node_modules", "govuk-frontend", "dist", "govuk");
// The files whose references are followed (the ones the templates load).
const ENTRY_POINTS = ["govuk.css", "govuk-frontend.min.js"];

function fail(message) {
  console.error(`frontend/copy-assets.mjs: ${message}`);
  process.exit(1);
}

if (!existsSync(join(OUT, "govuk.css"))) fail("static/vendor/govuk/govuk.css is missing: run Sass first (npm run build).");
if (!existsSync(PACKAGE)) fail("node_modules/govuk-frontend is missing: run npm ci first.");

// Start from nothing, so that an asset the CSS no longer refers to (a font, say) does not linger.
rmSync(join(OUT, "assets"), { recursive: true, force: true });
copyFileSync(join(PACKAGE, "govuk-frontend.min.js"), join(OUT, "govuk-frontend.min.js"));
cpSync(join(PACKAGE, "assets", "images"), join(OUT, "assets", "images"), { recursive: true });
copyFileSync(join(PACKAGE, "assets", "manifest.json"), join(OUT, "assets", "manifest.json"));

// What a CSS or JavaScript file refers to, as written.
function references(text, isCss) {
  const found = [];
  const patterns = [/sourceMappingURL=([^\s*'"]+)/g];
  if (isCss) patterns.push(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g, /@import\s+(['"])([^'"]+)\1/g);
  else patterns.push(/\b(?:import|export)\s*(?:[\w*{}\s,]+from\s*)?(['"])([^'"]+)\1/g, /\bimport\(\s*(['"])([^'"]+)\1\s*\)/g);
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) found.push(match[match.length - 1].trim());
  }
  return found;
}

// The file under static/ a reference points at, or null for what is not a file of ours (data:, #fragment, http:).
function target(reference, fromFile) {
  if (/^(data:|#|[a-z][a-z0-9+.-]*:|\/\/)/i.test(reference)) return null;
  const path = reference.split(/[?#]/)[0];
  if (!path) return null;
  if (path.startsWith("/static/")) return join(STATIC, path.slice("/static/".length));
  if (path.startsWith("/")) fail(`${relative(ROOT, fromFile)} refers to ${reference}, outside /static/.`);
  return join(dirname(fromFile), path);
}

const pending = ENTRY_POINTS.map((name) => join(OUT, name));
const seen = new Set();
const copied = [];
while (pending.length) {
  const file = pending.pop();
  if (seen.has(file)) continue;
  seen.add(file);
  if (!/\.(css|m?js)$/.test(file)) continue;
  for (const reference of references(readFileSync(file, "utf8"), file.endsWith(".css"))) {
    const wanted = target(reference, file);
    if (wanted === null) continue;
    if (!wanted.startsWith(OUT + "/")) {
      if (!existsSync(wanted)) fail(`${relative(ROOT, file)} refers to ${reference}, which does not exist.`);
      continue;
    }
    if (!existsSync(wanted)) {
      const source = join(PACKAGE, relative(OUT, wanted));
      if (!existsSync(source)) {
        fail(`${relative(ROOT, file)} refers to ${reference}; GOV.UK Frontend has no ${relative(ROOT, source)}.`);
      }
      mkdirSync(dirname(wanted), { recursive: true });
      copyFileSync(source, wanted);
      copied.push(posix.normalize(relative(STATIC, wanted)));
    }
    pending.push(wanted);
  }
}
console.log(`GOV.UK Frontend assets in static/vendor/govuk/ (also copied as referred to: ${copied.join(", ") || "none"}).`);
