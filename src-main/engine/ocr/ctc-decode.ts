// Greedy CTC decoding that keeps where each character fired, so words get positions along the line.

/**
 * Space-class probability between two characters from which they are taken as separate words. Measured on
 * ../shared/eval/dev.txt (greedy decoding loses the space to the blank in gaps where the space class reaches
 * 0.3–0.45): 0.1/0.2/0.3 gave FUNSD word-box recall 0.777/0.773/0.765 (0.753 without) and SROIE BoWci
 * 0.800/0.803/0.802 (0.804 without); 0.2 takes nearly all of the gain on forms and costs receipts nothing.
 */
export const SPACE_THRESHOLD = 0.2;

export interface DecodedChar {
  readonly text: string;
  readonly confidence: number;
  /** First and last time step of the character's run. */
  readonly firstStep: number;
  readonly lastStep: number;
  /**
   * Highest probability the space class reached between the previous character and this one. The recogniser
   * often sees a word space (0.3–0.45) without it winning the step against the blank.
   */
  readonly spaceBefore: number;
}

export interface DecodedWord {
  readonly text: string;
  readonly confidence: number;
  readonly chars: readonly DecodedChar[];
}

export interface DecodedLine {
  readonly text: string;
  readonly confidence: number;
  readonly words: readonly DecodedWord[];
  /** Time steps the model produced for the strip (strip width / stride). */
  readonly steps: number;
}

/**
 * Decode one sequence of class probabilities: argmax per step, merge repeats, drop blanks (class 0).
 * @param probs  steps×classes probabilities, row-major, starting at `offset`
 */
export function decodeGreedy(
  probs: Float32Array,
  offset: number,
  steps: number,
  classes: number,
  characters: readonly string[],
): DecodedChar[] {
  const chars: DecodedChar[] = [];
  const space = characters.lastIndexOf(' ');
  let prev = -1;
  let gapSpace = 0;
  let current:
    { cls: number; sum: number; count: number; first: number; last: number; spaceBefore: number } | undefined;
  const flush = (): void => {
    if (current && current.cls !== 0) {
      chars.push({
        text: characters[current.cls] ?? '',
        confidence: current.sum / current.count,
        firstStep: current.first,
        lastStep: current.last,
        spaceBefore: current.spaceBefore,
      });
    }
    current = undefined;
  };
  for (let t = 0; t < steps; t++) {
    const base = offset + t * classes;
    let best = 0;
    let bestP = probs[base]!;
    for (let c = 1; c < classes; c++) {
      const p = probs[base + c]!;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    const isLetter = best !== 0 && best !== space;
    if (best === prev && current) {
      current.last = t;
      // The peak step decides a character's confidence, as PaddleOCR's max-prob per emitted step does.
      current.sum = Math.max(current.sum, bestP);
    } else {
      flush();
      current = { cls: best, sum: bestP, count: 1, first: t, last: t, spaceBefore: gapSpace };
    }
    if (space > 0 && !isLetter) gapSpace = Math.max(gapSpace, probs[base + space]!);
    if (isLetter) gapSpace = 0;
    prev = best;
  }
  flush();
  return chars;
}

/** Han, kana, Hangul and CJK punctuation: scripts whose text is written with full-width punctuation. */
export const CJK = /[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/u;

/**
 * Full-width ASCII forms (U+FF01–U+FF5E, as in `（Hot)`, `WEIGHT：`) as plain ASCII where the line holds no CJK
 * text. The model's dictionary is Chinese-first: it reads a Latin bracket or colon as its full-width twin about
 * one time in three on the dev receipts, and then search and copy-paste of `(Hot)` fail. In a Chinese line the
 * full-width form is the right typography and stays. One character for one, so positions are kept.
 */
export function foldFullWidth(chars: readonly DecodedChar[]): readonly DecodedChar[] {
  if (!chars.some((c) => c.text >= '\uff01' && c.text <= '\uff5e')) return chars;
  if (chars.some((c) => CJK.test(c.text))) return chars;
  return chars.map((c) =>
    c.text >= '\uff01' && c.text <= '\uff5e'
      ? { ...c, text: String.fromCharCode(c.text.charCodeAt(0) - 0xfee0) }
      : c,
  );
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * A middle dot (U+00B7) between two letters or digits of a line without CJK text, as a space: on noisy scans the
 * recogniser reads a speck in the gap between words as `·` and the two words as one (`is·intended`, `to·the` on
 * the dev forms), so search finds neither. Catalan's `l·l` and dots set off by spaces (`A · B`) stay; in Chinese
 * lines `·` separates names and stays too.
 */
export function speckDotsAsSpaces(chars: readonly DecodedChar[]): readonly DecodedChar[] {
  if (!chars.some((c) => c.text === '\u00b7') || chars.some((c) => CJK.test(c.text))) return chars;
  return chars.map((c, i) => {
    if (c.text !== '\u00b7') return c;
    const before = chars[i - 1]?.text ?? '';
    const after = chars[i + 1]?.text ?? '';
    if (!WORD_CHAR.test(before) || !WORD_CHAR.test(after)) return c;
    if (before.toLowerCase() === 'l' && after.toLowerCase() === 'l') return c;
    return { ...c, text: ' ' };
  });
}

/**
 * Split characters into words at spaces, and where the space class came close to winning between two
 * characters (`spaceThreshold`); line text keeps single spaces between words.
 */
export function groupWords(
  chars: readonly DecodedChar[],
  steps: number,
  spaceThreshold = SPACE_THRESHOLD,
): DecodedLine {
  const words: DecodedWord[] = [];
  let run: DecodedChar[] = [];
  const flush = (): void => {
    if (run.length > 0) {
      words.push({
        text: run.map((c) => c.text).join(''),
        confidence: mean(run.map((c) => c.confidence)),
        chars: run,
      });
      run = [];
    }
  };
  for (const c of chars) {
    if (c.text.trim() === '') flush();
    else {
      if (c.spaceBefore >= spaceThreshold) flush();
      run.push(c);
    }
  }
  flush();
  const letters = words.flatMap((w) => w.chars);
  return {
    text: words.map((w) => w.text).join(' '),
    confidence: letters.length ? mean(letters.map((c) => c.confidence)) : 0,
    words,
    steps,
  };
}

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return xs.length ? s / xs.length : 0;
}
