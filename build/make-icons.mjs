#!/usr/bin/env node
// Renders the app and tray icons from the SVGs beside this file (run after editing them; the PNGs are
// committed, so builds need no renderer): icon.png 512x512 (electron-builder makes .ico/.icns from it),
// tray.png 22x22 and tray@2x.png 44x44 (Electron picks @2x on HiDPI screens).
import path from 'node:path';
import sharp from 'sharp';

const dir = import.meta.dirname;
const render = (svg, size, out) =>
  sharp(path.join(dir, svg), { density: 72 * Math.max(1, size / 64) })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toFile(path.join(dir, out));

await render('icon.svg', 512, 'icon.png');
await render('tray.svg', 22, 'tray.png');
await render('tray.svg', 44, 'tray@2x.png');
console.log('wrote build/icon.png, build/tray.png, build/tray@2x.png');
