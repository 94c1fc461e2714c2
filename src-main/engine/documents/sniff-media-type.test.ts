import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeUnknownBytes, sniffMediaType } from './sniff-media-type.ts';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? Array.from(p, (c) => c.charCodeAt(0)) : p)));

function bmpHeader(dibSize: number): Uint8Array {
  const b = new Uint8Array(54);
  b.set(bytes('BM'), 0);
  new DataView(b.buffer).setUint32(14, dibSize, true);
  return b;
}

void test('recognises each supported image type by its magic bytes', () => {
  assert.equal(sniffMediaType(bytes([0x89], 'PNG\r\n\x1a\n', [0, 0, 0, 13])), 'image/png');
  assert.equal(sniffMediaType(bytes([0xff, 0xd8, 0xff, 0xe0])), 'image/jpeg');
  assert.equal(sniffMediaType(bytes('II*\0', [8, 0, 0, 0])), 'image/tiff');
  assert.equal(sniffMediaType(bytes('MM\0*', [0, 0, 0, 8])), 'image/tiff');
  assert.equal(sniffMediaType(bytes('II+\0', [8, 0, 0, 0])), 'image/tiff', 'BigTIFF, little-endian');
  assert.equal(sniffMediaType(bytes('MM\0+', [0, 8, 0, 0])), 'image/tiff', 'BigTIFF, big-endian');
  assert.equal(sniffMediaType(bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ')), 'image/webp');
  assert.equal(sniffMediaType(bytes('GIF87a')), 'image/gif');
  assert.equal(sniffMediaType(bytes('GIF89a', [1, 0])), 'image/gif');
  assert.equal(sniffMediaType(bmpHeader(40)), 'image/bmp');
  assert.equal(sniffMediaType(bmpHeader(124)), 'image/bmp');
});

void test('finds %PDF- anywhere in the first 1024 bytes, not after', () => {
  assert.equal(sniffMediaType(bytes('%PDF-1.7\n')), 'application/pdf');
  assert.equal(sniffMediaType(bytes(' '.repeat(1000), '%PDF-1.4')), 'application/pdf');
  assert.equal(sniffMediaType(bytes(' '.repeat(1024), '%PDF-1.4')), undefined);
  assert.equal(sniffMediaType(bytes('%PDF')), undefined, 'needs the dash');
});

void test('near misses and short inputs are not recognised', () => {
  assert.equal(sniffMediaType(new Uint8Array(0)), undefined);
  assert.equal(sniffMediaType(bytes([0x89], 'PNG')), undefined, 'truncated PNG signature');
  assert.equal(sniffMediaType(bytes([0xff, 0xd8])), undefined);
  assert.equal(sniffMediaType(bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt ')), undefined, 'RIFF but not WebP');
  assert.equal(sniffMediaType(bytes('GIF88a')), undefined);
  assert.equal(
    sniffMediaType(bytes('BMW drivers meet at noon on Saturday')),
    undefined,
    'text starting with BM',
  );
  assert.equal(sniffMediaType(bytes('II*')), undefined);
  assert.equal(sniffMediaType(bytes('oops\n')), undefined);
});

void test('describes unrecognised bytes for the error message', () => {
  assert.equal(describeUnknownBytes(bytes('oops\n')), 'looks like text');
  assert.equal(describeUnknownBytes(bytes('Grüße aus Köln\r\n')), 'looks like text');
  assert.equal(describeUnknownBytes(bytes('<!DOCTYPE html><html>')), 'looks like HTML');
  assert.equal(describeUnknownBytes(bytes('<?xml version="1.0"?><svg xmlns="')), 'looks like SVG');
  assert.equal(
    describeUnknownBytes(bytes('PK\x03\x04', [20, 0])),
    'looks like a ZIP archive (or an Office document)',
  );
  assert.equal(
    describeUnknownBytes(bytes([0, 0, 0, 0x1c], 'ftypheic')),
    'looks like an HEIF/AVIF or MP4 file',
  );
  assert.equal(describeUnknownBytes(bytes([0, 1, 2, 3, 0xfe, 0])), 'unrecognised binary data');
  assert.equal(describeUnknownBytes(new Uint8Array(0)), 'empty');
});
