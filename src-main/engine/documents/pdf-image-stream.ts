// Reading an image XObject's stream as PDF readers do: its single filter, its colour components, its decode
// parameters, and Flate samples with the predictor undone. Shared by the reader's direct page images and the
// writer's image optimiser.
import { PDFArray, PDFDict, PDFName, PDFNumber, type PDFObject, PDFStream } from 'pdf-lib';

const N = (s: string): PDFName => PDFName.of(s);

export function nameOf(o: PDFObject | undefined): string | undefined {
  return o instanceof PDFName ? o.decodeText() : undefined;
}

export type Codec = 'flate' | 'none' | 'dct';

/** The image's single filter, or undefined for anything this pass leaves alone. */
export function codecOf(dict: PDFDict): Codec | undefined {
  const f = dict.lookup(N('Filter'));
  if (f === undefined) return 'none';
  const names = f instanceof PDFArray ? f.asArray().map((x) => nameOf(dict.context.lookup(x))) : [nameOf(f)];
  if (names.length === 0) return 'none';
  if (names.length !== 1) return undefined;
  if (names[0] === 'FlateDecode') return 'flate';
  if (names[0] === 'DCTDecode') return 'dct';
  return undefined;
}

/** Components of the colour space when it is one the lossy level may re-encode; 'other' or 'indexed' else. */
export function colourOf(dict: PDFDict): 1 | 3 | 'other' | 'indexed' {
  const cs = dict.lookup(N('ColorSpace'));
  const name = nameOf(cs);
  if (name === 'DeviceGray') return 1;
  if (name === 'DeviceRGB') return 3;
  if (cs instanceof PDFArray) {
    const family = nameOf(dict.context.lookup(cs.get(0)));
    if (family === 'Indexed') return 'indexed';
    if (family === 'ICCBased') {
      const profile = dict.context.lookup(cs.get(1));
      const n = profile instanceof PDFStream ? profile.dict.lookup(N('N')) : undefined;
      // A Range other than the default maps samples differently: not worth the risk.
      if (profile instanceof PDFStream && !profile.dict.has(N('Range')) && n instanceof PDFNumber) {
        if (n.asNumber() === 1) return 1;
        if (n.asNumber() === 3) return 3;
      }
    }
  }
  return 'other';
}

export function numberIn(dict: PDFDict | undefined, key: string, fallback: number): number {
  const v = dict?.lookup(N(key));
  return v instanceof PDFNumber ? v.asNumber() : fallback;
}

export function decodeParms(dict: PDFDict): PDFDict | undefined {
  const p = dict.lookup(N('DecodeParms'));
  if (p instanceof PDFDict) return p;
  if (p instanceof PDFArray && p.size() === 1) {
    const only = dict.context.lookup(p.get(0));
    return only instanceof PDFDict ? only : undefined;
  }
  return undefined;
}

/**
 * Samples of an 8-bit image from its decoded Flate data, the predictor undone (PNG 10–15, TIFF 2); undefined
 * when the parameters do not describe this image.
 */
export function unpredict(
  data: Uint8Array,
  width: number,
  height: number,
  colours: number,
  parms: PDFDict | undefined,
): Uint8Array | undefined {
  const predictor = numberIn(parms, 'Predictor', 1);
  const stride = width * colours;
  if (predictor === 1) return data.length >= stride * height ? data.subarray(0, stride * height) : undefined;
  if (
    numberIn(parms, 'Colors', 1) !== colours ||
    numberIn(parms, 'BitsPerComponent', 8) !== 8 ||
    numberIn(parms, 'Columns', 1) !== width
  ) {
    return undefined;
  }
  const out = new Uint8Array(stride * height);
  if (predictor === 2) {
    if (data.length < out.length) return undefined;
    for (let y = 0; y < height; y++) {
      const row = y * stride;
      for (let x = 0; x < stride; x++) {
        out[row + x] = (data[row + x]! + (x >= colours ? out[row + x - colours]! : 0)) & 0xff;
      }
    }
    return out;
  }
  if (predictor < 10 || predictor > 15 || data.length < (stride + 1) * height) return undefined;
  const bpp = colours;
  for (let y = 0; y < height; y++) {
    const src = y * (stride + 1);
    const filter = data[src]!;
    const row = y * stride;
    const up = row - stride;
    for (let x = 0; x < stride; x++) {
      const raw = data[src + 1 + x]!;
      const a = x >= bpp ? out[row + x - bpp]! : 0;
      const b = y > 0 ? out[up + x]! : 0;
      const c = x >= bpp && y > 0 ? out[up + x - bpp]! : 0;
      let v: number;
      switch (filter) {
        case 0:
          v = raw;
          break;
        case 1:
          v = raw + a;
          break;
        case 2:
          v = raw + b;
          break;
        case 3:
          v = raw + ((a + b) >> 1);
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          v = raw + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          break;
        }
        default:
          return undefined;
      }
      out[row + x] = v & 0xff;
    }
  }
  return out;
}
