import * as assert from 'uvu/assert';
import type { Transceiver } from '../../../emv/transceiver.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';

/** One expected exchange: the exact C-APDU (hex) and the R-APDU (hex) the card answers. */
export type Exchange = readonly [command: string, response: string];

/**
 * A fake card that plays a fixed script: any command other than the next expected one rejects with a plain
 * Error (so an `EmvError` assertion on it fails), and `assertDone()` fails if any exchange was left unsent.
 */
export function createFakeCard(script: readonly Exchange[]): { trx: Transceiver; sent: string[]; assertDone(): void } {
  const sent: string[] = [];
  const trx: Transceiver = async (capdu) => {
    const got = toHex(capdu);
    const step = script[sent.length];
    sent.push(got);
    if (!step) throw new Error(`fake card: unexpected extra command ${got}`);
    const expected = step[0].replace(/\s/g, '').toUpperCase();
    if (got !== expected) throw new Error(`fake card: step ${sent.length}: expected ${expected}, got ${got}`);
    return fromHex(step[1]);
  };
  return {
    trx,
    sent,
    assertDone: () => assert.is(sent.length, script.length, `${script.length - sent.length} scripted command(s) unsent`),
  };
}
