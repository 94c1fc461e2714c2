// Lossless JPEG shrinking, like `jpegtran -optimize -copy none`: the entropy-coded data of a baseline or
// extended-sequential Huffman JPEG is decoded to its Huffman symbols and extra bits, and re-encoded with Huffman
// tables built for exactly those symbols (ITU-T T.81 Annex K.2). The DCT coefficients are untouched, so every
// decoder produces the same pixels. No dequantisation, no IDCT.
//
// Kept verbatim: APP0 (JFIF), APP1 (EXIF: orientation; XMP), APP2 (ICC profile), APP14 (Adobe: colour transform),
// DQT, SOF0/SOF1 and DRI. Dropped: COM and other APPn (IPTC, vendor blocks: nothing a PDF reader looks at), any
// bytes after EOI. New DHT segments are written before each scan.
//
// The same coefficients can also be written as a progressive JPEG (SOF2, like `jpegtran -progressive`): a DC scan,
// then each component's AC coefficients in spectral bands, each scan with its own optimal table. Runs of blocks
// whose band is all zero cost one EOBRUN symbol, which is where the bytes go on paper scans. Spectral selection
// only, no successive approximation: on the 15 SROIE receipts jpegtran's full progressive script is 6.5 % smaller
// than optimal baseline tables, these bands 6.3 %. DCTDecode reads progressive JPEG (PDF 1.3 and later; pdf.js,
// poppler, PDFium, MuPDF, Preview).

/** APPn markers kept verbatim: JFIF, EXIF, ICC profile, Adobe. */
const KEPT_APPS = new Set([0xe0, 0xe1, 0xe2, 0xee]);
const DC_OFFSET = 32768; // DC values are stored biased so they fit the low 16 bits of an entry
const MAX_BLOCK_ENTRIES = 66; // DC + at most 63 coefficients + EOB, with a margin
const MAX_BLOCK_BYTES = 600; // 66 symbols x (16 + 15) bits, doubled for byte stuffing

/** How a JPEG's entropy-coded data is rewritten; the options other than the defaults exist for tests. */
export interface JpegRewriteOptions {
  /** MCUs per restart interval in the output (0: no restart markers); undefined keeps the input's DRI. */
  readonly restartInterval?: number | undefined;
  /** 'keep' (default): the input's scans; 'component-scans': one non-interleaved scan per component;
   *  'progressive': SOF2 with a DC scan and spectral AC bands (no restart intervals). */
  readonly layout?: 'keep' | 'component-scans' | 'progressive' | undefined;
  /** 'optimal' (default): Annex K.2 tables from the symbol counts; 'original': the input's own tables. */
  readonly tables?: 'optimal' | 'original' | undefined;
  /** Give up (undefined) once the output grows past this many bytes. */
  readonly maxBytes?: number | undefined;
}

/** The same JPEG with optimal Huffman tables, written progressive where that is smaller (unless `progressive`
 *  is false); DCT coefficients untouched, so it decodes to identical pixels. Undefined when the input is not a baseline/extended-sequential Huffman JPEG we can rewrite (progressive,
 *  arithmetic, lossless, 12-bit, damaged) or when the result is not smaller. Never throws on bad input. */
export function optimizeJpegLossless(
  bytes: Uint8Array,
  options: { readonly progressive?: boolean } = {},
): Uint8Array | undefined {
  try {
    const parsed = parseJpeg(bytes);
    if (!parsed) return undefined;
    const baseline = writeJpeg(parsed, { maxBytes: bytes.length - 1 });
    const progressive =
      options.progressive === false
        ? undefined
        : writeJpeg(parsed, { layout: 'progressive', maxBytes: (baseline?.length ?? bytes.length) - 1 });
    const out = progressive ?? baseline;
    return out && out.length < bytes.length ? out : undefined;
  } catch {
    return undefined;
  }
}

/** Decodes the JPEG's Huffman symbols and writes them again as the options say; undefined where the input is
 *  not a sequential 8-bit Huffman JPEG, is damaged, or the output would pass maxBytes. Never throws. */
export function rewriteJpegEntropy(
  bytes: Uint8Array,
  options: JpegRewriteOptions = {},
): Uint8Array | undefined {
  try {
    const parsed = parseJpeg(bytes);
    return parsed && writeJpeg(parsed, options);
  } catch {
    // Malformed input must never escape as an exception; every known defect is rejected explicitly above.
    return undefined;
  }
}

interface HuffSpec {
  /** bits[l]: number of codes of length l (1..16); bits[0] unused. */
  readonly bits: Uint8Array;
  readonly vals: Uint8Array;
}

interface DecodeTable {
  readonly spec: HuffSpec;
  /** Indexed by the next 16 bits: (code length << 8) | symbol, 0 for no code. */
  readonly lut: Uint16Array;
}

interface Component {
  readonly id: number;
  readonly h: number;
  readonly v: number;
  /** Blocks per row in the MCU-padded grid, and where the component's blocks start in the block store. */
  readonly gridW: number;
  readonly gridH: number;
  readonly gridOff: number;
  /** Blocks per row / column that a non-interleaved scan codes (image area only, no MCU padding). */
  readonly blocksW: number;
  readonly blocksH: number;
  /** Tables the input's scan used for this component. */
  dcId: number;
  acId: number;
  dcSpec: HuffSpec | undefined;
  acSpec: HuffSpec | undefined;
}

interface Frame {
  readonly hmax: number;
  readonly vmax: number;
  readonly mcusX: number;
  readonly mcusY: number;
  readonly comps: Component[];
  readonly gridTotal: number;
}

interface Scan extends OutScan {
  readonly order: Uint32Array;
  readonly blocksPerMcu: number;
}

/** Every decoded block: its entries (DC value, then AC symbols with their extra bits) in one growable array. */
interface BlockStore {
  /** DC entry: value + DC_OFFSET; AC entry: (run/size symbol << 16) | extra bits. */
  entries: Uint32Array;
  n: number;
  readonly start: Uint32Array;
  /** Entries of each block, 0 while not decoded. */
  readonly count: Uint8Array;
  readonly blockComp: Uint8Array;
}

interface ParsedJpeg {
  readonly frame: Frame;
  /** Verbatim segments, and the input's scans by index, in file order. */
  readonly parts: (Uint8Array | number)[];
  readonly scans: Scan[];
  readonly store: BlockStore;
}

function u16(b: Uint8Array, i: number): number {
  return (b[i]! << 8) | b[i + 1]!;
}

function parseJpeg(bytes: Uint8Array): ParsedJpeg | undefined {
  const len = bytes.length;
  if (len < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  const dcTables: (DecodeTable | undefined)[] = [];
  const acTables: (DecodeTable | undefined)[] = [];
  const parts: (Uint8Array | number)[] = [];
  const scans: Scan[] = [];
  let frame: Frame | undefined;
  let store: BlockStore | undefined;
  let ri = 0;
  let p = 2;
  while (p < len) {
    if (bytes[p] !== 0xff) return undefined;
    while (p < len && bytes[p] === 0xff) p++; // fill bytes before a marker
    if (p >= len) return undefined;
    const m = bytes[p++]!;
    if (m === 0xd9) break; // EOI
    if (p + 2 > len) return undefined;
    const segLen = u16(bytes, p);
    if (segLen < 2 || p + segLen > len) return undefined;
    const seg = bytes.subarray(p, p + segLen); // starts at the length field
    const whole = (): Uint8Array => {
      const s = new Uint8Array(segLen + 2);
      s[0] = 0xff;
      s[1] = m;
      s.set(seg, 2);
      return s;
    };
    if ((m >= 0xe0 && m <= 0xef) || m === 0xfe) {
      if (KEPT_APPS.has(m)) parts.push(whole());
    } else if (m === 0xdb) {
      parts.push(whole());
    } else if (m === 0xdd) {
      if (segLen !== 4) return undefined;
      ri = u16(seg, 2);
      parts.push(whole());
    } else if (m === 0xc4) {
      if (!parseDht(seg, dcTables, acTables)) return undefined;
    } else if (m === 0xc0 || m === 0xc1) {
      if (frame) return undefined;
      frame = parseSof(seg);
      if (!frame) return undefined;
      parts.push(whole());
    } else if (m === 0xda) {
      if (!frame) return undefined;
      const sos = parseSos(seg, frame, dcTables, acTables);
      if (!sos) return undefined;
      const entropy = readEntropy(bytes, p + segLen);
      const { order, blocksPerMcu } = blockOrder(frame, sos.comps);
      // Every block costs at least 2 bits (a DC code and an AC code): more blocks than that means truncation,
      // and the check keeps a forged header from allocating gigabytes.
      if (order.length > entropy.bounds.at(-1)! * 4 + 4 || frame.gridTotal > len * 64) return undefined;
      store ??= newStore(frame, entropy.bounds.at(-1)!);
      const freq = new Uint32Array(2048);
      if (!decodeScan(entropy, order, blocksPerMcu, ri, sos, store, freq)) return undefined;
      parts.push(scans.length);
      scans.push({ comps: sos.comps, ri, order, blocksPerMcu, freq });
      p = entropy.next;
      continue;
    } else {
      // SOF2/3/5-7/9-15 (progressive, lossless, hierarchical, arithmetic), DAC, DNL, DHP, EXP, JPGn, RSTn, TEM.
      return undefined;
    }
    p += segLen;
  }
  if (!frame || !store || scans.length === 0) return undefined;
  return { frame, parts, scans, store };
}

function parseDht(
  seg: Uint8Array,
  dc: (DecodeTable | undefined)[],
  ac: (DecodeTable | undefined)[],
): boolean {
  let q = 2;
  while (q < seg.length) {
    const tc = seg[q]! >> 4;
    const th = seg[q]! & 15;
    if (tc > 1 || th > 3 || q + 17 > seg.length) return false;
    const bits = seg.slice(q, q + 17); // bits[0] is the Tc/Th byte, unused
    let total = 0;
    for (let l = 1; l <= 16; l++) total += bits[l]!;
    if (total > 256 || q + 17 + total > seg.length) return false;
    const spec: HuffSpec = { bits, vals: seg.slice(q + 17, q + 17 + total) };
    const lut = buildLut(spec, tc === 0);
    if (!lut) return false;
    (tc === 0 ? dc : ac)[th] = { spec, lut };
    q += 17 + total;
  }
  return true;
}

/** Decoding lookup for a table, rejecting what libjpeg rejects (all-ones codes, DC symbols above 15). */
function buildLut(spec: HuffSpec, isDc: boolean): Uint16Array | undefined {
  const lut = new Uint16Array(65536);
  let code = 0;
  let k = 0;
  for (let l = 1; l <= 16; l++) {
    const n = spec.bits[l]!;
    for (let j = 0; j < n; j++) {
      const sym = spec.vals[k++]!;
      if (isDc && sym > 15) return undefined;
      const from = code << (16 - l);
      lut.fill((l << 8) | sym, from, from + (1 << (16 - l)));
      code++;
    }
    if (n > 0 && code >= 1 << l) return undefined;
    code <<= 1;
  }
  return lut;
}

function parseSof(seg: Uint8Array): Frame | undefined {
  const precision = seg[2];
  const height = u16(seg, 3);
  const width = u16(seg, 5);
  const nf = seg[7]!;
  if (precision !== 8 || width === 0 || height === 0 || nf < 1 || nf > 4 || seg.length !== 8 + 3 * nf) {
    return undefined; // 12-bit, DNL-defined height, or a malformed header
  }
  const raw: { id: number; h: number; v: number }[] = [];
  for (let i = 0; i < nf; i++) {
    const id = seg[8 + 3 * i]!;
    const h = seg[9 + 3 * i]! >> 4;
    const v = seg[9 + 3 * i]! & 15;
    if (h < 1 || h > 4 || v < 1 || v > 4 || raw.some((c) => c.id === id)) return undefined;
    raw.push({ id, h, v });
  }
  const hmax = Math.max(...raw.map((c) => c.h));
  const vmax = Math.max(...raw.map((c) => c.v));
  const mcusX = Math.ceil(width / (8 * hmax));
  const mcusY = Math.ceil(height / (8 * vmax));
  let gridOff = 0;
  const comps = raw.map((c): Component => {
    const comp: Component = {
      ...c,
      gridW: mcusX * c.h,
      gridH: mcusY * c.v,
      gridOff,
      blocksW: Math.ceil((width * c.h) / (8 * hmax)),
      blocksH: Math.ceil((height * c.v) / (8 * vmax)),
      dcId: 0,
      acId: 0,
      dcSpec: undefined,
      acSpec: undefined,
    };
    gridOff += comp.gridW * comp.gridH;
    return comp;
  });
  return { hmax, vmax, mcusX, mcusY, comps, gridTotal: gridOff };
}

interface Sos {
  readonly comps: number[];
  readonly dcLuts: Uint16Array[];
  readonly acLuts: Uint16Array[];
  /** Where each component's symbols are counted: class * 1024 + table id * 256 + symbol. */
  readonly dcBase: Int32Array;
  readonly acBase: Int32Array;
}

function parseSos(
  seg: Uint8Array,
  frame: Frame,
  dcTables: (DecodeTable | undefined)[],
  acTables: (DecodeTable | undefined)[],
): Sos | undefined {
  const ns = seg[2]!;
  if (ns < 1 || ns > 4 || seg.length !== 6 + 2 * ns) return undefined;
  const comps: number[] = [];
  const dcLuts: Uint16Array[] = [];
  const acLuts: Uint16Array[] = [];
  const dcBase = new Int32Array(4);
  const acBase = new Int32Array(4);
  let blocksPerMcu = 0;
  for (let i = 0; i < ns; i++) {
    const ci = frame.comps.findIndex((c) => c.id === seg[3 + 2 * i]);
    const td = seg[4 + 2 * i]! >> 4;
    const ta = seg[4 + 2 * i]! & 15;
    const comp = frame.comps[ci];
    const dc = dcTables[td];
    const ac = acTables[ta];
    if (!comp || comps.includes(ci) || comp.dcSpec || !dc || !ac) return undefined;
    comp.dcId = td;
    comp.acId = ta;
    comp.dcSpec = dc.spec;
    comp.acSpec = ac.spec;
    comps.push(ci);
    dcLuts[ci] = dc.lut;
    acLuts[ci] = ac.lut;
    dcBase[ci] = td * 256;
    acBase[ci] = 1024 + ta * 256;
    blocksPerMcu += comp.h * comp.v;
  }
  if (ns > 1 && blocksPerMcu > 10) return undefined; // T.81 B.2.3: at most 10 blocks per MCU
  return { comps, dcLuts, acLuts, dcBase, acBase };
}

/** Blocks in the order a scan codes them, as indices into the block store (T.81 A.2). */
function blockOrder(frame: Frame, comps: readonly number[]): { order: Uint32Array; blocksPerMcu: number } {
  if (comps.length === 1) {
    // Non-interleaved: the component's own raster of blocks, without MCU padding.
    const c = frame.comps[comps[0]!]!;
    const order = new Uint32Array(c.blocksW * c.blocksH);
    let i = 0;
    for (let by = 0; by < c.blocksH; by++) {
      const row = c.gridOff + by * c.gridW;
      for (let bx = 0; bx < c.blocksW; bx++) order[i++] = row + bx;
    }
    return { order, blocksPerMcu: 1 };
  }
  const cs = comps.map((ci) => frame.comps[ci]!);
  const blocksPerMcu = cs.reduce((s, c) => s + c.h * c.v, 0);
  const order = new Uint32Array(frame.mcusX * frame.mcusY * blocksPerMcu);
  let i = 0;
  for (let my = 0; my < frame.mcusY; my++) {
    for (let mx = 0; mx < frame.mcusX; mx++) {
      for (const c of cs) {
        for (let v = 0; v < c.v; v++) {
          const row = c.gridOff + (my * c.v + v) * c.gridW + mx * c.h;
          for (let h = 0; h < c.h; h++) order[i++] = row + h;
        }
      }
    }
  }
  return { order, blocksPerMcu };
}

function newStore(frame: Frame, firstScanBytes: number): BlockStore {
  const blockComp = new Uint8Array(frame.gridTotal);
  frame.comps.forEach((c, ci) => blockComp.fill(ci, c.gridOff, c.gridOff + c.gridW * c.gridH));
  return {
    // About 2 symbols per byte of entropy-coded data in dense scans; grown when more are needed.
    entries: new Uint32Array(Math.max(4096, frame.gridTotal * 2, firstScanBytes * 2)),
    n: 0,
    start: new Uint32Array(frame.gridTotal),
    count: new Uint8Array(frame.gridTotal),
    blockComp,
  };
}

interface Entropy {
  /** The scan's entropy-coded bytes with stuffing and restart markers removed, then at least 4 zero bytes: the
   *  bit reader may look ahead past an interval's end (what it finds there never decides a code it consumes). */
  readonly data: Uint8Array;
  /** Where each restart interval starts in data, then data.length. */
  readonly bounds: number[];
  /** The RSTn numbers in the order met (must be 0, 1, ..., 7, 0, ...). */
  readonly rst: number[];
  /** Offset of the marker that ends the scan (or the end of the file). */
  readonly next: number;
}

function readEntropy(bytes: Uint8Array, from: number): Entropy {
  const len = bytes.length;
  const data = new Uint8Array(len - from + 8);
  const bounds = [0];
  const rst: number[] = [];
  let o = 0;
  let i = from;
  for (;;) {
    const j = bytes.indexOf(0xff, i);
    const stop = j < 0 ? len : j;
    data.set(bytes.subarray(i, stop), o);
    o += stop - i;
    if (j < 0) {
      i = len;
      break;
    }
    let k = j + 1;
    while (k < len && bytes[k] === 0xff) k++; // libjpeg skips any run of FF before the next byte
    if (k >= len) {
      i = len;
      break;
    }
    const m = bytes[k]!;
    if (m === 0) {
      data[o++] = 0xff;
      i = k + 1;
    } else if (m >= 0xd0 && m <= 0xd7) {
      bounds.push(o);
      rst.push(m - 0xd0);
      i = k + 1;
    } else {
      i = j;
      break;
    }
  }
  bounds.push(o);
  return { data, bounds, rst, next: i };
}

function grow(a: Uint32Array, used: number): Uint32Array {
  const b = new Uint32Array(Math.floor(a.length * 1.5) + MAX_BLOCK_ENTRIES);
  b.set(a.subarray(0, used));
  return b;
}

/** Decodes one scan's Huffman symbols into the block store; false where the data is damaged. */
function decodeScan(
  entropy: Entropy,
  order: Uint32Array,
  blocksPerMcu: number,
  ri: number,
  sos: Sos,
  store: BlockStore,
  freq: Uint32Array,
): boolean {
  const total = order.length;
  const perInterval = ri > 0 ? ri * blocksPerMcu : total;
  const intervals = Math.ceil(total / perInterval);
  const { data, bounds, rst } = entropy;
  if (bounds.length !== intervals + 1) return false; // missing or extra restart markers
  for (let r = 0; r < rst.length; r++) if (rst[r] !== (r & 7)) return false;
  const { start, count, blockComp } = store;
  const { dcLuts, acLuts, dcBase, acBase } = sos;
  const pred = new Int32Array(4);
  let entries = store.entries;
  let n = store.n;
  let i = 0;
  for (let iv = 0; iv < intervals; iv++) {
    const first = bounds[iv]!;
    const end = bounds[iv + 1]!;
    let pos = first;
    let acc = 0;
    let nbits = 0;
    pred.fill(0);
    const stop = Math.min(total, i + perInterval);
    for (; i < stop; i++) {
      if (n + MAX_BLOCK_ENTRIES > entries.length) entries = grow(entries, n);
      const b = order[i]!;
      if (count[b] !== 0) return false; // a component coded twice
      const c = blockComp[b]!;
      const dcl = dcLuts[c]!;
      const acl = acLuts[c]!;
      const acb = acBase[c]!;
      const n0 = n;
      // DC: a size category, then that many bits of the difference to the previous block's DC.
      while (nbits <= 24) {
        acc = (acc << 8) | data[pos++]!;
        nbits += 8;
      }
      let e = dcl[(acc >>> (nbits - 16)) & 0xffff]!;
      if (e === 0) return false;
      nbits -= e >> 8;
      let s = e & 0xff;
      freq[dcBase[c]! + s]!++;
      let diff = 0;
      if (s > 0) {
        if (nbits < s) {
          while (nbits <= 24) {
            acc = (acc << 8) | data[pos++]!;
            nbits += 8;
          }
        }
        const bits = (acc >>> (nbits - s)) & ((1 << s) - 1);
        nbits -= s;
        diff = bits < 1 << (s - 1) ? bits - (1 << s) + 1 : bits;
      }
      const dc = pred[c]! + diff;
      if (dc < -DC_OFFSET || dc >= DC_OFFSET) return false;
      pred[c] = dc;
      entries[n++] = dc + DC_OFFSET;
      // AC: (run of zeros, size) symbols with their extra bits, up to EOB or the 63rd coefficient.
      for (let k = 1; k < 64;) {
        if (nbits < 16) {
          while (nbits <= 24) {
            acc = (acc << 8) | data[pos++]!;
            nbits += 8;
          }
        }
        e = acl[(acc >>> (nbits - 16)) & 0xffff]!;
        if (e === 0) return false;
        nbits -= e >> 8;
        const rs = e & 0xff;
        freq[acb + rs]!++;
        s = rs & 15;
        if (s > 0) {
          k += rs >> 4;
          if (k > 63) return false;
          if (nbits < s) {
            while (nbits <= 24) {
              acc = (acc << 8) | data[pos++]!;
              nbits += 8;
            }
          }
          entries[n++] = (rs << 16) | ((acc >>> (nbits - s)) & ((1 << s) - 1));
          nbits -= s;
          k++;
        } else {
          entries[n++] = rs << 16;
          if (rs !== 0xf0) break; // EOB (libjpeg reads every (r, 0) with r < 15 as EOB too: kept as it is)
          k += 16;
        }
      }
      start[b] = n0;
      count[b] = n - n0;
    }
    // Reading past the interval's bytes means the data was truncated or damaged.
    if ((pos - first) * 8 - nbits > (end - first) * 8) return false;
  }
  store.entries = entries;
  store.n = n;
  return true;
}

interface OutScan {
  /** Indices into frame.comps, in the scan's order. */
  readonly comps: number[];
  readonly ri: number;
  /** Block order when already known (the input's scan). */
  readonly order?: Uint32Array | undefined;
  readonly blocksPerMcu?: number | undefined;
  /** Symbol counts when already known: the input's scan written with its own restart interval. */
  readonly freq?: Uint32Array | undefined;
}

function writeJpeg(parsed: ParsedJpeg, options: JpegRewriteOptions): Uint8Array | undefined {
  const { frame, parts, scans, store } = parsed;
  const newRi = options.restartInterval;
  if (newRi !== undefined && (!Number.isInteger(newRi) || newRi < 0 || newRi > 0xffff)) return undefined;
  const w = new BitWriter(Math.max(1024, options.maxBytes ?? 0, store.n), options.maxBytes ?? Infinity);
  w.bytes(Uint8Array.of(0xff, 0xd8));
  if (options.layout === 'progressive') return writeProgressive(parsed, w);
  let firstScan = true;
  for (const part of parts) {
    if (typeof part !== 'number') {
      if (part[1] !== 0xdd || newRi === undefined) w.bytes(part);
      continue;
    }
    const scan = scans[part]!;
    const ri = newRi ?? scan.ri;
    const outScans: OutScan[] =
      options.layout === 'component-scans'
        ? scan.comps.map((c) => ({ comps: [c], ri }))
        : [{ ...scan, ri, freq: ri === scan.ri ? scan.freq : undefined }];
    if (firstScan && newRi !== undefined && newRi > 0) {
      w.bytes(Uint8Array.of(0xff, 0xdd, 0, 4, newRi >> 8, newRi & 0xff));
    }
    firstScan = false;
    for (const out of outScans) {
      if (!writeScan(frame, store, out, options.tables ?? 'optimal', w)) return undefined;
    }
  }
  w.bytes(Uint8Array.of(0xff, 0xd9));
  return w.length > (options.maxBytes ?? Infinity) ? undefined : w.result();
}

function writeScan(
  frame: Frame,
  store: BlockStore,
  scan: OutScan,
  tables: 'optimal' | 'original',
  w: BitWriter,
): boolean {
  const { order, blocksPerMcu } =
    scan.order && scan.blocksPerMcu
      ? { order: scan.order, blocksPerMcu: scan.blocksPerMcu }
      : blockOrder(frame, scan.comps);
  const perInterval = scan.ri > 0 ? scan.ri * blocksPerMcu : order.length;
  const dcBase = new Int32Array(4);
  const acBase = new Int32Array(4);
  for (const ci of scan.comps) {
    const c = frame.comps[ci]!;
    dcBase[ci] = c.dcId * 256;
    acBase[ci] = 1024 + c.acId * 256;
  }
  // The tables this scan uses: slot = class * 4 + id.
  const specs = new Map<number, HuffSpec>();
  if (tables === 'original') {
    for (const ci of scan.comps) {
      const c = frame.comps[ci]!;
      if (!c.dcSpec || !c.acSpec) return false;
      specs.set(c.dcId, c.dcSpec);
      specs.set(4 + c.acId, c.acSpec);
    }
  } else {
    let freq = scan.freq;
    if (!freq) {
      freq = new Uint32Array(2048);
      if (!countSymbols(store, order, perInterval, dcBase, acBase, freq)) return false;
    }
    for (const ci of scan.comps) {
      const c = frame.comps[ci]!;
      for (const slot of [c.dcId, 4 + c.acId]) {
        if (specs.has(slot)) continue;
        const spec = optimalTable(freq.subarray(slot * 256, slot * 256 + 256));
        if (!spec) return false;
        specs.set(slot, spec);
      }
    }
  }
  const codes = new Uint16Array(2048);
  const sizes = new Uint8Array(2048);
  for (const [slot, spec] of specs) fillCodes(spec, codes, sizes, slot * 256);
  w.bytes(
    scanHeader(
      [...specs].sort((a, b) => a[0] - b[0]).map(([slot, spec]) => ({ tc: slot >> 2, th: slot & 3, spec })),
      scan.comps.map((ci) => {
        const c = frame.comps[ci]!;
        return { id: c.id, td: c.dcId, ta: c.acId };
      }),
      0,
      63,
    ),
  );
  return encodeSymbols(store, order, perInterval, dcBase, acBase, codes, sizes, w);
}

/** AC bands of the progressive layout, one scan each: luminance (and grey, CMYK) in three, chrominance whole. */
const LUMA_BANDS: ReadonlyArray<readonly [number, number]> = [
  [1, 2],
  [3, 9],
  [10, 63],
];
const CHROMA_BANDS: ReadonlyArray<readonly [number, number]> = [[1, 63]];
/** Longest run of all-zero bands one EOBRUN symbol codes (T.81 G.1.2.2: 14 extra bits). */
const MAX_EOBRUN = 0x7fff;

interface ProgressiveScan {
  readonly comps: number[];
  readonly ss: number;
  readonly se: number;
}

function writeProgressive(parsed: ParsedJpeg, w: BitWriter): Uint8Array | undefined {
  const { frame, parts, store } = parsed;
  const first = parts.findIndex((p) => typeof p === 'number');
  for (const part of parts.slice(first)) {
    // Tables between scans: never seen in practice, and the progressive scans would have to interleave them.
    if (typeof part !== 'number' && part[1] !== 0xdd) return undefined;
  }
  for (const part of parts.slice(0, first)) {
    if (typeof part === 'number' || part[1] === 0xdd) continue; // no restart intervals in these scans
    if (part[1] === 0xc0 || part[1] === 0xc1) {
      const sof = part.slice();
      sof[1] = 0xc2;
      w.bytes(sof);
    } else w.bytes(part);
  }
  const all = frame.comps.map((_, i) => i);
  const interleaved = blockOrder(frame, all);
  // One DC scan for all components where the input coded every block of the MCU grid (an interleaved input);
  // T.81 allows at most 10 blocks per MCU.
  const dcTogether =
    all.length > 1 && interleaved.blocksPerMcu <= 10 && interleaved.order.every((b) => store.count[b]! > 0);
  const plan: ProgressiveScan[] = dcTogether
    ? [{ comps: all, ss: 0, se: 0 }]
    : all.map((c) => ({ comps: [c], ss: 0, se: 0 }));
  for (const c of all) {
    const bands = all.length === 3 && c > 0 ? CHROMA_BANDS : LUMA_BANDS;
    for (const [ss, se] of bands) plan.push({ comps: [c], ss, se });
  }
  for (const scan of plan) if (!writeProgressiveScan(frame, store, scan, w)) return undefined;
  w.bytes(Uint8Array.of(0xff, 0xd9));
  return w.length > w.limit ? undefined : w.result();
}

/** One progressive scan (Ah = Al = 0): counted, given optimal tables (one per component), then written. */
function writeProgressiveScan(frame: Frame, store: BlockStore, scan: ProgressiveScan, w: BitWriter): boolean {
  const { order } = blockOrder(frame, scan.comps);
  const table = new Int32Array(4);
  scan.comps.forEach((c, i) => (table[c] = i));
  const freq = new Uint32Array(256 * scan.comps.length);
  if (!progressiveSymbols(store, order, scan, table, { freq })) return false;

  const specs = scan.comps.map((_, i) => optimalTable(freq.subarray(i * 256, i * 256 + 256)));
  if (specs.some((t) => !t)) return false;
  const codes = new Uint16Array(256 * scan.comps.length);
  const sizes = new Uint8Array(256 * scan.comps.length);
  const isDc = scan.ss === 0;
  specs.forEach((spec, i) => fillCodes(spec!, codes, sizes, i * 256));
  w.bytes(
    scanHeader(
      specs.map((spec, i) => ({ tc: isDc ? 0 : 1, th: i, spec: spec! })),
      scan.comps.map((c, i) => ({ id: frame.comps[c]!.id, td: isDc ? i : 0, ta: isDc ? 0 : i })),
      scan.ss,
      scan.se,
    ),
  );

  if (!progressiveSymbols(store, order, scan, table, { codes, sizes, w })) return false;
  w.flushOnes();
  return true;
}

/** Where progressiveSymbols sends each symbol: counted into `freq`, or written with `codes` and `sizes`. */
type SymbolSink =
  | { readonly freq: Uint32Array }
  | { readonly codes: Uint16Array; readonly sizes: Uint8Array; readonly w: BitWriter };

/**
 * The symbols of one progressive scan in coding order (table, symbol, extra bits), counted or written as `sink`
 * says. False where a block the scan needs was never coded by the input, or the writer passed its limit.
 */
function progressiveSymbols(
  store: BlockStore,
  order: Uint32Array,
  scan: ProgressiveScan,
  table: Int32Array,
  sink: SymbolSink,
): boolean {
  const freq = 'freq' in sink ? sink.freq : undefined;
  const writer = 'w' in sink ? sink : undefined;
  // One local function with a fixed target, so the engine can inline it in the loops below.
  const emit = (t: number, symbol: number, bits: number, nbits: number): void => {
    const k = t * 256 + symbol;
    if (freq) {
      freq[k]!++;
      return;
    }
    writer!.w.put(writer!.codes[k]!, writer!.sizes[k]!);
    if (nbits > 0) writer!.w.put(bits & ((1 << nbits) - 1), nbits);
  };
  const room = (): boolean => !writer || writer.w.ensure(MAX_BLOCK_BYTES);
  const { entries, start, count, blockComp } = store;
  if (scan.ss === 0) {
    const pred = new Int32Array(4);
    for (let i = 0; i < order.length; i++) {
      const b = order[i]!;
      if (count[b] === 0 || !room()) return false;
      const c = blockComp[b]!;
      const dc = entries[start[b]!]! - DC_OFFSET;
      const d = dc - pred[c]!;
      pred[c] = dc;
      const s = dcCategory(d);
      if (s > 15) return false;
      emit(table[c]!, s, d < 0 ? d + (1 << s) - 1 : d, s);
    }
    return true;
  }
  // Each block's non-zero AC coefficients in the band: zig-zag index, size and extra bits, from its stored symbols.
  const posK = new Uint8Array(64);
  const posSize = new Uint8Array(64);
  const posBits = new Uint16Array(64);
  const { ss, se } = scan;
  const t = table[scan.comps[0]!]!;
  let eobrun = 0;
  const flushEobrun = (): void => {
    if (eobrun === 0) return;
    const n = 31 - Math.clz32(eobrun);
    emit(t, n << 4, eobrun, n);
    eobrun = 0;
  };
  for (let i = 0; i < order.length; i++) {
    const b = order[i]!;
    const cnt = count[b]!;
    if (cnt === 0 || !room()) return false;
    let m = 0;
    const s0 = start[b]!;
    for (let j = s0 + 1, k = 1; j < s0 + cnt && k <= se; j++) {
      const rs = entries[j]! >>> 16;
      const sz = rs & 15;
      if (sz > 0) {
        k += rs >> 4;
        if (k > 63) return false;
        if (k >= ss && k <= se) {
          posK[m] = k;
          posSize[m] = sz;
          posBits[m++] = entries[j]! & 0xffff;
        }
        k++;
      } else if (rs === 0xf0) k += 16;
      else break; // EOB
    }
    let prev = ss - 1;
    for (let p = 0; p < m; p++) {
      const k = posK[p]!;
      flushEobrun();
      let run = k - prev - 1;
      for (; run > 15; run -= 16) emit(t, 0xf0, 0, 0);
      emit(t, (run << 4) | posSize[p]!, posBits[p]!, posSize[p]!);
      prev = k;
    }
    // The band ends in zeros: one more block for the end-of-band run.
    if (prev < se && ++eobrun === MAX_EOBRUN) flushEobrun();
  }
  flushEobrun();
  return true;
}

/**
 * A scan's DHT segment (each table: class tc, id th) and its SOS header (each component's id and DC/AC table
 * selectors, spectral band ss..se, no successive approximation).
 */
function scanHeader(
  tables: ReadonlyArray<{ readonly tc: number; readonly th: number; readonly spec: HuffSpec }>,
  comps: ReadonlyArray<{ readonly id: number; readonly td: number; readonly ta: number }>,
  ss: number,
  se: number,
): Uint8Array {
  const dhtLen = tables.reduce((n, t) => n + 17 + t.spec.vals.length, 2);
  const header: number[] = [0xff, 0xc4, dhtLen >> 8, dhtLen & 0xff];
  for (const { tc, th, spec } of tables) {
    header.push((tc << 4) | th);
    for (let l = 1; l <= 16; l++) header.push(spec.bits[l]!);
    header.push(...spec.vals);
  }
  header.push(0xff, 0xda, 0, 6 + 2 * comps.length, comps.length);
  for (const c of comps) header.push(c.id, (c.td << 4) | c.ta);
  header.push(ss, se, 0);
  return Uint8Array.from(header);
}

function dcCategory(d: number): number {
  return d === 0 ? 0 : 32 - Math.clz32(d < 0 ? -d : d);
}

/** Symbol counts of a scan as it will be written (DC differences depend on block order and restarts). */
function countSymbols(
  store: BlockStore,
  order: Uint32Array,
  perInterval: number,
  dcBase: Int32Array,
  acBase: Int32Array,
  freq: Uint32Array,
): boolean {
  const { entries, start, count, blockComp } = store;
  const pred = new Int32Array(4);
  let left = perInterval;
  for (let i = 0; i < order.length; i++) {
    if (left === 0) {
      pred.fill(0);
      left = perInterval;
    }
    left--;
    const b = order[i]!;
    const cnt = count[b]!;
    if (cnt === 0) return false; // a block the input never coded
    const c = blockComp[b]!;
    const s0 = start[b]!;
    const dc = entries[s0]! - DC_OFFSET;
    const s = dcCategory(dc - pred[c]!);
    if (s > 15) return false;
    pred[c] = dc;
    freq[dcBase[c]! + s]!++;
    const ab = acBase[c]!;
    for (let j = s0 + 1; j < s0 + cnt; j++) freq[ab + (entries[j]! >>> 16)]!++;
  }
  return true;
}

function encodeSymbols(
  store: BlockStore,
  order: Uint32Array,
  perInterval: number,
  dcBase: Int32Array,
  acBase: Int32Array,
  codes: Uint16Array,
  sizes: Uint8Array,
  w: BitWriter,
): boolean {
  const { entries, start, count, blockComp } = store;
  const pred = new Int32Array(4);
  let left = perInterval;
  let rst = 0;
  // The writer's state in locals for the hot loop (put() is inlined by hand: code, then extra bits).
  let { buf, o, acc, nacc } = w;
  let ok = true;
  for (let i = 0; i < order.length; i++) {
    if (left === 0) {
      w.o = o;
      w.acc = acc;
      w.nacc = nacc;
      w.flushOnes();
      w.marker(0xd0 + (rst++ & 7));
      ({ o, acc, nacc } = w);
      pred.fill(0);
      left = perInterval;
    }
    left--;
    if (o + MAX_BLOCK_BYTES > buf.length) {
      w.o = o;
      if (!w.ensure(MAX_BLOCK_BYTES)) return false;
      buf = w.buf;
    }
    const b = order[i]!;
    const cnt = count[b]!;
    if (cnt === 0) {
      ok = false; // a block the input never coded
      break;
    }
    const c = blockComp[b]!;
    const s0 = start[b]!;
    const dc = entries[s0]! - DC_OFFSET;
    const d = dc - pred[c]!;
    pred[c] = dc;
    const s = dcCategory(d);
    const idx = dcBase[c]! + s;
    const len = sizes[idx]!;
    if (s > 15 || len === 0) {
      ok = false; // only with 'original' tables that lack the symbol
      break;
    }
    // DC code and its bits: at most 16 + 15 bits, so in two steps (the accumulator holds 32).
    acc = (acc << len) | codes[idx]!;
    nacc += len;
    while (nacc >= 8) {
      nacc -= 8;
      const byte = (acc >>> nacc) & 0xff;
      buf[o++] = byte;
      if (byte === 0xff) buf[o++] = 0;
    }
    if (s > 0) {
      acc = (acc << s) | (d < 0 ? d + (1 << s) - 1 : d);
      nacc += s;
      while (nacc >= 8) {
        nacc -= 8;
        const byte = (acc >>> nacc) & 0xff;
        buf[o++] = byte;
        if (byte === 0xff) buf[o++] = 0;
      }
    }
    const ab = acBase[c]!;
    for (let j = s0 + 1; j < s0 + cnt; j++) {
      const e = entries[j]!;
      const rs = e >>> 16;
      const ai = ab + rs;
      const al = sizes[ai]!;
      if (al === 0) {
        ok = false;
        break;
      }
      // An AC code (<= 16 bits) and its extra bits (<= 10 for 8-bit data) usually fit in one step.
      const as = rs & 15;
      let bits = codes[ai]!;
      let n = al;
      if (as > 0) {
        if (al + as <= 24) {
          bits = (bits << as) | (e & 0xffff);
          n += as;
        } else {
          acc = (acc << al) | bits;
          nacc += al;
          while (nacc >= 8) {
            nacc -= 8;
            const byte = (acc >>> nacc) & 0xff;
            buf[o++] = byte;
            if (byte === 0xff) buf[o++] = 0;
          }
          bits = e & 0xffff;
          n = as;
        }
      }
      acc = (acc << n) | bits;
      nacc += n;
      while (nacc >= 8) {
        nacc -= 8;
        const byte = (acc >>> nacc) & 0xff;
        buf[o++] = byte;
        if (byte === 0xff) buf[o++] = 0;
      }
    }
    if (!ok) break;
  }
  w.o = o;
  w.acc = acc;
  w.nacc = nacc;
  if (!ok) return false;
  w.flushOnes();
  return true;
}

/** Canonical codes of a table (T.81 Annex C). */
function fillCodes(spec: HuffSpec, codes: Uint16Array, sizes: Uint8Array, base: number): void {
  let code = 0;
  let k = 0;
  for (let l = 1; l <= 16; l++) {
    for (let j = 0; j < spec.bits[l]!; j++) {
      const sym = spec.vals[k++]!;
      codes[base + sym] = code++;
      sizes[base + sym] = l;
    }
    code <<= 1;
  }
}

/** Optimal code lengths limited to 16 bits, exactly as T.81 Annex K.2 (Figures K.1-K.4) and libjpeg's
 *  jpeg_gen_optimal_table: a reserved symbol 256 with count 1 keeps any real code from being all ones. */
function optimalTable(counts: Uint32Array): HuffSpec | undefined {
  const freq = new Float64Array(257);
  freq.set(counts);
  freq[256] = 1;
  const codesize = new Int32Array(257);
  const others = new Int32Array(257).fill(-1);
  for (;;) {
    // The least and second least non-zero counts; ties go to the larger symbol value, as in libjpeg.
    let c1 = -1;
    let v = Infinity;
    for (let i = 0; i <= 256; i++) {
      if (freq[i]! > 0 && freq[i]! <= v) {
        v = freq[i]!;
        c1 = i;
      }
    }
    let c2 = -1;
    v = Infinity;
    for (let i = 0; i <= 256; i++) {
      if (freq[i]! > 0 && freq[i]! <= v && i !== c1) {
        v = freq[i]!;
        c2 = i;
      }
    }
    if (c2 < 0) break;
    freq[c1]! += freq[c2]!;
    freq[c2] = 0;
    codesize[c1]!++;
    while (others[c1]! >= 0) {
      c1 = others[c1]!;
      codesize[c1]!++;
    }
    others[c1] = c2;
    codesize[c2]!++;
    while (others[c2]! >= 0) {
      c2 = others[c2]!;
      codesize[c2]!++;
    }
  }
  const bits = new Int32Array(33);
  for (let i = 0; i <= 256; i++) {
    const size = codesize[i]!;
    if (size > 32) return undefined;
    if (size > 0) bits[size]!++;
  }
  // Figure K.3: move symbols longer than 16 bits up the tree, a pair at a time.
  for (let i = 32; i > 16; i--) {
    while (bits[i]! > 0) {
      let j = i - 2;
      while (bits[j] === 0) j--;
      bits[i]! -= 2;
      bits[i - 1]!++;
      bits[j + 1]! += 2;
      bits[j]!--;
    }
  }
  // Drop the reserved symbol from the longest length.
  let i = 16;
  while (bits[i] === 0) i--;
  bits[i]!--;
  // Figure K.4: symbols by code length, then by value (the reserved symbol 256 is never listed).
  const vals: number[] = [];
  for (let l = 1; l <= 32; l++) {
    for (let sym = 0; sym < 256; sym++) if (codesize[sym] === l) vals.push(sym);
  }
  const out = new Uint8Array(17);
  for (let l = 1; l <= 16; l++) out[l] = bits[l]!;
  return { bits: out, vals: Uint8Array.from(vals) };
}

/** Bytes out, with JPEG byte stuffing for entropy-coded bits. */
class BitWriter {
  // Public for encodeSymbols' hot loop, which works on local copies.
  buf: Uint8Array;
  o = 0;
  acc = 0;
  nacc = 0;

  constructor(
    capacity: number,
    readonly limit: number,
  ) {
    this.buf = new Uint8Array(capacity);
  }

  /** Room for n more bytes; false once the output has passed the limit. */
  ensure(n: number): boolean {
    if (this.o > this.limit) return false;
    this.reserve(n);
    return true;
  }

  get length(): number {
    return this.o;
  }

  private reserve(n: number): void {
    if (this.o + n <= this.buf.length) return;
    const b = new Uint8Array(Math.max(this.o + n, this.buf.length * 2));
    b.set(this.buf.subarray(0, this.o));
    this.buf = b;
  }

  /** Appends len (1..24) bits of code, most significant first; call ensure first. */
  put(code: number, len: number): void {
    this.acc = (this.acc << len) | code;
    this.nacc += len;
    while (this.nacc >= 8) {
      this.nacc -= 8;
      const byte = (this.acc >>> this.nacc) & 0xff;
      this.buf[this.o++] = byte;
      if (byte === 0xff) this.buf[this.o++] = 0;
    }
  }

  /** Pads the last byte with 1 bits (T.81 F.1.2.3). */
  flushOnes(): void {
    if (this.nacc > 0) this.put((1 << (8 - this.nacc)) - 1, 8 - this.nacc);
  }

  marker(m: number): void {
    this.reserve(2);
    this.buf[this.o++] = 0xff;
    this.buf[this.o++] = m;
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.o);
    this.o += b.length;
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.o);
  }
}
