#!/usr/bin/env node
// Post-compile step of `npm run build`: makes the compiled library self-contained CommonJS, whatever compiled it
// (tsc or jsii). Usage: node scripts/inline-dependencies.mjs [buildDir=build]
//
// 1. Every third-party module that a build file requires (anything but Node's builtins and the peer dependencies) is
//    bundled by esbuild into CommonJS, one file per package in <buildDir>/lib/private/vendor/, and the require is
//    redirected to <buildDir>/lib/private/vendor.js, which loads the package's bundle on first use:
//    in build/lib/private/yaml.js, `require("js-yaml")` becomes `require("./vendor.js")("js-yaml")`.
//    ESM-only packages (@marcbachmann/cel-js) come out as CommonJS, so plain Node, jest's loader and bundlers all load
//    the build, and the package needs no runtime dependencies (they are devDependencies). Each module is initialised
//    on its first require, as before.
// 2. A relative require of a JSON or JavaScript file outside the build (the CRD schemas, the generated validators in
//    crds/validators/ and crds/kubernetes-validators/) gets the file copied to the same place relative to the build
//    file as it has relative to the source file, so the relative require works in both. A copied JavaScript file goes
//    through these steps too.
// 3. The licences of the bundled packages go to <buildDir>/lib/private/vendor.LICENSES.txt.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const buildDir = path.resolve(root, process.argv[2] ?? 'build');
const vendorFile = path.join(buildDir, 'lib', 'private', 'vendor.js');
const vendorDir = path.join(buildDir, 'lib', 'private', 'vendor');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const peers = Object.keys(pkg.peerDependencies ?? {});

const packageOf = (id) => id.split('/').slice(0, id.startsWith('@') ? 2 : 1).join('/');
const isThirdParty = (id) =>
  !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('node:') && !builtinModules.includes(packageOf(id)) && !peers.includes(packageOf(id));

const STATIC = /\brequire\((["'])([^"'`]+)\1\)/g;
/** The same calls once redirected, so that running the step again on the same build gives the same bundle. */
const DONE = /\brequire\("[^"]*\/vendor\.js"\)\("([^"]+)"/g;

/** Where a build file, or a file a build file requires, lies in the source tree. */
const sourceOf = (file) => path.join(root, path.relative(buildDir, file));
// The compiled files, not copies of source files (a build into an existing build/ has those from the last run).
const files = fs.readdirSync(buildDir, { recursive: true }).map(String).filter((f) => f.endsWith('.js')).map((f) => path.join(buildDir, f))
  .filter((f) => f !== vendorFile && !f.startsWith(vendorDir + path.sep) && !fs.existsSync(sourceOf(f)));
const ids = new Set();
for (const file of files) {
  let text = fs.readFileSync(file, 'utf8');
  const relative = path.relative(path.dirname(file), vendorFile).split(path.sep).join('/');
  const vendor = JSON.stringify(relative.startsWith('.') ? relative : `./${relative}`);
  let changed = false;
  for (const [, id] of text.matchAll(DONE)) ids.add(id);
  text = text.replace(STATIC, (call, _quote, id) => {
    if (id.startsWith('.') && /\.js(on)?$/.test(id)) copySource(file, id);
    if (!isThirdParty(id)) return call;
    ids.add(id);
    changed = true;
    return `require(${vendor})("${id}")`;
  });
  if (changed) fs.writeFileSync(file, text);
}
// Every require left in the build must be relative, a Node builtin, a peer, or the bundle: anything else would be
// a runtime dependency the package does not declare (a require the pattern above missed, such as a template literal).
for (const file of files) {
  for (const [, id] of fs.readFileSync(file, 'utf8').matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]/g)) {
    if (id.startsWith('.') || !isThirdParty(id)) continue;
    throw new Error(`inline-dependencies: ${path.relative(root, file)} still requires "${id}"`);
  }
}

/**
 * `require("../../../crds/x.json")` in build/lib/private/schema/y.js: copies crds/x.json (seen from lib/private/schema/y.ts)
 * to build/crds/x.json, every build, so a build into an existing build/ never ships a stale copy. A JavaScript file
 * joins `files`, to have its own requires redirected and copied (once: several files may require it).
 */
function copySource(file, id) {
  const target = path.resolve(path.dirname(file), id);
  const source = sourceOf(target);
  if (id.endsWith('.js') && (!fs.existsSync(source) || files.includes(target))) return;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(source, target);
  if (id.endsWith('.js')) files.push(target);
}

// One bundle per required package, in <buildDir>/lib/private/vendor/, so that a require parses only its own package's
// code (all of it is ~3 MiB, which Node takes ~80 ms to load); vendor.js picks the bundle by package name. A dependency
// that two required packages share is in both bundles.
fs.rmSync(vendorDir, { recursive: true, force: true });
const byPackage = new Map();
for (const id of [...ids].sort()) byPackage.set(packageOf(id), [...(byPackage.get(packageOf(id)) ?? []), id]);
const bundles = [];
for (const [name, moduleIds] of byPackage) {
  const file = `${name.replace('/', '+')}.js`;
  const entry = [
    'const modules = {',
    ...moduleIds.map((id) => `  ${JSON.stringify(id)}: () => require(${JSON.stringify(id)}),`),
    '};',
    'module.exports = (id) => {',
    '  const load = modules[id];',
    "  if (!load) throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });",
    '  return load();',
    '};',
  ].join('\n');
  const result = await esbuild.build({
    stdin: { contents: entry, resolveDir: root, sourcefile: `vendor/${file}`, loader: 'js' },
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: nodeTarget(pkg.engines.node),
    minify: true,
    keepNames: true,
    legalComments: 'none',
    metafile: true,
    outfile: path.join(vendorDir, file),
    logLevel: 'warning',
  });
  bundles.push({ name, file, inputs: Object.keys(result.metafile.inputs) });
}
fs.writeFileSync(vendorFile, [
  '"use strict";',
  `// Generated by scripts/inline-dependencies.mjs: the third-party modules the build requires, one bundle per package.`,
  'const bundles = {',
  '  __proto__: null,',
  ...bundles.map(({ name, file }) => `  ${JSON.stringify(name)}: () => require(${JSON.stringify(`./vendor/${file}`)}),`),
  '};',
  `const packageOf = ${packageOf};`,
  'module.exports = (id) => {',
  '  const load = bundles[packageOf(id)];',
  "  if (!load) throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });",
  '  return load()(id);',
  '};',
  '',
].join('\n'));

/** esbuild's target for `engines.node`, which must be a plain lower bound (`>=16.20.0`). */
function nodeTarget(range) {
  const match = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(range.trim());
  if (!match) throw new Error(`inline-dependencies: engines.node must be ">=X.Y.Z", got "${range}"`);
  return `node${match[1]}`;
}

const packages = new Map();
for (const input of bundles.flatMap((b) => b.inputs)) {
  // The innermost node_modules/<package>/ of the input's path: nested copies are packages of their own.
  const match = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input.split(path.sep).join('/'));
  if (match) packages.set(path.join(root, match[1]), match[2]);
}
const licences = [...packages].sort(([, a], [, b]) => a.localeCompare(b)).map(([dir, name]) => {
  const { version, license, author } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  if (!license) throw new Error(`inline-dependencies: ${name} declares no licence`);
  const file = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  const text = file ? fs.readFileSync(path.join(dir, file), 'utf8').trim() : `(the package has no licence file; its author: ${JSON.stringify(author)})`;
  return `${name}@${version} (${license})\n\n${text}\n`;
});
fs.writeFileSync(vendorFile.replace(/\.js$/, '.LICENSES.txt'),
  `Third-party code bundled into vendor/ by cdk8s-istio's build:\n\n${licences.join(`\n${'-'.repeat(80)}\n\n`)}`);
const size = bundles.reduce((sum, { file }) => sum + fs.statSync(path.join(vendorDir, file)).size, 0);
console.error(`inline-dependencies: ${ids.size} modules of ${new Set([...packages.values()]).size} packages -> ${path.relative(root, vendorDir)}/ (${bundles.length} bundles, ${(size / 1024).toFixed(0)} KiB)`);
