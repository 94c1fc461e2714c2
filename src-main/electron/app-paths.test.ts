import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { defaultDataDir } from '../engine/config/paths.ts';
import { shellDataDir, shellEngineHome, shellGuiDir, shellModelDir } from './app-paths.ts';

const dev = {
  packaged: false,
  appPath: '/src/ocrdesk',
  resourcesPath: '/usr/lib/electron/resources',
  env: {},
};
const packaged = {
  packaged: true,
  appPath: '/opt/OCR Desk/resources/app.asar',
  resourcesPath: '/opt/OCR Desk/resources',
  env: {},
};

void test('data: userData unless OCRDESK_HOME says otherwise', () => {
  assert.equal(shellDataDir({}, '/home/u/.config/OCR Desk'), '/home/u/.config/OCR Desk');
  assert.equal(shellDataDir({ OCRDESK_HOME: 'rel/home' }, '/x'), path.resolve('rel/home'));
});

void test('models: extra resources when packaged, the project folder otherwise, OCRDESK_MODELS first', () => {
  assert.equal(shellModelDir(packaged), path.join('/opt/OCR Desk/resources', 'models'));
  assert.equal(shellModelDir(dev), path.join('/src/ocrdesk', 'models'));
  assert.equal(shellModelDir({ ...packaged, env: { OCRDESK_MODELS: '/packs/de' } }), '/packs/de');
});

void test('the GUI is the built renderer inside the app', () => {
  assert.equal(shellGuiDir(packaged), path.join('/opt/OCR Desk/resources/app.asar', 'dist', 'renderer'));
  assert.equal(shellGuiDir(dev), path.join('/src/ocrdesk', 'dist', 'renderer'));
});

void test('engine data: the data folder of the CLI, OCRDESK_HOME first', () => {
  assert.equal(shellEngineHome({ OCRDESK_HOME: 'rel/home' }), path.resolve('rel/home'));
  assert.equal(shellEngineHome({}), defaultDataDir({}));
  assert.notEqual(shellEngineHome({}), shellDataDir({}, '/home/u/.config/OCR Desk'));
});
