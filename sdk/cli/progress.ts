/** A one-line progress bar for long runs; silent when the stream is not a terminal, except for rare updates. */
export interface ProgressBar {
  update(label: string, done: number, total: number): void;
  clear(): void;
}

export function progressBar(stream: NodeJS.WriteStream, width = 30): ProgressBar {
  let shown = false;
  let lastPercent = -1;
  return {
    update(label, done, total) {
      const ratio = total > 0 ? Math.min(1, done / total) : 0;
      const percent = Math.floor(ratio * 100);
      if (!stream.isTTY) {
        // Not a terminal (CI logs): a line every 25 %, so long runs still show that they move.
        if (percent >= lastPercent + 25 || (percent === 100 && lastPercent !== 100)) {
          lastPercent = percent;
          stream.write(`  ${label}: ${percent}% (${done}/${total})\n`);
        }
        return;
      }
      if (percent === lastPercent && done !== total) return;
      lastPercent = percent;
      const filled = Math.round(ratio * width);
      stream.write(`\r  ${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent}% (${done}/${total})`);
      shown = true;
    },
    clear() {
      if (shown && stream.isTTY) stream.write('\r\u001b[2K');
      shown = false;
      lastPercent = -1;
    },
  };
}
