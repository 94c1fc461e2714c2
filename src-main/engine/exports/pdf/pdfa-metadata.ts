// Document metadata written once, from one set of values, into both the Info dictionary and the XMP packet
// (Preflight 7.2 fails on any mismatch), plus what PDF/A asks of the catalog and trailer: the XMP stream
// stored uncompressed (1.2.7), the pdfaid identification (7.11), an sRGB v2 OutputIntent (2.4.3), a file ID (1.4.1).
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PDFHexString, PDFName, PDFString, type PDFContext, type PDFDict } from 'pdf-lib';
import { stripInvalidXmlChars, xmlEscape } from '../xml.ts';

export type PdfaLevel = '1b' | '2b' | '3b';

export interface DocumentMetadata {
  readonly title?: string;
  readonly author?: string;
  readonly subject?: string;
  readonly keywords?: string;
  /** The application that made the content (Info /Creator, xmp:CreatorTool). */
  readonly creator: string;
  /** The library that wrote the PDF (Info /Producer, pdf:Producer). */
  readonly producer: string;
  readonly date: Date;
}

/** sRGB IEC61966-2.1, ICC v2.3, from Debian's icc-profiles-free (zlib licence: assets/sRGB.icc.LICENSE). */
const SRGB_PROFILE = path.join(import.meta.dirname, 'assets', 'sRGB.icc');

let profile: Uint8Array | undefined;
function srgbProfile(): Uint8Array {
  profile ??= readFileSync(SRGB_PROFILE);
  return profile;
}

/** Text as both places can hold it: no characters XML forbids, so the two stay equal. */
function clean(s: string | undefined): string | undefined {
  const v = s === undefined ? undefined : stripInvalidXmlChars(s).trim();
  return v === '' ? undefined : v;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Whole seconds in UTC, written the same way in both places (Preflight compares the instants). */
function pdfDate(d: Date): string {
  const t = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
  return `D:${t}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}+00'00'`;
}

function xmpDate(d: Date): string {
  const t = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return `${t}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+00:00`;
}

function keywordList(keywords: string): string[] {
  return keywords
    .split(/[,;]/)
    .map((k) => k.trim())
    .filter((k) => k !== '');
}

/** The XMP packet; `pdfa` null leaves out the PDF/A identification (a plain PDF claims nothing). */
export function xmpPacket(meta: DocumentMetadata, pdfa: PdfaLevel | null): string {
  const title = clean(meta.title);
  const author = clean(meta.author);
  const subject = clean(meta.subject);
  const keywords = clean(meta.keywords);
  const e = xmlEscape;
  const date = xmpDate(meta.date);
  const rdf = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
  const desc = (ns: string, uri: string, body: string[]): string =>
    `  <rdf:Description rdf:about="" xmlns:${ns}="${uri}">\n${body.map((l) => `   ${l}`).join('\n')}\n  </rdf:Description>`;
  const parts: string[] = [];
  if (pdfa) {
    parts.push(
      desc('pdfaid', 'http://www.aiim.org/pdfa/ns/id/', [
        `<pdfaid:part>${pdfa[0]}</pdfaid:part>`,
        '<pdfaid:conformance>B</pdfaid:conformance>',
      ]),
    );
  }
  const dc = ['<dc:format>application/pdf</dc:format>'];
  if (title)
    dc.push(`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${e(title)}</rdf:li></rdf:Alt></dc:title>`);
  if (author) dc.push(`<dc:creator><rdf:Seq><rdf:li>${e(author)}</rdf:li></rdf:Seq></dc:creator>`);
  if (subject) {
    dc.push(
      `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${e(subject)}</rdf:li></rdf:Alt></dc:description>`,
    );
  }
  if (keywords) {
    const items = keywordList(keywords).map((k) => `<rdf:li>${e(k)}</rdf:li>`);
    dc.push(`<dc:subject><rdf:Bag>${items.join('')}</rdf:Bag></dc:subject>`);
  }
  parts.push(desc('dc', 'http://purl.org/dc/elements/1.1/', dc));
  parts.push(
    desc('xmp', 'http://ns.adobe.com/xap/1.0/', [
      `<xmp:CreatorTool>${e(meta.creator)}</xmp:CreatorTool>`,
      `<xmp:CreateDate>${date}</xmp:CreateDate>`,
      `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
      `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    ]),
  );
  const pdf = [`<pdf:Producer>${e(meta.producer)}</pdf:Producer>`];
  if (keywords) pdf.push(`<pdf:Keywords>${e(keywords)}</pdf:Keywords>`);
  parts.push(desc('pdf', 'http://ns.adobe.com/pdf/1.3/', pdf));
  const uuid = randomUUID();
  parts.push(
    desc('xmpMM', 'http://ns.adobe.com/xap/1.0/mm/', [
      `<xmpMM:DocumentID>uuid:${uuid}</xmpMM:DocumentID>`,
      `<xmpMM:InstanceID>uuid:${uuid}</xmpMM:InstanceID>`,
    ]),
  );
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    ` <rdf:RDF xmlns:rdf="${rdf}">`,
    ...parts,
    ' </rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n');
}

/** The Info dictionary with the same values as the XMP packet. */
export function infoDict(context: PDFContext, meta: DocumentMetadata): PDFDict {
  const info = context.obj({});
  const set = (key: string, value: string | undefined): void => {
    const v = clean(value);
    if (v === undefined) return;
    // Printable ASCII without ( ) \ as a literal string (pdf-lib does not escape those); else UTF-16.
    const literal = /^[\x20-\x27\x2a-\x5b\x5d-\x7e]*$/.test(v);
    info.set(PDFName.of(key), literal ? PDFString.of(v) : PDFHexString.fromText(v));
  };
  set('Title', meta.title);
  set('Author', meta.author);
  set('Subject', meta.subject);
  set('Keywords', meta.keywords);
  set('Creator', meta.creator);
  set('Producer', meta.producer);
  const date = pdfDate(meta.date);
  info.set(PDFName.of('CreationDate'), PDFString.of(date));
  return info;
}

/** Writes Info, XMP, OutputIntent and trailer ID into the document. */
export function writeDocumentMetadata(
  context: PDFContext,
  catalog: PDFDict,
  meta: DocumentMetadata,
  pdfa: PdfaLevel | null,
): void {
  const info = infoDict(context, meta);
  info.set(PDFName.of('ModDate'), info.get(PDFName.of('CreationDate'))!);
  context.trailerInfo.Info = context.register(info);

  const xmp = context.stream(new TextEncoder().encode(xmpPacket(meta, pdfa)), {
    Type: 'Metadata',
    Subtype: 'XML',
  });
  catalog.set(PDFName.of('Metadata'), context.register(xmp));

  const icc = context.flateStream(srgbProfile(), { N: 3 });
  const intent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
    RegistryName: PDFString.of('http://www.color.org'),
    Info: PDFString.of('sRGB IEC61966-2.1'),
    DestOutputProfile: context.register(icc),
  });
  catalog.set(PDFName.of('OutputIntents'), context.obj([context.register(intent)]));

  const id = PDFHexString.of(randomBytes(16).toString('hex').toUpperCase());
  context.trailerInfo.ID = context.obj([id, id]);
}
