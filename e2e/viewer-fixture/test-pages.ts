// Scans for the viewer's tests, made here: black text on white paper at a given size, and a dense 300 dpi A4
// page of about 500 words for the frame-rate measurement.
import sharp from 'sharp';

const WORDS = (
  'account address agreement amount annual balance board budget business capital central client company ' +
  'contract cost credit customer date delivery department design director district east energy estimate ' +
  'export federal field final figure general group growth health history income index interest invoice ' +
  'island journal labour letter market meeting member method month national network north notice office ' +
  'order owner paper payment period plan policy power price process product project quarter rate record ' +
  'region report result revenue river road safety salary sample school season service share south staff ' +
  'station statement supply system table target tax total trade transfer travel union value volume water ' +
  'week west winter within world year'
).split(' ');

/** Deterministic words (a small LCG), so every run OCRs the same page. */
function wordStream(seed: number): () => string {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const w = WORDS[s % WORDS.length]!;
    // Every ninth word a number, as on forms and invoices.
    return s % 9 === 0 ? String((s >>> 8) % 10000) : w;
  };
}

function escapeMarkup(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `lines` as black text on a white page of `width`×`height` pixels, top-left of the text at `margin`. */
export async function paperPage(
  lines: readonly string[],
  opts: { width?: number; height?: number; margin?: number; font?: string; dpi?: number } = {},
): Promise<Buffer> {
  // libvips renders text white on black; negated, it is ink on paper.
  const ink = await sharp({
    text: {
      text: escapeMarkup(lines.join('\n')),
      font: opts.font ?? 'DejaVu Sans 12',
      dpi: opts.dpi ?? 200,
      spacing: 0,
    },
  })
    .negate()
    .png()
    .toBuffer();
  const meta = await sharp(ink).metadata();
  const margin = opts.margin ?? 80;
  const width = opts.width ?? (meta.width ?? 0) + 2 * margin;
  const height = opts.height ?? (meta.height ?? 0) + 2 * margin;
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite([{ input: ink, left: margin, top: margin }])
    .png()
    .toBuffer();
}

/** A 300 dpi A4 page (2480×3508) with `lineCount` lines of `perLine` words: about 500 words by default. */
export function densePage(lineCount = 46, perLine = 11): Promise<Buffer> {
  const next = wordStream(4711);
  const lines = Array.from({ length: lineCount }, () => Array.from({ length: perLine }, next).join(' '));
  return paperPage(lines, { width: 2480, height: 3508, margin: 200, font: 'DejaVu Sans 10', dpi: 300 });
}

/**
 * Four lines of a short report; the last one smudged (blurred) so the engine is unsure of some of its words,
 * which gives "next word to review" something to find.
 */
export async function reportPage(): Promise<Buffer> {
  const clean = await paperPage(
    ['Quarterly report for the board', 'Revenue grew in every region', 'Costs stayed within the plan'],
    { margin: 60 },
  );
  const smudged = await sharp(await paperPage(['Next meeting in March'], { margin: 60 }))
    .blur(5.5)
    .png()
    .toBuffer();
  const a = await sharp(clean).metadata();
  const b = await sharp(smudged).metadata();
  return sharp({
    create: {
      width: Math.max(a.width ?? 0, b.width ?? 0),
      height: (a.height ?? 0) + (b.height ?? 0),
      channels: 3,
      background: '#ffffff',
    },
  })
    .composite([
      { input: clean, left: 0, top: 0 },
      { input: smudged, left: 0, top: a.height ?? 0 },
    ])
    .png()
    .toBuffer();
}
