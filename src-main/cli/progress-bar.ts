// A one-line progress bar on stderr; plain lines when stderr is not a terminal (logs, CI).
export class ProgressBar {
  private lastLine = '';
  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly enabled = true,
  ) {}

  update(done: number, total: number, label: string): void {
    if (!this.enabled) return;
    const pct = total > 0 ? Math.floor((100 * done) / total) : 0;
    if (this.stream.isTTY) {
      const width = 24;
      const filled = Math.round((width * pct) / 100);
      const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
      const line = `[${bar}] ${String(pct).padStart(3)}% ${done}/${total} ${label}`;
      const cols = this.stream.columns || 100;
      this.stream.write(`\r${line.slice(0, cols - 1).padEnd(Math.min(this.lastLine.length, cols - 1))}`);
      this.lastLine = line;
    } else {
      this.stream.write(`${done}/${total} ${pct}% ${label}\n`);
    }
  }

  done(): void {
    if (this.enabled && this.stream.isTTY && this.lastLine) this.stream.write('\n');
    this.lastLine = '';
  }
}
