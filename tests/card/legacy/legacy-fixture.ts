/** Helpers for the legacy card suites (not a suite): a personalised old ration card, powered and selected. */
import * as assert from 'uvu/assert';
import type { CardOs } from '../../../card/card-os.ts';
import type { LegacyPersonalization } from '../../../card/legacy/legacy-ration-applet.ts';
import { createLegacyRationCard } from '../../../card/legacy/legacy-ration-card.ts';
import { LEGACY_AID } from '../../../card/legacy/legacy-layout.ts';
import { buildCommandApdu } from '../../../emv/apdu/command-apdu.ts';

export const LEGACY_HOUSEHOLD = Uint8Array.from(Buffer.from('0000000012345678', 'hex'));

export const LEGACY_PERSONALIZATION: LegacyPersonalization = {
  status: 'active', householdId: LEGACY_HOUSEHOLD, rationCardNumber: '1234567890', beneficiaries: 4, balancePiastres: 20_000,
};

export const select = (): Uint8Array => buildCommandApdu({ cla: 0, ins: 0xa4, p1: 4, p2: 0, data: LEGACY_AID, le: 256 });

export function send(card: CardOs, apdu: Uint8Array): { data: Uint8Array; sw: number } {
  const r = card.transmit(apdu);
  return { data: r.slice(0, -2), sw: (r[r.length - 2]! << 8) | r[r.length - 1]! };
}

/** A powered old card with RATION1 selected. */
export function legacyCard(overrides: Partial<LegacyPersonalization> = {}): CardOs {
  const card = createLegacyRationCard({ protocol: 'T=1', personalization: { ...LEGACY_PERSONALIZATION, ...overrides } });
  card.powerOn();
  const sw = send(card, select()).sw;
  assert.ok(sw === 0x9000 || sw === 0x6283, `SELECT ${sw.toString(16)}`);
  return card;
}
