// One CID per distinct code point, for the whole document: the text layer shows 2-byte CIDs (Identity-H),
// the ToUnicode CMap maps each back to its character. Unlike Tesseract's CID = UTF-16 code unit scheme, this
// handles characters outside the BMP (emoji, rare CJK), which ToUnicode maps to surrogate pairs.

/** CIDs are 2 bytes; 0 is .notdef. Past this many distinct characters, the rest read as U+FFFD. */
const MAX_CID = 0xffff;
const REPLACEMENT = 0xfffd;
/** ToUnicode bfchar blocks hold at most 100 entries (PDF 32000-1 §9.10.3, Adobe TN 5014). */
const BFCHAR_BLOCK = 100;

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}

function utf16Hex(cp: number): string {
  if (cp < 0x10000) return hex4(cp);
  const v = cp - 0x10000;
  return hex4(0xd800 + (v >> 10)) + hex4(0xdc00 + (v & 0x3ff));
}

export class CidMap {
  private readonly cids = new Map<number, number>();
  private readonly codePoints: number[] = [0];

  /** Number of CIDs in use, .notdef included: the length of the CIDToGIDMap. */
  get size(): number {
    return this.codePoints.length;
  }

  cidFor(cp: number): number {
    const known = this.cids.get(cp);
    if (known !== undefined) return known;
    if (this.codePoints.length > MAX_CID) return cp === REPLACEMENT ? MAX_CID : this.cidFor(REPLACEMENT);
    const cid = this.codePoints.length;
    this.codePoints.push(cp);
    this.cids.set(cp, cid);
    return cid;
  }

  /** The text as a hex string operand of Tj (`<0001000A>`), one CID per code point. */
  encode(text: string): string {
    let out = '<';
    for (const ch of text) out += hex4(this.cidFor(ch.codePointAt(0) ?? REPLACEMENT));
    return `${out}>`;
  }

  /** The ToUnicode CMap program. */
  toUnicodeCMap(): string {
    const lines = [
      '/CIDInit /ProcSet findresource begin',
      '12 dict begin',
      'begincmap',
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
      '/CMapName /Adobe-Identity-UCS def',
      '/CMapType 2 def',
      '1 begincodespacerange',
      '<0000> <FFFF>',
      'endcodespacerange',
    ];
    for (let start = 1; start < this.codePoints.length; start += BFCHAR_BLOCK) {
      const end = Math.min(start + BFCHAR_BLOCK, this.codePoints.length);
      lines.push(`${end - start} beginbfchar`);
      for (let cid = start; cid < end; cid++) {
        lines.push(`<${hex4(cid)}> <${utf16Hex(this.codePoints[cid] ?? REPLACEMENT)}>`);
      }
      lines.push('endbfchar');
    }
    lines.push('endcmap', 'CMapName currentdict /CMap defineresource pop', 'end', 'end', '');
    return lines.join('\n');
  }

  /** CIDToGIDMap stream data: every CID in use drawn with glyph 1. */
  cidToGidMap(): Uint8Array {
    const map = new Uint8Array(this.codePoints.length * 2);
    for (let i = 1; i < map.length; i += 2) map[i] = 1;
    return map;
  }
}
