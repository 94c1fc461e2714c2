// XML text for the exporters: escaping, and removal of what XML 1.0 cannot carry at all (control characters,
// lone surrogates, U+FFFE/U+FFFF) — OCR of noisy scans does produce them, and one makes the whole file unreadable.

// XML 1.0 §2.2 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. With the `u` flag
// a lone surrogate is one code point in D800-DFFF, outside every range, so it is stripped too.
const INVALID_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** The text with every character that XML 1.0 forbids removed. */
export function stripInvalidXmlChars(s: string): string {
  return s.replace(INVALID_XML_CHARS, '');
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // Attribute values normalise raw whitespace to spaces on reading; character references survive.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Safe inside element content and inside single- or double-quoted attribute values. */
export function xmlEscape(s: string): string {
  return stripInvalidXmlChars(s).replace(/[&<>"'\t\n\r]/g, (c) => ESCAPES[c] ?? c);
}

/** A number for a coordinate attribute: integers as integers, otherwise at most two decimals. */
export function xmlNumber(n: number): string {
  if (!Number.isFinite(n)) return '0';
  const r = Math.round(n * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

/** `name="value"` pairs for the defined entries, in the given order. */
export function xmlAttrs(attrs: Record<string, string | number | undefined>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined) continue;
    parts.push(`${k}="${typeof v === 'number' ? xmlNumber(v) : xmlEscape(v)}"`);
  }
  return parts.join(' ');
}

/** The tag when it is a well-formed xsd:language / BCP 47 shape (`en`, `zh-Hans`), else undefined. */
export function xmlLanguage(tag: string | undefined): string | undefined {
  return tag !== undefined && /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/.test(tag) ? tag : undefined;
}
