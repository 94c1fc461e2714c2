#!/usr/bin/env node
// Bundles the Electron shell into dist/electron/ with esbuild (a dependency of tsx):
//   main.cjs      main process (CommonJS: everything runs before `ready`, no ESM loading caveats)
//   preload.cjs   sandboxed preload (must be CommonJS and may require only 'electron')
//   engine.mjs    the engine in the utility process (ESM: the engine uses import.meta and top-level await)
//   ocr-worker-entry.mjs  the OCR process the engine forks (ocr-worker-client.ts looks for it beside itself)
//   recognizer-thread-entry.mjs  the recogniser threads of that process (recognizer-pool.ts, likewise)
// plus what the bundles read at run time beside themselves: the sRGB profile for PDF/A, icons, and the model
// manifest for packaged builds. `--native` (used by `npm start`) also builds better-sqlite3 for Electron, see
// below. npm packages stay external (native modules cannot be bundled; electron-builder
// ships and rebuilds them), and so does electron.
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'dist', 'electron');

const common = {
  bundle: true,
  platform: 'node',
  // Electron 45's Node is 22+; nothing newer is needed.
  target: 'node22',
  packages: 'external',
  external: ['electron'],
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: ROOT,
};

rmSync(OUT, { recursive: true, force: true });
await Promise.all([
  build({ ...common, entryPoints: ['src-main/electron/main.ts'], format: 'cjs', outfile: `${OUT}/main.cjs` }),
  build({
    ...common,
    entryPoints: ['src-main/electron/preload.ts'],
    format: 'cjs',
    outfile: `${OUT}/preload.cjs`,
    // The sandbox gives preloads a bare require: bundle everything but electron itself.
    packages: 'bundle',
  }),
  build({
    ...common,
    entryPoints: ['src-main/electron/engine-entry.ts'],
    format: 'esm',
    outfile: `${OUT}/engine.mjs`,
  }),
  build({
    ...common,
    entryPoints: ['src-main/engine/queue/ocr-worker.ts'],
    format: 'esm',
    outfile: `${OUT}/ocr-worker-entry.mjs`,
  }),
  build({
    ...common,
    entryPoints: ['src-main/engine/ocr/recognizer-thread.ts'],
    format: 'esm',
    outfile: `${OUT}/recognizer-thread-entry.mjs`,
  }),
]);

// pdfa-metadata.ts reads assets/sRGB.icc beside its module, which is now engine.mjs.
cpSync(path.join(ROOT, 'src-main/engine/exports/pdf/assets'), path.join(OUT, 'assets'), { recursive: true });

mkdirSync(path.join(OUT, 'icons'), { recursive: true });
for (const f of ['icon.png', 'tray.png', 'tray@2x.png'])
  copyFileSync(path.join(ROOT, 'build', f), path.join(OUT, 'icons', f));

// Packaged apps ship the model files as extraResources (resources/models/assets/…): the same manifest, minus
// `source`, so the files are looked up beside it instead of in the npm package (which is not unpacked).
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'models', 'manifest.json'), 'utf8'));
delete manifest.source;
mkdirSync(path.join(OUT, 'models'), { recursive: true });
writeFileSync(path.join(OUT, 'models', 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

console.log(
  `built ${path.relative(ROOT, OUT)}/{main.cjs,preload.cjs,engine.mjs,ocr-worker-entry.mjs,recognizer-thread-entry.mjs}`,
);

if (process.argv.includes('--native')) await nativeForElectron();

/**
 * `npm start` runs the bundles in Electron, whose Node ABI differs from the Node that `npm ci` built
 * better-sqlite3 for. A copy built for Electron goes to dist/node_modules/, which module resolution from
 * dist/electron/ finds before the project's node_modules/, so the CLI and the tests keep their own build.
 * (onnxruntime-node, sharp and @napi-rs/canvas are N-API and load in both.) Needs Electron's headers, i.e.
 * internet, once per Electron or better-sqlite3 version. Packaging does not use this: electron-builder
 * rebuilds the shipped copy itself (npmRebuild in electron-builder.yml).
 */
async function nativeForElectron() {
  const version = (pkg) =>
    JSON.parse(readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  const electronVersion = version('electron');
  const sqliteVersion = version('better-sqlite3');
  const base = path.join(ROOT, 'dist');
  const target = path.join(base, 'node_modules', 'better-sqlite3');
  const stamp = path.join(target, '.built-for');
  const want = `electron ${electronVersion}, better-sqlite3 ${sqliteVersion}`;
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  rmSync(target, { recursive: true, force: true });
  const source = path.join(ROOT, 'node_modules', 'better-sqlite3');
  const nodeBuild = path.join(source, 'build');
  cpSync(source, target, {
    recursive: true,
    // Everything but Node's build output: the sources are rebuilt below.
    filter: (src) => src !== nodeBuild && !src.startsWith(nodeBuild + path.sep),
  });
  writeFileSync(
    path.join(base, 'package.json'),
    `${JSON.stringify({ name: 'ocrdesk-electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }, null, 2)}\n`,
  );
  const { rebuild } = await import('@electron/rebuild');
  console.log(
    `building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} in dist/node_modules…`,
  );
  await rebuild({ buildPath: base, electronVersion, onlyModules: ['better-sqlite3'], force: true });
  writeFileSync(stamp, want);
}
