/**
 * ODA per method against a real KARTPAY personalisation (TEST-ONLY Kart CA, issuer and ICC keys): the records
 * and certificates the card applet would return, the INTERNAL AUTHENTICATE answer signed with its ICC key.
 */
import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { offlineDataAuthentication, type OdaMethod } from '../../../emv/kernel/offline-data-authentication.ts';
import type { OdaRecord } from '../../../emv/kernel/read-application-data.ts';
import { KART_TEST_CA, KART_TEST_RID, signDynamicApplicationData, type CaPublicKey } from '../../../emv/oda/index.ts';
import { decodeTlv } from '../../../emv/tlv/decode-tlv.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { createFakeCard, type Exchange } from '../apdu/fake-card.ts';
import { paymentPersonalization, testIccKey } from '../../card/emv-pay/payment-fixture.ts';
import { contextWith, tlv } from './kernel-fixtures.ts';

const test = suite('emv/kernel/offline-data-authentication');

const UN = '11223344';
const IDN = '0102030405060708';
const p = paymentPersonalization();

/** The card's data objects as READ RECORD gives them, plus the AIP and the terminal's UN. */
function cardData(change: Record<string, string | undefined> = {}): Record<string, string> {
  const data: Record<string, string> = { '82': toHex(p.aip), '9F37': UN };
  for (const record of p.records) {
    for (const node of decodeTlv(record.body)[0]!.children ?? []) data[node.tag.toString(16).toUpperCase()] = toHex(node.value);
  }
  for (const [tag, value] of Object.entries(change)) {
    if (value === undefined) delete data[tag];
    else data[tag] = value;
  }
  return data;
}

const odaRecords: OdaRecord[] = p.records.filter((r) => r.sfi === 1).map((r) => ({ sfi: r.sfi, body: r.body }));
const signedDynamic = (terminalData: string): string =>
  toHex(signDynamicApplicationData(testIccKey(), fromHex('08' + IDN), fromHex(terminalData)));
const internalAuthenticate: Exchange = [`0088000004${UN}00`, tlv('77', tlv('9F4B', signedDynamic(UN))) + '9000'];
const flip = (hex: string, at = 10): string => hex.slice(0, at) + ((parseInt(hex.slice(at, at + 2), 16) ^ 0x01).toString(16).padStart(2, '0').toUpperCase()) + hex.slice(at + 2);

interface Row {
  readonly name: string;
  /** Terminal Capabilities byte 3: 80 SDA, 40 DDA, 08 CDA. */
  readonly terminal: string;
  readonly change?: Record<string, string | undefined>;
  readonly caKeys?: readonly CaPublicKey[];
  readonly records?: readonly OdaRecord[];
  readonly script?: readonly Exchange[];
  readonly method: OdaMethod;
  readonly ok: boolean;
  readonly tvr: string;
  readonly tsi: string;
  readonly key?: boolean;
}

const rows: Row[] = [
  { name: 'SDA passes', terminal: '80', method: 'SDA', ok: true, tvr: '0200000000', tsi: '8000' },
  { name: 'SDA: signed static data altered: SDA failed', terminal: '80', change: { '93': flip(cardData()['93']!) }, method: 'SDA', ok: false, tvr: '4200000000', tsi: '8000' },
  { name: 'SDA: a signed record altered (static data differs): SDA failed', terminal: '80', records: [{ sfi: 1, body: fromHex(flip(toHex(odaRecords[0]!.body), 12)) }, ...odaRecords.slice(1)], method: 'SDA', ok: false, tvr: '4200000000', tsi: '8000' },
  { name: 'SDA: CA key not in the terminal: SDA failed, data not missing', terminal: '80', caKeys: [], method: 'SDA', ok: false, tvr: '4200000000', tsi: '8000' },
  { name: 'SDA: no 93 on the card: SDA failed and ICC data missing', terminal: '80', change: { '93': undefined }, method: 'SDA', ok: false, tvr: '6200000000', tsi: '8000' },
  { name: 'SDA: 9F4A lists more than the AIP: SDA failed', terminal: '80', change: { '9F4A': '825A' }, method: 'SDA', ok: false, tvr: '4200000000', tsi: '8000' },
  { name: 'DDA passes, ICC key recovered, 9F4C stored', terminal: '40', script: [internalAuthenticate], method: 'DDA', ok: true, tvr: '0000000000', tsi: '8000', key: true },
  {
    name: 'DDA: format 1 answer (80) also verifies',
    terminal: '40',
    script: [[`0088000004${UN}00`, tlv('80', signedDynamic(UN)) + '9000']],
    method: 'DDA',
    ok: true,
    tvr: '0000000000',
    tsi: '8000',
    key: true,
  },
  { name: 'DDA: signature over other data: DDA failed', terminal: '40', script: [[`0088000004${UN}00`, tlv('77', tlv('9F4B', signedDynamic('99999999'))) + '9000']], method: 'DDA', ok: false, tvr: '0800000000', tsi: '8000' },
  { name: 'DDA: INTERNAL AUTHENTICATE 6985: DDA failed', terminal: '40', script: [[`0088000004${UN}00`, '6985']], method: 'DDA', ok: false, tvr: '0800000000', tsi: '8000' },
  { name: 'DDA: malformed answer: DDA failed', terminal: '40', script: [[`0088000004${UN}00`, '7703010203' + '9000']], method: 'DDA', ok: false, tvr: '0800000000', tsi: '8000' },
  { name: 'DDA: no ICC certificate: DDA failed and ICC data missing, no command', terminal: '40', change: { '9F46': undefined }, method: 'DDA', ok: false, tvr: '2800000000', tsi: '8000' },
  { name: 'DDA: card without DDOL uses the default (9F37 04)', terminal: '40', change: { '9F49': undefined }, script: [internalAuthenticate], method: 'DDA', ok: true, tvr: '0000000000', tsi: '8000', key: true },
  { name: 'DDA: a DDOL without the UN: DDA failed, no command', terminal: '40', change: { '9F49': '9F0206' }, method: 'DDA', ok: false, tvr: '0800000000', tsi: '8000' },
  { name: 'CDA chosen over DDA and SDA: keys recovered, CDA requested', terminal: 'C8', method: 'CDA', ok: true, tvr: '0000000000', tsi: '8000', key: true },
  { name: 'CDA: ICC certificate altered: CDA failed, not requested', terminal: 'C8', change: { '9F46': flip(cardData()['9F46']!) }, method: 'CDA', ok: false, tvr: '0400000000', tsi: '8000' },
  { name: 'card says only SDA (AIP 40): SDA chosen on a CDA terminal (and fails: the card signed its real AIP)', terminal: 'C8', change: { '82': '4000', '9F4A': undefined }, method: 'SDA', ok: false, tvr: '4200000000', tsi: '8000' },
  { name: 'no common method: ODA not performed, TSI clear', terminal: '00', method: 'none', ok: false, tvr: '8000000000', tsi: '0000' },
];

for (const row of rows) {
  test(row.name, async () => {
    const card = createFakeCard(row.script ?? []);
    const context = contextWith(card.trx, cardData(row.change));
    const result = await offlineDataAuthentication(context, {
      caKeys: row.caKeys ?? [KART_TEST_CA.publicKey],
      rid: KART_TEST_RID,
      odaRecords: row.records ?? odaRecords,
      terminalCapabilities: fromHex('20AE' + row.terminal),
      defaultDdol: fromHex('9F3704'),
      today: { year: 2026, month: 11 },
    });
    card.assertDone();
    assert.is(result.method, row.method);
    assert.is(result.ok, row.ok, context.steps.join('; '));
    assert.is(toHex(context.tvr), row.tvr, 'TVR');
    assert.is(toHex(context.tsi), row.tsi, 'TSI');
    assert.is(result.cdaRequested, row.method === 'CDA' && row.ok);
    assert.is(result.iccPublicKey !== undefined, row.key ?? false, 'ICC key');
    if (row.key) assert.is(toHex(result.iccPublicKey!.modulus), toHex(testIccKey().publicKey.modulus));
    if (row.method === 'DDA' && row.ok) assert.is(toHex(context.data.get(0x9f4c)!), IDN);
    if (row.method === 'SDA' && row.ok) assert.ok(context.data.get(0x9f45), 'Data Authentication Code stored');
  });
}

test('an expired issuer certificate (transaction long after): SDA failed', async () => {
  const context = contextWith(createFakeCard([]).trx, cardData());
  const result = await offlineDataAuthentication(context, {
    caKeys: [KART_TEST_CA.publicKey],
    rid: KART_TEST_RID,
    odaRecords,
    terminalCapabilities: fromHex('20AE80'),
    defaultDdol: fromHex('9F3704'),
    today: { year: 2099, month: 1 },
  });
  assert.is(result.ok, false);
  assert.is(toHex(context.tvr), '4200000000');
});

test.run();
