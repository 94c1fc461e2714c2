// A TrueType font with one real glyph, built in code, for the invisible text layer. Every character of the
// text layer is drawn with glyph 1 (a 500×1000 rectangle); the ToUnicode CMap carries the text. The glyph
// is not empty because pdfium (Chrome's viewer) drops one-letter words whose glyph box is empty.

export const GLYPHLESS_FONT_NAME = 'OcrDeskGlyphless';
export const UNITS_PER_EM = 1000;
/** Advance of glyph 1 in font units; the PDF's /DW must say the same (Preflight 3.1.6). */
export const GLYPH_ADVANCE = 500;
export const GLYPH_HEIGHT = 1000;

class ByteWriter {
  private readonly bytes: number[] = [];
  u8(v: number): this {
    this.bytes.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v >>> 8).u8(v);
  }
  i16(v: number): this {
    return this.u16(v < 0 ? v + 0x10000 : v);
  }
  u32(v: number): this {
    return this.u16(v >>> 16).u16(v & 0xffff);
  }
  tag(s: string): this {
    for (let i = 0; i < 4; i++) this.u8(s.charCodeAt(i));
    return this;
  }
  raw(b: Uint8Array): this {
    for (const v of b) this.bytes.push(v);
    return this;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

function head(): Uint8Array {
  return new ByteWriter()
    .u32(0x00010000) // version
    .u32(0x00010000) // fontRevision
    .u32(0) // checkSumAdjustment, patched once the whole font is known
    .u32(0x5f0f3cf5) // magicNumber
    .u16(0x000b) // flags: baseline at y=0, lsb at x=0, integer ppem
    .u16(UNITS_PER_EM)
    .u32(0)
    .u32(0) // created (LONGDATETIME)
    .u32(0)
    .u32(0) // modified
    .i16(0)
    .i16(0)
    .i16(GLYPH_ADVANCE)
    .i16(GLYPH_HEIGHT) // xMin yMin xMax yMax
    .u16(0) // macStyle
    .u16(3) // lowestRecPPEM
    .i16(2) // fontDirectionHint
    .i16(0) // indexToLocFormat: short offsets
    .i16(0) // glyphDataFormat
    .done();
}

function hhea(): Uint8Array {
  const w = new ByteWriter().u32(0x00010000).i16(GLYPH_HEIGHT).i16(0).i16(0); // ascender descender lineGap
  w.u16(GLYPH_ADVANCE).i16(0).i16(0).i16(GLYPH_ADVANCE); // advanceWidthMax minLSB minRSB xMaxExtent
  w.i16(1).i16(0).i16(0); // caretSlopeRise caretSlopeRun caretOffset
  for (let i = 0; i < 4; i++) w.i16(0);
  return w.i16(0).u16(2).done(); // metricDataFormat numberOfHMetrics
}

function maxp(): Uint8Array {
  const w = new ByteWriter().u32(0x00010000).u16(2).u16(4).u16(1); // numGlyphs maxPoints maxContours
  w.u16(0).u16(0).u16(2); // maxCompositePoints maxCompositeContours maxZones
  for (let i = 0; i < 8; i++) w.u16(0);
  return w.done();
}

function hmtx(): Uint8Array {
  return new ByteWriter().u16(GLYPH_ADVANCE).i16(0).u16(GLYPH_ADVANCE).i16(0).done();
}

/** Glyph 0 (.notdef) is empty; glyph 1 is one clockwise contour (TrueType's outer direction). */
function glyf(): Uint8Array {
  const w = new ByteWriter().i16(1).i16(0).i16(0).i16(GLYPH_ADVANCE).i16(GLYPH_HEIGHT);
  w.u16(3).u16(0); // endPtsOfContours[0], instructionLength
  for (let i = 0; i < 4; i++) w.u8(0x01); // on-curve, 16-bit deltas
  for (const dx of [0, 0, GLYPH_ADVANCE, 0]) w.i16(dx);
  for (const dy of [0, GLYPH_HEIGHT, 0, -GLYPH_HEIGHT]) w.i16(dy);
  while (w.done().length % 4 !== 0) w.u8(0);
  return w.done();
}

function loca(glyfLength: number): Uint8Array {
  return new ByteWriter()
    .u16(0)
    .u16(0)
    .u16(glyfLength / 2)
    .done();
}

/** A format 4 cmap that maps nothing: CIDFontType2 fonts reach glyphs through CIDToGIDMap, not cmap. */
function cmap(): Uint8Array {
  return new ByteWriter()
    .u16(0)
    .u16(1) // version numTables
    .u16(3)
    .u16(1)
    .u32(12) // Windows Unicode BMP subtable at offset 12
    .u16(4)
    .u16(24)
    .u16(0) // format length language
    .u16(2)
    .u16(2)
    .u16(0)
    .u16(0) // segCountX2 searchRange entrySelector rangeShift
    .u16(0xffff)
    .u16(0) // endCode[0] reservedPad
    .u16(0xffff)
    .i16(1)
    .u16(0) // startCode[0] idDelta[0] idRangeOffset[0]
    .done();
}

function name(): Uint8Array {
  const strings: [number, string][] = [
    [1, GLYPHLESS_FONT_NAME],
    [2, 'Regular'],
    [3, `${GLYPHLESS_FONT_NAME}-1.0`],
    [4, GLYPHLESS_FONT_NAME],
    [5, 'Version 1.0'],
    [6, GLYPHLESS_FONT_NAME],
  ];
  const w = new ByteWriter()
    .u16(0)
    .u16(strings.length)
    .u16(6 + 12 * strings.length);
  const data = new ByteWriter();
  let offset = 0;
  for (const [id, s] of strings) {
    w.u16(3)
      .u16(1)
      .u16(0x409)
      .u16(id)
      .u16(s.length * 2)
      .u16(offset); // UTF-16BE, en-US
    for (let i = 0; i < s.length; i++) data.u16(s.charCodeAt(i));
    offset += s.length * 2;
  }
  return w.raw(data.done()).done();
}

function post(): Uint8Array {
  // Version 3: no glyph names. isFixedPitch, since every glyph has the same advance.
  return new ByteWriter().u32(0x00030000).u32(0).i16(-100).i16(50).u32(1).u32(0).u32(0).u32(0).u32(0).done();
}

function checksum(b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < b.length; i += 4) {
    const word = ((b[i] ?? 0) << 24) | ((b[i + 1] ?? 0) << 16) | ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0);
    sum = (sum + (word >>> 0)) >>> 0;
  }
  return sum;
}

let cached: Uint8Array | undefined;

/** The font program (a few hundred bytes), for /FontFile2. */
export function buildGlyphlessFont(): Uint8Array {
  if (cached) return cached;
  const glyphs = glyf();
  const tables: [string, Uint8Array][] = [
    ['cmap', cmap()],
    ['glyf', glyphs],
    ['head', head()],
    ['hhea', hhea()],
    ['hmtx', hmtx()],
    ['loca', loca(glyphs.length)],
    ['maxp', maxp()],
    ['name', name()],
    ['post', post()],
  ]; // sorted by tag, as the table directory requires
  const n = tables.length;
  const entrySelector = Math.floor(Math.log2(n));
  const searchRange = 2 ** entrySelector * 16;
  const dir = new ByteWriter()
    .u32(0x00010000)
    .u16(n)
    .u16(searchRange)
    .u16(entrySelector)
    .u16(n * 16 - searchRange);
  const body = new ByteWriter();
  let offset = 12 + 16 * n;
  let headOffset = 0;
  for (const [tag, data] of tables) {
    if (tag === 'head') headOffset = offset;
    dir.tag(tag).u32(checksum(data)).u32(offset).u32(data.length);
    const padded = new Uint8Array(Math.ceil(data.length / 4) * 4);
    padded.set(data);
    body.raw(padded);
    offset += padded.length;
  }
  const font = new ByteWriter().raw(dir.done()).raw(body.done()).done();
  const adjustment = (0xb1b0afba - checksum(font)) >>> 0;
  new DataView(font.buffer).setUint32(headOffset + 8, adjustment);
  cached = font;
  return font;
}
