/**
 * Word wrapping by printed width (columns of shaped glyphs). Words longer than a line are cut; Arabic is wrapped in
 * logical order, so each piece is reordered on its own line.
 */
import { printedWidth } from './printable-text.ts';

/** Splits `text` into lines at most `width` columns wide (at least one line, possibly ''). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ').filter((w) => w.length > 0)) {
    const candidate = current ? `${current} ${word}` : word;
    if (printedWidth(candidate) <= width) {
      current = candidate;
      continue;
    }
    if (current) lines.push(current);
    current = word;
    while (printedWidth(current) > width) {
      const chars = Array.from(current);
      let cut = chars.length - 1;
      while (cut > 1 && printedWidth(chars.slice(0, cut).join('')) > width) cut--;
      lines.push(chars.slice(0, cut).join(''));
      current = chars.slice(cut).join('');
    }
  }
  lines.push(current);
  return lines;
}
