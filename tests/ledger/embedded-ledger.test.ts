import * as assert from 'uvu/assert';
import { suite } from '../support/suite.ts';
import { parseHouseholdDescription } from '../../card/gov/household-description.ts';
import { issueHousehold } from '../../card/gov/issue-household.ts';
import { HalError } from '../../terminal/hal/errors.ts';
import { HttpUplink } from '../../terminal/hal/http/http-uplink.ts';
import { decodeCertificate } from '../../terminal/schemas/certificate.ts';
import { SyncEngine } from '../../terminal/sync/sync-engine.ts';
import type { BatchAck } from '../../terminal/sync/batch-ack.ts';
import { startEmbeddedLedger, type EmbeddedLedger } from '../../ledger/embedded-ledger.ts';
import { LedgerError } from '../../ledger/ledger-error.ts';
import { DAY, testCard, testTerminal } from './ledger-fixtures.ts';

const test = suite('ledger/embedded-ledger', { timeoutMs: 60_000 });
const ctx = {} as { embedded: EmbeddedLedger };

test.before(async () => {
  ctx.embedded = await startEmbeddedLedger({ now: () => (DAY + 1) * 86_400_000 });
});
test.after(() => ctx.embedded?.close());

const household = parseHouseholdDescription({
  householdId: '00000000000e0b01', rationCardNumber: '2025031501', beneficiaries: 3,
  members: [
    { nationalId: '28501011234567', nameAr: 'سيد حسن', nameEn: 'SAYED HASSAN', role: 'head', age: 41 },
    { nationalId: '28803051234561', nameAr: 'أمل سيد', nameEn: 'AMAL SAYED', role: 'spouse', age: 38 },
  ],
});

test('serves on a loopback port with its own key, and registers a household issued by the TEST issuer', async () => {
  const { embedded } = ctx;
  assert.match(embedded.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.is(embedded.publicKey.length, 91, 'a P-256 SPKI');
  const cards = issueHousehold(household, { issuedOn: DAY });
  await embedded.registerHousehold(household, cards);
  const rows = await embedded.ledger.store.query(
    'SELECT c.card_id, h.beneficiaries FROM cards c JOIN households h USING (household_id) WHERE household_id = $1 ORDER BY c.card_id',
    ['00000000000e0b01'],
  );
  assert.equal(rows.map((r) => String(r['card_id'])).sort(), cards.map((c) => Buffer.from(c.cardId).toString('hex')).sort());
  assert.equal(rows.map((r) => Number(r['beneficiaries'])), [3, 3]);
  const clock = await new HttpUplink({ baseUrl: embedded.url }).download('clock', 0);
  assert.ok(clock.length > 64, 'a signed clock over HTTP');
});

test('a terminal enrolled with its key syncs to it; acknowledgements say durable = false, so nothing is deleted', async () => {
  const { embedded } = ctx;
  const t = await testTerminal(9_300);
  await embedded.enrolTerminal(t.terminalId, await t.keys.publicKey());
  const card = testCard(9300, 9300);
  await embedded.registerCard(decodeCertificate(card.cardBytes));
  for (let i = 0; i < 4; i++) await t.sell(card, 2);
  const acks: BatchAck[] = [];
  const engine = new SyncEngine({
    journal: t.journal, keys: t.keys, uplink: new HttpUplink({ baseUrl: embedded.url }), terminalId: t.terminalId,
    ledgerPublicKey: embedded.publicKey, versions: () => ({ blocklistVersion: 1, parameterVersion: 1 }), maxRecords: 3,
    onEvent: (e) => void (e.kind === 'ack' && acks.push(e.ack)),
  });
  assert.is(await engine.syncOnce(), 2);
  assert.equal(acks.map((a) => [a.status, a.storedUpToSeq, a.durable]), [['accepted', 3, false], ['accepted', 4, false]]);
  assert.is(t.journal.state.durableAckedSeq, 0);
  const rec = await embedded.ledger.reconciliation(t.terminalId, DAY);
  assert.equal(rec.totals, [{ service: 1, type: 0, count: 4, amount: 8 }]);
});

test('refuses a card whose certificate is not from its issuer, a second enrolment with the same key is harmless, with another key refused', async () => {
  const { embedded } = ctx;
  const card = testCard(9301, 9301);
  const forged = card.cardBytes.slice();
  forged[forged.length - 5]! ^= 0x01; // inside the issuer's signature
  const refused = await embedded.registerCard(forged).catch((e: unknown) => e);
  assert.instance(refused, LedgerError);
  assert.is((refused as LedgerError).code, 'LEDGER_BAD_REQUEST');
  const t = await testTerminal(9_301);
  await embedded.enrolTerminal(t.terminalId, await t.keys.publicKey());
  // The same key again (a restarted terminal): accepted, nothing changes. Another key: refused.
  assert.is(await embedded.enrolTerminal(t.terminalId, await t.keys.publicKey()), undefined);
  const other = await testTerminal(9_302);
  const again = await embedded.enrolTerminal(t.terminalId, await other.keys.publicKey()).catch((e: unknown) => e);
  assert.instance(again, LedgerError);
  assert.is((again as LedgerError).code, 'LEDGER_TERMINAL_EXISTS');
});

test('after close the port is gone (HAL_NETWORK) and closing again is harmless', async () => {
  const other = await startEmbeddedLedger();
  const uplink = new HttpUplink({ baseUrl: other.url, timeoutMs: 2000 });
  await other.close();
  await other.close();
  const error = await uplink.download('clock', 0).catch((e: unknown) => e);
  assert.instance(error, HalError);
  assert.is((error as HalError).code, 'HAL_NETWORK');
});

test.run();
