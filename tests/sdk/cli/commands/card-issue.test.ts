import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { loadCard } from '../../../../card/card-image.ts';
import { GOV_CARD_BUILDERS, GOV_CARD_KIND } from '../../../../card/gov/gov-card.ts';
import type { GovError } from '../../../../card/gov/gov-error.ts';
import cardIssue from '../../../../sdk/cli/commands/card-issue.ts';
import { CliUsageError } from '../../../../sdk/cli/command.ts';
import { decodeCertificate } from '../../../../terminal/schemas/certificate.ts';
import { suite } from '../../../support/suite.ts';
import { createGovPaymentCardBuilders, KARTPAY_AID } from '../../../../card/emv-pay/index.ts';
import { paymentPanFor } from '../../../../sdk/bench/payment-card.ts';
import { createIssuerHost } from '../../../../issuer/issuer-host.ts';
import { KART_TEST_ISSUER_MASTER_KEY_AC } from '../../../../issuer/test-issuer.ts';
import { createSimFingerprintScanner } from '../../../../terminal/hal/sim/sim-fingerprint-scanner.ts';
import { createSimPinEntry } from '../../../../terminal/hal/sim/sim-pin-entry.ts';
import { Journal } from '../../../../terminal/journal/journal.ts';
import { PowerLossStorage } from '../../../../terminal/journal/power-loss-storage.ts';
import { CardPaymentJournal } from '../../../../terminal/payment/card-payment-journal.ts';
import { payByCard } from '../../../../terminal/payment/pay-by-card.ts';
import { withT0Rules } from '../../../../emv/apdu/with-t0-rules.ts';

const test = suite('sdk/cli/commands/card-issue');

let dir: string;
const write = process.stdout.write.bind(process.stdout);
let printed = '';
test.before.each(() => {
  dir = mkdtempSync(join(tmpdir(), 'kart-card-issue-'));
  printed = '';
  process.stdout.write = ((chunk: string) => ((printed += chunk), true)) as typeof process.stdout.write;
});
test.after.each(() => {
  process.stdout.write = write;
  rmSync(dir, { recursive: true, force: true });
});

const household = {
  householdId: '00000000000000ab', rationCardNumber: '77', beneficiaries: 3,
  members: [
    { nationalId: '28501011234567', nameAr: 'سيد', nameEn: 'SAYED', role: 'head', age: 40 },
    { nationalId: '31501011234568', nameAr: 'منى', nameEn: 'MONA', role: 'child', age: 9 },
  ],
};

test('writes one image per member, the TEST CA certificate and a summary without national IDs', async () => {
  const file = join(dir, 'household.json');
  writeFileSync(file, JSON.stringify(household));
  const out = join(dir, 'cards');
  assert.is(await cardIssue(['--household', file, '--out', out, '--date', '2026-03-10']), 0);
  const files = readdirSync(out).sort();
  assert.is(files.filter((f) => f.endsWith('.card')).length, 2);
  assert.ok(files.includes('test-ca.cert.cbor') && files.includes('household-00000000000000ab.json'));
  const summary = readFileSync(join(out, 'household-00000000000000ab.json'), 'utf8');
  assert.not.ok(summary.includes('28501011234567') || printed.includes('28501011234567'));
  const cards = (JSON.parse(summary) as { cards: Array<{ file: string; role: string; services: string[]; expiry: string }> }).cards;
  assert.equal(cards.map((c) => [c.role, c.services.length, c.expiry]), [['head', 4, '2029-03-09'], ['child', 2, '2029-03-09']]);
  assert.is(loadCard(readFileSync(join(out, cards[0]!.file)), GOV_CARD_BUILDERS).kind, GOV_CARD_KIND);
  assert.is(decodeCertificate(readFileSync(join(out, 'test-ca.cert.cbor'))).serial, 1);
  assert.match(printed, /TEST issuer/);
});

test('--payment: every image also carries KARTPAY; a payment on the loaded card with the member\'s finger is approved by the TEST issuer (48 03 02)', async () => {
  const file = join(dir, 'household.json');
  writeFileSync(file, JSON.stringify({ ...household, members: household.members.map((m, i) => (i === 1 ? { ...m, pin: '2468' } : m)) }));
  const out = join(dir, 'cards');
  assert.is(await cardIssue(['--household', file, '--payment', '--out', out, '--date', '2026-03-10']), 0);
  const summary = readFileSync(join(out, 'household-00000000000000ab.json'), 'utf8');
  const cards = (JSON.parse(summary) as { cards: Array<{ file: string; cardId: string; payment?: { application: string; panMasked: string; panSequenceNumber: number } }> }).cards;
  assert.is(cards.length, 2);
  for (const [i, c] of cards.entries()) {
    const pan = paymentPanFor(Buffer.from(c.cardId, 'hex'));
    assert.equal(c.payment, { application: 'KARTPAY', panMasked: `${pan.slice(0, 6)}******${pan.slice(-4)}`, panSequenceNumber: 1 });
    assert.not.ok(summary.includes(pan) || printed.includes(pan), 'the full PAN in the summary or the output');
    assert.match(printed, `KARTPAY ${c.payment!.panMasked}`);
    // The image loads with its payment application, and pays: the member's finger (KARTGOV's enrolment) on KARTPAY.
    const card = loadCard(readFileSync(join(out, c.file)), createGovPaymentCardBuilders());
    assert.is(card.kind, GOV_CARD_KIND);
    card.powerOn();
    const scanner = createSimFingerprintScanner();
    scanner.script.present({ person: household.members[i]!.nationalId, finger: 2 });
    const journal = await Journal.open({ storage: new PowerLossStorage({ seed: 1 }) });
    const issuer = createIssuerHost({ issuerMasterKey: KART_TEST_ISSUER_MASTER_KEY_AC, accounts: [{ pan, panSequenceNumber: 1, balance: 10_000 }] });
    const result = await payByCard({
      transceive: withT0Rules(async (capdu) => card.transmit(capdu)), amountPiastres: 1_500, issuer, journal: new CardPaymentJournal(journal),
      terminal: { terminalId: 0x00b4_0009, panTokenKey: new Uint8Array(32).fill(1), clock: () => Date.parse('2026-03-12T09:00:00Z') },
      devices: { scanner, pinEntry: createSimPinEntry([]) }, random: () => 0.99,
    });
    await scanner.close();
    assert.is(result.code, 'APPROVED', `${result.code}: ${result.emv.reason}`);
    assert.is(Buffer.from(result.emv.cvmResults).toString('hex'), '480302');
    assert.is(result.record?.panMasked, c.payment!.panMasked);
  }
  // The PIN is the member's own (the second member's file PIN 2468): VERIFY with it succeeds on KARTPAY.
  const child = loadCard(readFileSync(join(out, cards[1]!.file)), createGovPaymentCardBuilders());
  child.powerOn();
  // The images keep issueHousehold's default protocol, T=0: the FCI waits behind 61xx.
  assert.match(Buffer.from(child.transmit(Uint8Array.of(0x00, 0xa4, 0x04, 0x00, KARTPAY_AID.length, ...KARTPAY_AID, 0x00)).subarray(-2)).toString('hex'), /^61/);
  const verify = (pin: string) => Uint8Array.from([0x00, 0x20, 0x00, 0x80, 0x08, ...Buffer.from(`2${pin.length}${pin}`.padEnd(16, 'F'), 'hex')]);
  assert.is(Buffer.from(child.transmit(verify('2468')).subarray(-2)).toString('hex'), '9000');
});

test('without --payment the images hold no payment application (SELECT KARTPAY: 6A82)', async () => {
  const file = join(dir, 'household.json');
  writeFileSync(file, JSON.stringify(household));
  const out = join(dir, 'cards');
  assert.is(await cardIssue(['--household', file, '--out', out, '--date', '2026-03-10']), 0);
  const first = readdirSync(out).find((f) => f.endsWith('.card'))!;
  const card = loadCard(readFileSync(join(out, first)), createGovPaymentCardBuilders());
  card.powerOn();
  assert.is(Buffer.from(card.transmit(Uint8Array.of(0x00, 0xa4, 0x04, 0x00, KARTPAY_AID.length, ...KARTPAY_AID, 0x00)).subarray(-2)).toString('hex'), '6a82');
});

test('usage errors and invalid household files', async () => {
  for (const args of [[], ['--out', dir], ['--household'], ['--household', 'x', '--date', '2026-02-30'], ['--household', 'x', '--bogus', '1'], ['--payment', '--payment', '--household', 'x']]) {
    try {
      await cardIssue(args);
      assert.unreachable(args.join(' '));
    } catch (e) {
      assert.instance(e, CliUsageError, args.join(' '));
    }
  }
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ ...household, beneficiaries: 0 }));
  for (const file of [bad, join(dir, 'missing.json')]) {
    try {
      await cardIssue(['--household', file]);
      assert.unreachable(file);
    } catch (e) {
      assert.is((e as GovError).code, 'GOV_HOUSEHOLD_INVALID');
    }
  }
});

test.run();
