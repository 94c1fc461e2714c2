// A small content stream lexer, enough to see which colour operators a page uses without being fooled by
// strings, comments or inline image data (PDF 32000-1 §7.2 lexical conventions, §8.9.7 inline images).

const WHITESPACE = new Set([0, 9, 10, 12, 13, 32]);
const DELIMITERS = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)));

const isRegular = (b: number): boolean => !WHITESPACE.has(b) && !DELIMITERS.has(b);

export interface ContentColourUse {
  /** `k`/`K`, `/DeviceCMYK cs`, or an inline image in CMYK. */
  deviceCmyk: boolean;
}

function skipString(b: Uint8Array, i: number): number {
  let depth = 0;
  for (; i < b.length; i++) {
    const c = b[i]!;
    if (c === 0x5c)
      i++; // backslash escapes the next byte
    else if (c === 0x28) depth++;
    else if (c === 0x29 && --depth === 0) return i + 1;
  }
  return i;
}

/** After `ID` and one white-space byte: the data ends at an `EI` standing alone. */
function skipInlineData(b: Uint8Array, i: number): number {
  for (let j = i + 1; j + 1 < b.length; j++) {
    if (
      b[j] === 0x45 &&
      b[j + 1] === 0x49 &&
      WHITESPACE.has(b[j - 1]!) &&
      (j + 2 >= b.length || !isRegular(b[j + 2]!))
    ) {
      return j + 2;
    }
  }
  return b.length;
}

export function contentColourUse(b: Uint8Array): ContentColourUse {
  const use: ContentColourUse = { deviceCmyk: false };
  let prevName: string | undefined;
  let inInlineDict = false;
  let inlineKey: string | undefined;
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (WHITESPACE.has(c)) {
      i++;
    } else if (c === 0x25) {
      while (i < b.length && b[i] !== 10 && b[i] !== 13) i++;
    } else if (c === 0x28) {
      i = skipString(b, i);
      prevName = undefined;
    } else if (c === 0x3c && b[i + 1] !== 0x3c) {
      while (i < b.length && b[i] !== 0x3e) i++;
      i++;
      prevName = undefined;
    } else if (c === 0x2f) {
      let j = i + 1;
      while (j < b.length && isRegular(b[j]!)) j++;
      const name = Buffer.from(b.subarray(i + 1, j)).toString('latin1');
      if (inInlineDict) {
        // Keys and values alternate; a name right after a key is that key's value.
        if (inlineKey === undefined) inlineKey = name;
        else {
          if (
            (inlineKey === 'CS' || inlineKey === 'ColorSpace') &&
            (name === 'CMYK' || name === 'DeviceCMYK')
          ) {
            use.deviceCmyk = true;
          }
          inlineKey = undefined;
        }
      }
      prevName = name;
      i = j;
    } else if (!isRegular(c)) {
      i++; // [ ] { } << >>
    } else {
      let j = i;
      while (j < b.length && isRegular(b[j]!)) j++;
      const word = Buffer.from(b.subarray(i, j)).toString('latin1');
      i = j;
      if (word === 'ID') {
        inInlineDict = false;
        inlineKey = undefined;
        i = skipInlineData(b, i);
      } else if (inInlineDict || /^[+\-.\d]/.test(word)) {
        inlineKey = undefined; // a number or keyword value
      } else if (word === 'k' || word === 'K') {
        use.deviceCmyk = true;
      } else if ((word === 'cs' || word === 'CS') && prevName === 'DeviceCMYK') {
        use.deviceCmyk = true;
      } else if (word === 'BI') {
        inInlineDict = true;
      }
      prevName = undefined;
    }
  }
  return use;
}
