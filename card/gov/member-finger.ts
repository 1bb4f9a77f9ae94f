/**
 * The synthetic finger of a household member, and the fingerprint reference the issuer writes on the member's card.
 * Test cards only: a national deployment enrols the real finger at the issuing office.
 *
 * The finger belongs to the person, not to the card: it is seeded from the national ID (and the finger position),
 * so a replacement card carries the same finger. The seed is the one the simulated scanners use for
 * `{ person: nationalId, finger: position }` (`terminal/hal/sim/synthetic-finger-capture.ts`), so a test bench
 * that presents that person's finger on any simulated scanner (sim, HID, R30x) presents the card's finger.
 * The card may not import the terminal's simulators, hence the seed function repeated here; the card/gov
 * member-finger suite proves the two agree.
 */
import {
  DIFFICULTY_LEVELS, encodeCompactCard, generateImpression, generateSyntheticFinger, toCompactMinutiae,
  type SyntheticFinger,
} from '../../terminal/biometrics/index.ts';

/** The finger enrolled on test cards: ISO/IEC 19794-2 finger position 2, the right index finger. */
export const ENROLLED_FINGER_POSITION = 2;

/** Who a finger belongs to: a household member, an issued card, or a national ID. */
export type FingerOwner = string | { readonly nationalId: string };

/** FNV-1a over the parts joined by NUL: the same 32-bit seed as the simulated scanners' `seedOf`. */
function seedOf(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0000')) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const personOf = (owner: FingerOwner): string => (typeof owner === 'string' ? owner : owner.nationalId);

/**
 * The synthetic finger of `owner` at `position` (default the right index): the finger a test bench presents,
 * with `generateImpression(fingerOf(m), DIFFICULTY_LEVELS.medium, seed)` or a simulated scanner's
 * `{ person: m.nationalId, finger: 2 }`.
 */
export function fingerOf(owner: FingerOwner, position = ENROLLED_FINGER_POSITION): SyntheticFinger {
  return generateSyntheticFinger(seedOf('finger', personOf(owner), position));
}

/**
 * The reference written on the card: one enrolment impression of the finger (easy level: a supervised enrolment,
 * the finger placed with care), in the ISO/IEC 19794-2 compact card format.
 * @remarks See ISO/IEC 19794-2:2005, card format, compact size; ISO/IEC 7816-11:2017 (reference data on card).
 */
export function enrolmentReference(owner: FingerOwner, position = ENROLLED_FINGER_POSITION): Uint8Array {
  const person = personOf(owner);
  const { record } = generateImpression(fingerOf(person, position), DIFFICULTY_LEVELS.easy, seedOf('enrolment', person, position));
  return encodeCompactCard(toCompactMinutiae(record));
}
