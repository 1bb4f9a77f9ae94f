/**
 * Helpers for the terminal/biometrics-verify suites (not a suite): a household of KARTGOV cards issued with their
 * members' synthetic fingers, one card in the in-process sim reader with an open card session (KARTGOV selected),
 * and a driver of the cardholder verification state machine (`terminal/auth/cardholder-verification.ts`) that
 * takes fingerprints from a verifier and PINs from a list, sending VERIFY PIN to the card.
 */
import * as assert from 'uvu/assert';
import { loadCard } from '../../../card/card-image.ts';
import { GOV_CARD_BUILDERS } from '../../../card/gov/gov-card.ts';
import { issueHousehold, type IssuedCard } from '../../../card/gov/issue-household.ts';
import { createTestIssuer, type CardIssuer } from '../../../card/gov/test-issuer.ts';
import { isoDay } from '../../../terminal/auth/calendar.ts';
import {
  startVerification, verificationStep, type VerificationEvent, type VerificationState,
} from '../../../terminal/auth/cardholder-verification.ts';
import { DEFAULT_PARAMETERS, type VerificationParameters } from '../../../terminal/auth/parameters.ts';
import { openCardSession, type CardSession } from '../../../terminal/card-session.ts';
import type { FingerprintVerifier } from '../../../terminal/hal/fingerprint-verifier.ts';
import { PinBlock } from '../../../terminal/hal/pin-block.ts';
import { createSimCardReader, type SimCardReader } from '../../../terminal/hal/sim/sim-card-reader.ts';

export const ISSUE_DAY = isoDay('2026-03-10');
/** KARTGOV's AID. See card/gov/COMMANDS.md, SELECT. */
const SELECT_GOV = Uint8Array.of(0x00, 0xa4, 0x04, 0x00, 0x08, 0xf0, 0x4b, 0x41, 0x52, 0x54, 0x47, 0x4f, 0x56, 0x00);
/** A national ID that is no member of the household: a stranger's finger. */
export const STRANGER = '29912311234569';

let issuer: CardIssuer | undefined;
let issued = 0;

/** Issues a two-member household (head PIN 1234, spouse PIN 1234) with the members' enrolled synthetic fingers. */
export function household(): IssuedCard[] {
  const n = ++issued;
  return issueHousehold(
    {
      householdId: Uint8Array.of(0x48, 0, 0, 0, 0, 0x0b, 0, n), rationCardNumber: `20000${n}`, beneficiaries: 3, activations: {},
      members: [
        { nationalId: `2850101${String(n).padStart(5, '0')}11`, nameAr: 'رب الأسرة', nameEn: `HEAD ${n}`, role: 'head', age: 45 },
        { nationalId: `2880202${String(n).padStart(5, '0')}22`, nameAr: 'الزوجة', nameEn: `SPOUSE ${n}`, role: 'spouse', age: 41 },
      ],
    },
    { issuer: (issuer ??= createTestIssuer()), issuedOn: ISSUE_DAY },
  );
}

/** A card in the sim reader, connected, KARTGOV selected: a fresh card from the issued image (all tries left). */
export interface CardAtCounter {
  readonly reader: SimCardReader;
  readonly session: CardSession;
  close(): Promise<void>;
}

export async function cardAtCounter(card: IssuedCard, protocols?: readonly ('T0' | 'T1')[]): Promise<CardAtCounter> {
  const reader = createSimCardReader({ readers: ['Counter 0'] });
  reader.insertCard('Counter 0', loadCard(card.image, GOV_CARD_BUILDERS));
  const session = openCardSession(await reader.connect('Counter 0', protocols ? { protocols } : {}));
  const selected = await session.transceive(SELECT_GOV);
  assert.is(swOf(selected), 0x9000, 'SELECT KARTGOV');
  return { reader, session, close: async () => { await session.close('unpower'); await reader.close(); } };
}

export const swOf = (rapdu: Uint8Array): number => (rapdu[rapdu.length - 2]! << 8) | rapdu[rapdu.length - 1]!;

/** VERIFY (PIN) with a plaintext PIN block. See card/gov/COMMANDS.md. */
export async function verifyPin(session: CardSession, digits: string): Promise<number> {
  const block = PinBlock.fromDigits(digits).bytes();
  return swOf(await session.transceive(Uint8Array.of(0x00, 0x20, 0x00, 0x80, block.length, ...block)));
}

/** DF18, the card's biometric tries left. */
export async function biometricTriesLeft(session: CardSession): Promise<number> {
  const r = await session.transceive(Uint8Array.of(0x80, 0xca, 0xdf, 0x18, 0x00));
  assert.is(swOf(r), 0x9000);
  return r[r.length - 3]!;
}

/**
 * Runs the verification state machine with `verifier` matching on the card and `pins` typed in order, up to the
 * PIN step's end (the supervised path is not driven here: it stops at `supervisor-card`).
 */
export async function runVerification(
  session: CardSession, verifier: FingerprintVerifier, pins: readonly string[], policy: VerificationParameters = DEFAULT_PARAMETERS.verification,
): Promise<{ state: VerificationState; events: VerificationEvent[] }> {
  const ctx = { policy, cashierCardId: Uint8Array.of(0x53, 0, 0, 0, 0, 0, 0, 9), supervisedToday: 0 };
  const queue = [...pins];
  const events: VerificationEvent[] = [];
  let state = startVerification();
  while (state.step === 'fingerprint' || state.step === 'pin') {
    let input;
    if (state.step === 'fingerprint') {
      input = { type: 'fingerprint', outcome: (await verifier.verify({ kind: 'card' }, { timeoutMs: 2_000 })).outcome } as const;
    } else {
      const pin = queue.shift();
      assert.ok(pin !== undefined, 'the flow asked for one PIN more than the test gave');
      const sw = await verifyPin(session, pin);
      input = { type: 'pin', outcome: sw === 0x9000 ? 'correct' : sw === 0x6983 ? 'blocked' : 'wrong' } as const;
    }
    const step = verificationStep(state, input, ctx);
    events.push(...step.events);
    state = step.state;
  }
  return { state, events };
}

/** Events as `TYPE#attempt:outcome` strings. */
export const eventLines = (events: readonly VerificationEvent[]): string[] =>
  events.map((e) => `${e.type}${e.attempt ? `#${e.attempt}` : ''}${e.outcome ? `:${e.outcome}` : ''}`);
