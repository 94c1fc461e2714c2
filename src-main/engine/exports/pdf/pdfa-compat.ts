// Can a page copied from an input PDF be part of a PDF/A file? Walks everything the page draws (content,
// resources, forms, patterns, Type 3 glyphs, annotation appearances) and lists what PDF/A forbids and we cannot
// repair without re-encoding: unembedded fonts, device CMYK (our OutputIntent is sRGB), transparency (PDF/A-1),
// LZW, JPEG 2000 and 16-bit images (PDF/A-1), PostScript, reference XObjects, transfer functions. Harmless
// repairs are made on the copy: interpolation and OPI dropped, annotation flags and appearances tidied.
// Clauses: ISO 19005-1 §6.1–6.5 (PDF/A-1), ISO 19005-2 §6.2–6.3 (PDF/A-2, also PDF/A-3).
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFName,
  PDFNumber,
  PDFObject,
  PDFRawStream,
  PDFRef,
  PDFStream,
  type PDFContext,
} from 'pdf-lib';
import type { PdfaLevel } from './pdfa-metadata.ts';
import { contentColourUse } from './content-scan.ts';

const N = (s: string): PDFName => PDFName.of(s);

function nameOf(o: PDFObject | undefined): string | undefined {
  return o instanceof PDFName ? o.decodeText() : undefined;
}

function numberOf(o: PDFObject | undefined): number | undefined {
  return o instanceof PDFNumber ? o.asNumber() : undefined;
}

/** Annotation types each part allows (ISO 19005-1 §6.5.2; ISO 19005-2 §6.3.1 forbids only 3D, Sound, Screen, Movie). */
const ANNOTS_1 = new Set(
  'Text Link FreeText Line Square Circle Highlight Underline Squiggly StrikeOut Stamp Ink Popup Widget PrinterMark TrapNet'.split(
    ' ',
  ),
);
const ANNOTS_FORBIDDEN_2 = new Set(['3D', 'Sound', 'Screen', 'Movie', 'RichMedia']);

// Annotation flags (PDF 32000-1 §12.5.3).
const F_INVISIBLE = 1;
const F_HIDDEN = 2;
const F_PRINT = 4;
const F_NOZOOM = 8;
const F_NOROTATE = 16;
const F_NOVIEW = 32;

export class PdfaInspector {
  private readonly visited = new Set<PDFObject>();
  private problems: string[] = [];
  private transparency = 0;
  private groups: PDFDict[] = [];

  constructor(
    private readonly context: PDFContext,
    private readonly level: PdfaLevel,
  ) {}

  private get part1(): boolean {
    return this.level === '1b';
  }

  private resolve(o: PDFObject | undefined): PDFObject | undefined {
    return o instanceof PDFRef ? this.context.lookup(o) : o;
  }

  private problem(message: string): void {
    if (!this.problems.includes(message)) this.problems.push(message);
  }

  private transparent(what: string): void {
    this.transparency++;
    if (this.part1) this.problem(`${what} (PDF/A-1 allows no transparency)`);
  }

  /** Checks one page (already copied into the output) and repairs what can be repaired; returns the problems. */
  inspectPage(page: PDFDict): string[] {
    this.problems = [];
    this.transparency = 0;
    this.groups = [];
    this.group(page);
    this.content(page.lookup(N('Contents')));
    this.resources(page.lookup(N('Resources')));
    this.annotations(page);
    // A transparency group with nothing transparent in it changes nothing when removed.
    if (this.part1 && this.transparency === 0) for (const g of this.groups) g.delete(N('Group'));
    return this.problems;
  }

  private group(holder: PDFDict): void {
    const g = this.resolve(holder.get(N('Group')));
    if (g instanceof PDFDict && nameOf(g.lookup(N('S'))) === 'Transparency') {
      this.groups.push(holder);
      const cs = g.lookup(N('CS'));
      if (cs) this.colourSpace(cs);
    }
  }

  private content(o: PDFObject | undefined): void {
    const streams = o instanceof PDFArray ? o.asArray().map((x) => this.resolve(x)) : [o];
    for (const s of streams) {
      if (!(s instanceof PDFStream) || this.visited.has(s)) continue;
      this.visited.add(s);
      this.filters(s.dict);
      let bytes: Uint8Array;
      try {
        bytes = s instanceof PDFRawStream ? decodePDFRawStream(s).decode() : s.getContents();
      } catch {
        this.problem('a content stream could not be decoded for checking');
        continue;
      }
      const use = contentColourUse(bytes);
      if (use.deviceCmyk)
        this.problem('content draws in DeviceCMYK, which an sRGB OutputIntent does not cover');
    }
  }

  private filters(dict: PDFDict): void {
    const f = dict.lookup(N('Filter'));
    const names = f instanceof PDFArray ? f.asArray().map((x) => nameOf(this.resolve(x))) : [nameOf(f)];
    if (names.includes('LZWDecode')) this.problem('LZW-compressed data (forbidden in PDF/A)');
    if (this.part1 && names.includes('JPXDecode')) this.problem('JPEG 2000 images (PDF/A-1 is PDF 1.4)');
  }

  private resources(o: PDFObject | undefined): void {
    if (!(o instanceof PDFDict) || this.visited.has(o)) return;
    this.visited.add(o);
    const each = (key: string, fn: (v: PDFObject, name: string) => void): void => {
      const d = o.lookup(N(key));
      if (d instanceof PDFDict) for (const [k, v] of d.entries()) fn(this.resolve(v) ?? v, k.decodeText());
    };
    each('Font', (f) => this.font(f));
    each('XObject', (x) => this.xobject(x));
    each('ExtGState', (g) => this.extGState(g));
    each('ColorSpace', (c) => this.colourSpace(c));
    each('Pattern', (p) => this.pattern(p));
    each('Shading', (s) => this.shading(s));
  }

  private font(o: PDFObject): void {
    if (!(o instanceof PDFDict) || this.visited.has(o)) return;
    this.visited.add(o);
    const subtype = nameOf(o.lookup(N('Subtype')));
    const base = nameOf(o.lookup(N('BaseFont'))) ?? 'unnamed';
    if (subtype === 'Type3') {
      this.resources(o.lookup(N('Resources')));
      const procs = o.lookup(N('CharProcs'));
      if (procs instanceof PDFDict) for (const v of procs.values()) this.content(v);
      return;
    }
    let descriptorHolder: PDFDict = o;
    if (subtype === 'Type0') {
      const desc = o.lookup(N('DescendantFonts'));
      const first = desc instanceof PDFArray ? this.resolve(desc.get(0)) : undefined;
      if (!(first instanceof PDFDict)) {
        this.problem(`font ${base} has no descendant font`);
        return;
      }
      descriptorHolder = first;
    }
    const fd = descriptorHolder.lookup(N('FontDescriptor'));
    const file =
      fd instanceof PDFDict
        ? (fd.lookup(N('FontFile')) ?? fd.lookup(N('FontFile2')) ?? fd.lookup(N('FontFile3')))
        : undefined;
    if (!(file instanceof PDFStream)) {
      this.problem(`font ${base} is not embedded`);
      return;
    }
    if (this.part1 && nameOf(file.dict.lookup(N('Subtype'))) === 'OpenType') {
      this.problem(`font ${base} is embedded as OpenType (PDF/A-1 is PDF 1.4)`);
    }
  }

  private xobject(o: PDFObject): void {
    if (!(o instanceof PDFStream) || this.visited.has(o)) return;
    const d = o.dict;
    const subtype = nameOf(d.lookup(N('Subtype')));
    d.delete(N('OPI'));
    // Optional content is PDF 1.5; without the catalog's /OCProperties every group is on anyway.
    if (this.part1) d.delete(N('OC'));
    if (subtype === 'Image') {
      this.visited.add(o);
      this.filters(d);
      d.delete(N('Interpolate'));
      d.delete(N('Alternates'));
      if (d.has(N('SMask')) || (numberOf(d.lookup(N('SMaskInData'))) ?? 0) > 0)
        this.transparent('an image has a soft mask');
      if (this.part1 && numberOf(d.lookup(N('BitsPerComponent'))) === 16)
        this.problem('16-bit images (PDF/A-1 is PDF 1.4)');
      const cs = d.lookup(N('ColorSpace'));
      if (cs) this.colourSpace(cs);
      const mask = this.resolve(d.get(N('Mask')));
      if (mask instanceof PDFStream) this.xobject(mask);
    } else if (subtype === 'Form') {
      if (nameOf(d.lookup(N('Subtype2'))) === 'PS') this.problem('a PostScript form XObject');
      if (d.has(N('Ref'))) this.problem('a reference XObject');
      this.group(d);
      this.content(o); // marks it visited
      this.resources(d.lookup(N('Resources')));
    } else if (subtype === 'PS') {
      this.visited.add(o);
      this.problem('a PostScript XObject');
    }
  }

  private extGState(o: PDFObject): void {
    if (!(o instanceof PDFDict) || this.visited.has(o)) return;
    this.visited.add(o);
    const smask = o.lookup(N('SMask'));
    if (smask !== undefined && nameOf(smask) !== 'None') this.transparent('a soft mask');
    for (const k of ['CA', 'ca']) {
      const v = numberOf(o.lookup(N(k)));
      if (v !== undefined && v < 1) this.transparent('constant opacity below 1');
    }
    const bm = o.lookup(N('BM'));
    const modes = bm instanceof PDFArray ? bm.asArray().map((x) => nameOf(this.resolve(x))) : [nameOf(bm)];
    if (modes.some((m) => m !== undefined && m !== 'Normal' && m !== 'Compatible'))
      this.transparent('a blend mode');
    if (o.has(N('TR'))) this.problem('a transfer function');
    const tr2 = o.lookup(N('TR2'));
    if (tr2 !== undefined && nameOf(tr2) !== 'Default') this.problem('a transfer function');
    if (o.has(N('HTO'))) this.problem('a halftone origin');
  }

  private colourSpace(o: PDFObject): void {
    const cs = this.resolve(o);
    if (cs === undefined) return;
    if (nameOf(cs) === 'DeviceCMYK') {
      this.problem('DeviceCMYK colour, which an sRGB OutputIntent does not cover');
      return;
    }
    if (!(cs instanceof PDFArray) || this.visited.has(cs)) return;
    this.visited.add(cs);
    const family = nameOf(this.resolve(cs.get(0)));
    const arg = (i: number): PDFObject | undefined => (i < cs.size() ? this.resolve(cs.get(i)) : undefined);
    if (family === 'ICCBased') {
      const stream = arg(1);
      if (stream instanceof PDFRawStream && this.part1) {
        try {
          const major = decodePDFRawStream(stream).decode()[8] ?? 0;
          if (major > 2) this.problem(`an ICC profile of version ${major} (PDF/A-1 allows version 2)`);
        } catch {
          this.problem('an ICC profile that cannot be read');
        }
      }
    } else if (family === 'Indexed') {
      const base = arg(1);
      if (base) this.colourSpace(base);
    } else if (family === 'Separation' || family === 'DeviceN') {
      const alt = arg(2); // the alternate space, in both
      if (alt) this.colourSpace(alt);
    } else if (family === 'Pattern') {
      const under = arg(1);
      if (under) this.colourSpace(under);
    }
  }

  private pattern(o: PDFObject): void {
    if (this.visited.has(o)) return;
    if (o instanceof PDFStream) {
      this.content(o);
      this.resources(o.dict.lookup(N('Resources')));
    } else if (o instanceof PDFDict) {
      this.visited.add(o);
      const sh = this.resolve(o.get(N('Shading')));
      if (sh) this.shading(sh);
      const gs = this.resolve(o.get(N('ExtGState')));
      if (gs) this.extGState(gs);
    }
  }

  private shading(o: PDFObject): void {
    const d = o instanceof PDFStream ? o.dict : o;
    if (!(d instanceof PDFDict) || this.visited.has(d)) return;
    this.visited.add(d);
    const cs = d.lookup(N('ColorSpace'));
    if (cs) this.colourSpace(cs);
  }

  private annotations(page: PDFDict): void {
    const annots = page.lookup(N('Annots'));
    if (!(annots instanceof PDFArray)) return;
    const kept: PDFObject[] = [];
    for (const entry of annots.asArray()) {
      const a = this.resolve(entry);
      if (!(a instanceof PDFDict)) continue;
      const subtype = nameOf(a.lookup(N('Subtype'))) ?? '';
      const allowed = this.part1 ? ANNOTS_1.has(subtype) : !ANNOTS_FORBIDDEN_2.has(subtype);
      if (!allowed) {
        this.problem(`a ${subtype || 'untyped'} annotation`);
        kept.push(entry);
        continue;
      }
      let flags = numberOf(a.lookup(N('F'))) ?? 0;
      // Hidden annotations were never seen; PDF/A wants every annotation printable and visible.
      if (flags & (F_HIDDEN | F_INVISIBLE | F_NOVIEW)) continue;
      flags |= F_PRINT;
      if (subtype === 'Text') flags |= F_NOZOOM | F_NOROTATE;
      a.set(N('F'), PDFNumber.of(flags));
      const ca = numberOf(a.lookup(N('CA')));
      if (ca !== undefined && ca < 1) this.transparent('a translucent annotation');
      const ap = a.lookup(N('AP'));
      if (ap instanceof PDFDict) {
        for (const k of ap.keys()) if (k !== N('N')) ap.delete(k);
        const normal = this.resolve(ap.get(N('N')));
        if (normal instanceof PDFStream) this.xobject(normal);
        else if (normal instanceof PDFDict)
          for (const v of normal.values()) this.xobject(this.resolve(v) ?? v);
      } else if (!this.part1 && subtype !== 'Popup' && subtype !== 'Link') {
        this.problem(`a ${subtype} annotation without an appearance`);
      }
      kept.push(entry);
    }
    page.set(N('Annots'), this.context.obj(kept));
  }
}
