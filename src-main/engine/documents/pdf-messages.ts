// What pdf.js noticed while reading a file (repairs, broken fonts, dropped images) turned into warnings for the
// user. pdf.js reports these only by logging ("Warning: ..." / "Info: ..." through console.warn/info, from its
// in-process worker too); there is no callback. So the console is wrapped once, and log lines written while a
// sink is active (AsyncLocalStorage follows pdf.js's promise chains, so two documents read at once do not mix)
// go to that sink instead of the terminal.
import { AsyncLocalStorage } from 'node:async_hooks';

const PDFJS_LINE = /^(Warning|Info): /;

interface Rule {
  readonly match: RegExp;
  /** undefined drops the line. */
  readonly warning: string | undefined;
  /** Infos are pdf.js's debug level: only structural repairs among them are worth telling the user. */
  readonly infoToo?: boolean;
}

/** Raw pdf.js message → warning for the user. First match wins. */
const RULES: readonly Rule[] = [
  // Our own set-up (resource URLs, decoder fallbacks), timings and metadata: nothing about the pages.
  {
    match: /standardFontDataUrl|cMapUrl|wasmUrl|iccUrl|Falling back to JS|: time=|in Info:|XMP|[Mm]etadata/,
    warning: undefined,
    infoToo: true,
  },
  {
    match: /already parsed/,
    warning: 'the cross-reference chain of the file loops; the repeated part was skipped',
    infoToo: true,
  },
  {
    match: /Indexing all PDF objects|while reading XRef|indexObjects|XRef|startxref/,
    warning: 'the file was damaged (broken cross-reference table) and was repaired',
    infoToo: true,
  },
  {
    match: /Bad length|Missing endstream|Found ".*" when/,
    warning: 'a stream with a missing or wrong /Length was recovered',
    infoToo: true,
  },
  {
    match: /Malformed dictionary|Lexer/,
    warning: 'malformed objects in the file were skipped',
    infoToo: true,
  },
  { match: /MediaBox|CropBox/, warning: 'invalid page box (MediaBox/CropBox); a default page size was used' },
  {
    match: /Image exceeded maximum allowed size/,
    warning: 'an embedded image over the pixel limit was left out of the page',
  },
  {
    match: /Filter ".*" is not supported|[Ff]ilter/,
    warning: 'some content uses an unsupported compression filter and was left out',
  },
  {
    match: /JPEG|Jpeg|decodeScan|JPX|OpenJPEG|JBIG2|Jbig2|CCITT|[Ii]mage/,
    warning:
      'an embedded image is damaged or uses an unsupported encoding; it was drawn as far as it decodes',
  },
  {
    match: /[Ff]ont|[Gg]lyph|TT: |CFF|Type3|cmap|PathGenerator|ignoring character/,
    warning: 'some fonts are missing or damaged; text may be drawn incompletely',
  },
];

/** The warning a pdf.js log line stands for, or undefined for chatter. Unknown warnings pass through. */
export function describePdfMessage(line: string): string | undefined {
  const m = PDFJS_LINE.exec(line);
  if (!m) return undefined;
  const isInfo = m[1] === 'Info';
  const text = line.slice(m[0].length).trim();
  for (const rule of RULES) {
    if (isInfo && !rule.infoToo) continue;
    if (rule.match.test(text)) return rule.warning;
  }
  if (isInfo) return undefined;
  return `PDF reader: ${text.length > 160 ? `${text.slice(0, 157)}...` : text}`;
}

/** Collects the warnings of one document; `take()` hands over what arrived since the last call. */
export class PdfMessageSink {
  private counts = new Map<string, number>();

  add(line: string): void {
    const warning = describePdfMessage(line);
    if (warning !== undefined) this.counts.set(warning, (this.counts.get(warning) ?? 0) + 1);
  }

  /** Runs `fn` (and every pdf.js continuation it starts) with its log lines going to this sink. */
  run<T>(fn: () => T): T {
    installConsoleHook();
    return storage.run(this, fn);
  }

  take(): string[] {
    const out = [...this.counts].map(([w, n]) => (n > 1 ? `${w} (${n} times)` : w));
    this.counts = new Map();
    return out;
  }
}

const storage = new AsyncLocalStorage<PdfMessageSink>();
let installed = false;

function installConsoleHook(): void {
  if (installed) return;
  installed = true;
  for (const level of ['warn', 'info'] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]): void => {
      const first = args[0];
      if (args.length === 1 && typeof first === 'string' && PDFJS_LINE.test(first)) {
        const sink = storage.getStore();
        if (sink) return sink.add(first);
        // We raise pdf.js's level to INFOS for our documents; its infos elsewhere would be noise nobody asked for.
        if (first.startsWith('Info: ')) return;
      }
      original(...args);
    };
  }
}
