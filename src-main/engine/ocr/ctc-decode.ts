// Greedy CTC decoding that keeps where each character fired, so words get positions along the line.

export interface DecodedChar {
  readonly text: string;
  readonly confidence: number;
  /** First and last time step of the character's run. */
  readonly firstStep: number;
  readonly lastStep: number;
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
  let prev = -1;
  let current: { cls: number; sum: number; count: number; first: number; last: number } | undefined;
  const flush = (): void => {
    if (current && current.cls !== 0) {
      chars.push({
        text: characters[current.cls] ?? '',
        confidence: current.sum / current.count,
        firstStep: current.first,
        lastStep: current.last,
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
    if (best === prev && current) {
      current.last = t;
      // The peak step decides a character's confidence, as PaddleOCR's max-prob per emitted step does.
      current.sum = Math.max(current.sum, bestP);
    } else {
      flush();
      current = { cls: best, sum: bestP, count: 1, first: t, last: t };
    }
    prev = best;
  }
  flush();
  return chars;
}

/** Split characters into words at spaces; line text keeps single spaces between words. */
export function groupWords(chars: readonly DecodedChar[], steps: number): DecodedLine {
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
    else run.push(c);
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
