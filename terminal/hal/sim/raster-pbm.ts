/**
 * A printed raster image as a PBM file (Netpbm P4, binary): the format packs rows of 1-bit pixels most significant
 * bit first with 1 = black, exactly as ESC/POS GS v 0 does, so the dot data goes in unchanged.
 */
import type { RasterImage } from '../../print/escpos/escpos-commands.ts';

/** The image as PBM bytes (viewable with any Netpbm-aware tool, convertible to PNG). */
export function rasterToPbm(image: RasterImage): Uint8Array {
  const head = new TextEncoder().encode(`P4\n${image.widthBytes * 8} ${image.height}\n`);
  const out = new Uint8Array(head.length + image.data.length);
  out.set(head);
  out.set(image.data, head.length);
  return out;
}
