/**
 * ESC/POS command bytes, one function per command. Source: Epson "ESC/POS Application Programming Guide" and the
 * ESC/POS Command Reference (public), command pages named below.
 */

const ESC = 0x1b;
const GS = 0x1d;
const DLE = 0x10;
const EOT = 0x04;
/** LF: print the line buffer and feed one line. */
export const LF = 0x0a;

export type Alignment = 'left' | 'center' | 'right';

const byte = (n: number, what: string): number => {
  if (!Number.isInteger(n) || n < 0 || n > 255) throw new RangeError(`ESC/POS ${what}: ${n} is not a byte`);
  return n;
};

/** A 1-bit raster image: `widthBytes` bytes a row (8 dots a byte, most significant bit leftmost, 1 = black). */
export interface RasterImage {
  readonly widthBytes: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** The commands this project emits. */
export const EscPos = {
  /** ESC @: initialize the printer (clears the buffer, resets modes). */
  initialize: (): Uint8Array => Uint8Array.of(ESC, 0x40),
  /** ESC t n: select character code table n (vendor numbering; PC864 Arabic is 37 on Epson, other numbers elsewhere). */
  codePage: (n: number): Uint8Array => Uint8Array.of(ESC, 0x74, byte(n, 'code page')),
  /** ESC a n: justification, 0 left, 1 center, 2 right. */
  align: (a: Alignment): Uint8Array => Uint8Array.of(ESC, 0x61, a === 'left' ? 0 : a === 'center' ? 1 : 2),
  /** ESC E n: emphasized (bold) on or off. */
  bold: (on: boolean): Uint8Array => Uint8Array.of(ESC, 0x45, on ? 1 : 0),
  /** GS ! n: character size, width and height magnification 1–8 (high nibble width − 1, low nibble height − 1). */
  size: (width: number, height: number): Uint8Array => {
    if (![width, height].every((m) => Number.isInteger(m) && m >= 1 && m <= 8)) throw new RangeError('ESC/POS size: 1 to 8');
    return Uint8Array.of(GS, 0x21, ((width - 1) << 4) | (height - 1));
  },
  /** ESC d n: print the buffer and feed n lines. */
  feedLines: (n: number): Uint8Array => Uint8Array.of(ESC, 0x64, byte(n, 'feed')),
  /** GS V 66 n: feed to the cutting position plus n dots, then partial cut (function B). */
  cut: (feedDots = 0): Uint8Array => Uint8Array.of(GS, 0x56, 66, byte(feedDots, 'cut feed')),
  /** GS v 0 m xL xH yL yH d1…dk: print a raster bit image, normal density (m = 0). */
  raster: (image: RasterImage): Uint8Array => {
    const { widthBytes, height, data } = image;
    if (widthBytes < 1 || widthBytes > 0xffff || height < 1 || height > 0x0fff || data.length !== widthBytes * height) {
      throw new RangeError('ESC/POS raster: size does not match the data');
    }
    const head = Uint8Array.of(GS, 0x76, 0x30, 0, widthBytes & 0xff, widthBytes >> 8, height & 0xff, height >> 8);
    const out = new Uint8Array(head.length + data.length);
    out.set(head);
    out.set(data, head.length);
    return out;
  },
  /** DLE EOT n: real-time status transmission, n = 1 printer, 2 offline cause, 3 error cause, 4 paper sensor. */
  statusQuery: (n: 1 | 2 | 3 | 4): Uint8Array => Uint8Array.of(DLE, EOT, n),
} as const;
