/**
 * The status bytes an ESC/POS printer answers to DLE EOT n (Epson ESC/POS Command Reference, "DLE EOT"):
 * every answer has bits 1 and 4 set and bits 0 and 7 clear (0x12 when all is well), which is how a reply is
 * told apart from noise.
 */

/** DLE EOT 1 (printer): bit 3 offline. */
export const STATUS_OFFLINE = 0x08;
/** DLE EOT 2 (offline cause): bit 2 cover open, bit 5 printing stopped at paper end, bit 6 error. */
export const OFFLINE_COVER_OPEN = 0x04;
export const OFFLINE_PAPER_END = 0x20;
export const OFFLINE_ERROR = 0x40;
/** DLE EOT 4 (roll paper sensor): bits 2–3 near end, bits 5–6 paper end. */
export const PAPER_NEAR_END = 0x0c;
export const PAPER_END = 0x60;

/** The fixed bits of every status byte. */
export const STATUS_FIXED = 0x12;

/** Whether `b` has the shape of a DLE EOT reply (bits 1 and 4 set, bits 0 and 7 clear). */
export function isStatusByte(b: number): boolean {
  return (b & 0x93) === 0x12;
}
