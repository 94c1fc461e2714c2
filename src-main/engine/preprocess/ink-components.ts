// 8-connected components of an ink mask, found on horizontal runs (documents have a few runs per row, so this
// touches each ink pixel once and stores far less than a label image).

/** Runs and the component each belongs to; component stats are indexed by component id. */
export interface InkComponents {
  readonly runCount: number;
  readonly runY: Int32Array;
  readonly runX0: Int32Array;
  /** Exclusive end. */
  readonly runX1: Int32Array;
  /** Component id of each run, 0..count-1. */
  readonly runComponent: Int32Array;
  readonly count: number;
  readonly area: Int32Array;
  readonly x0: Int32Array;
  readonly y0: Int32Array;
  /** Exclusive ends. */
  readonly x1: Int32Array;
  readonly y1: Int32Array;
}

class IntList {
  data = new Int32Array(1 << 16);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

function find(parent: Int32Array, i: number): number {
  let r = i;
  while (parent[r]! !== r) r = parent[r]!;
  // Path compression keeps later look-ups O(1) in practice.
  while (parent[i]! !== r) {
    const next = parent[i]!;
    parent[i] = r;
    i = next;
  }
  return r;
}

export function inkComponents(mask: Uint8Array, width: number, height: number): InkComponents {
  const ys = new IntList();
  const xs0 = new IntList();
  const xs1 = new IntList();
  const parentList = new IntList();
  let prevStart = 0;
  let prevEnd = 0;
  for (let y = 0; y < height; y++) {
    const rowStart = ys.length;
    const o = y * width;
    let x = 0;
    let p = prevStart;
    while (x < width) {
      if (mask[o + x] === 0) {
        x++;
        continue;
      }
      const a = x;
      while (x < width && mask[o + x] !== 0) x++;
      const id = ys.length;
      ys.push(y);
      xs0.push(a);
      xs1.push(x);
      parentList.push(id);
      // Runs of the previous row touching [a-1, x] (8-connectivity); both rows are sorted by x.
      while (p < prevEnd && xs1.data[p]! < a) p++;
      let q = p;
      while (q < prevEnd && xs0.data[q]! <= x) {
        const parent = parentList.data;
        const ra = find(parent, id);
        const rb = find(parent, q);
        if (ra !== rb) {
          if (ra < rb) parent[rb] = ra;
          else parent[ra] = rb;
        }
        q++;
      }
      // The last touching run may also touch the next run of this row.
      if (q > p) p = q - 1;
    }
    prevStart = rowStart;
    prevEnd = ys.length;
  }

  const runCount = ys.length;
  const parent = parentList.data;
  const runComponent = new Int32Array(runCount);
  const idOfRoot = new Int32Array(runCount).fill(-1);
  let count = 0;
  for (let i = 0; i < runCount; i++) {
    const r = find(parent, i);
    if (idOfRoot[r] === -1) idOfRoot[r] = count++;
    runComponent[i] = idOfRoot[r]!;
  }
  const area = new Int32Array(count);
  const x0 = new Int32Array(count).fill(width);
  const y0 = new Int32Array(count).fill(height);
  const x1 = new Int32Array(count);
  const y1 = new Int32Array(count);
  for (let i = 0; i < runCount; i++) {
    const c = runComponent[i]!;
    const a = xs0.data[i]!;
    const b = xs1.data[i]!;
    const y = ys.data[i]!;
    area[c]! += b - a;
    if (a < x0[c]!) x0[c] = a;
    if (b > x1[c]!) x1[c] = b;
    if (y < y0[c]!) y0[c] = y;
    if (y + 1 > y1[c]!) y1[c] = y + 1;
  }
  return {
    runCount,
    runY: ys.data.subarray(0, runCount),
    runX0: xs0.data.subarray(0, runCount),
    runX1: xs1.data.subarray(0, runCount),
    runComponent,
    count,
    area,
    x0,
    y0,
    x1,
    y1,
  };
}
