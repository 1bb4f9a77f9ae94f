import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { randomlySelected, terminalRiskManagement } from '../../../emv/kernel/terminal-risk-management.ts';
import type { RandomSelection } from '../../../emv/kernel/terminal-config.ts';
import { toHex } from '../../../emv/tlv/hex.ts';
import { createSeededRandom } from '../../../terminal/journal/seeded-random.ts';
import { createFakeCard, type Exchange } from '../apdu/fake-card.ts';
import { contextWith, getData, tlv } from './kernel-fixtures.ts';

const test = suite('emv/kernel/terminal-risk-management');

const SELECTION: RandomSelection = { thresholdAmount: 20_000, targetPercent: 5, maxTargetPercent: 20 };
const FLOOR = 50_000;
/** A random source giving the number 1..99 the spec's draw compares with: (n - 1) / 99 maps back to n. */
const draws = (n: number) => () => (n - 1) / 99 + 1e-9;
const LIMITS = { '9F14': '03', '9F23': '05' };
const atc = (hex: string): Exchange => [getData('9F36'), tlv('9F36', hex) + '9000'];
const lastOnline = (hex: string): Exchange => [getData('9F13'), tlv('9F13', hex) + '9000'];

interface Row {
  readonly name: string;
  readonly amount: number;
  readonly drawn?: number;
  readonly card?: Record<string, string>;
  readonly script?: readonly Exchange[];
  readonly tvr: string;
}

const rows: Row[] = [
  { name: 'under the threshold, drawn 6 > 5 %: not selected', amount: 1_000, drawn: 6, tvr: '0000000000' },
  { name: 'under the threshold, drawn 5 <= 5 %: selected for online', amount: 1_000, drawn: 5, tvr: '0000001000' },
  { name: 'at the floor limit: floor limit exceeded, no random draw', amount: FLOOR, drawn: 1, tvr: '0000008000' },
  { name: 'over the floor limit', amount: 90_000, tvr: '0000008000' },
  // Biased selection: at 350.00 (half way from 200.00 to 500.00) the target is 5 + 15 / 2 = 12.5 %.
  { name: 'biased: half way to the floor limit, drawn 12 <= 12.5 %: selected', amount: 35_000, drawn: 12, tvr: '0000001000' },
  { name: 'biased: half way to the floor limit, drawn 13 > 12.5 %: not selected', amount: 35_000, drawn: 13, tvr: '0000000000' },
  {
    name: 'velocity: 2 offline since the last online, limits 3 and 5: nothing',
    amount: 1_000,
    drawn: 99,
    card: LIMITS,
    script: [atc('0012'), lastOnline('0010')],
    tvr: '0000000000',
  },
  {
    name: 'velocity: 4 offline: lower limit exceeded',
    amount: 1_000,
    drawn: 99,
    card: LIMITS,
    script: [atc('0014'), lastOnline('0010')],
    tvr: '0000004000',
  },
  {
    name: 'velocity: 6 offline: both limits exceeded',
    amount: 1_000,
    drawn: 99,
    card: LIMITS,
    script: [atc('0016'), lastOnline('0010')],
    tvr: '0000006000',
  },
  {
    name: 'velocity: last online ATC 0: new card (and 2 offline)',
    amount: 1_000,
    drawn: 99,
    card: LIMITS,
    script: [atc('0002'), lastOnline('0000')],
    tvr: '0008000000',
  },
  {
    name: 'velocity: ATC not above last online: both limits',
    amount: 1_000,
    drawn: 99,
    card: LIMITS,
    script: [atc('0010'), lastOnline('0010')],
    tvr: '0000006000',
  },
  {
    name: 'velocity: GET DATA ATC refused: both limits, no new card, no second GET DATA',
    amount: 1_000,
    drawn: 99,
    card: LIMITS,
    script: [[getData('9F36'), '6A81']],
    tvr: '0000006000',
  },
  {
    name: 'velocity: last online ATC malformed: both limits',
    amount: 1_000,
    drawn: 99,
    card: LIMITS,
    script: [atc('0012'), [getData('9F13'), '9F13030000019000']],
    tvr: '0000006000',
  },
  {
    name: 'velocity skipped without the upper limit',
    amount: 1_000,
    drawn: 99,
    card: { '9F14': '03' },
    tvr: '0000000000',
  },
];

for (const row of rows) {
  test(row.name, async () => {
    const card = createFakeCard(row.script ?? []);
    const context = contextWith(card.trx, row.card);
    await terminalRiskManagement(context, {
      amountAuthorised: row.amount,
      floorLimit: FLOOR,
      randomSelection: SELECTION,
      random: row.drawn === undefined ? () => assert.unreachable('no draw expected') as never : draws(row.drawn),
    });
    card.assertDone();
    assert.is(toHex(context.tvr), row.tvr, 'TVR');
    assert.is(toHex(context.tsi), '0800', 'TSI: terminal risk management performed');
  });
}

test('random selection with a seeded random: about the target percentages', () => {
  const random = createSeededRandom(20261122);
  const rate = (amount: number): number => {
    let selected = 0;
    for (let i = 0; i < 20_000; i++) if (randomlySelected(amount, FLOOR, SELECTION, random.next)) selected++;
    return (selected / 20_000) * 100;
  };
  const low = rate(1_000);
  const mid = rate(35_000);
  const top = rate(49_999);
  assert.ok(low > 4 && low < 6.2, `under the threshold ~5 %, got ${low}`);
  assert.ok(mid > 11 && mid < 14, `half way ~12 %, got ${mid}`);
  assert.ok(top > 18 && top < 22, `near the floor limit ~20 %, got ${top}`);
});

test('a floor limit at or below the threshold never selects above the threshold', () => {
  assert.is(randomlySelected(30_000, 20_000, SELECTION, () => 0), false);
});

test.run();
