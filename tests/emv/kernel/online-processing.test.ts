import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { issuerScriptProcessing, TAG_9F5B_ISSUER_SCRIPT_RESULTS } from '../../../emv/kernel/issuer-script-processing.ts';
import { onlineProcessing, type OnlineRequest, type OnlineResponse } from '../../../emv/kernel/online-processing.ts';
import { decodeTlv } from '../../../emv/tlv/decode-tlv.ts';
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { createFakeCard, type Exchange } from '../apdu/fake-card.ts';
import { assertEmvErrorAsync } from '../assert-emv-error.ts';
import { contextWith, tlv } from './kernel-fixtures.ts';

const test = suite('emv/kernel/online-processing');

const DATA = { '9F26': '0102030405060708', '9F27': '80', '9F36': '0007', '9F37': '11223344', '9F02': '000000002500', '5F2A': '0818', '9F34': '480302' };
const IAD91 = 'A1A2A3A4A5A6A7A83030';
const EXTERNAL_AUTHENTICATE = `008200000A${IAD91}`;

interface Row {
  readonly name: string;
  /** AIP byte 1 (04: issuer authentication supported). */
  readonly aip: string;
  readonly answer: OnlineResponse | 'unable';
  readonly script?: readonly Exchange[];
  readonly approved?: boolean;
  readonly tvr: string;
  readonly tsi: string;
  readonly arc?: string;
}

const rows: Row[] = [
  { name: 'approved (00), 91 with issuer authentication: EXTERNAL AUTHENTICATE 9000', aip: '3D00', answer: { authorisationResponseCode: '00', issuerAuthenticationData: fromHex(IAD91) }, script: [[EXTERNAL_AUTHENTICATE, '9000']], approved: true, tvr: '0000000000', tsi: '1000', arc: '3030' },
  { name: 'issuer authentication fails (6300): TVR byte 5 b7', aip: '3D00', answer: { authorisationResponseCode: '00', issuerAuthenticationData: fromHex(IAD91) }, script: [[EXTERNAL_AUTHENTICATE, '6300']], approved: true, tvr: '0000000040', tsi: '1000', arc: '3030' },
  { name: 'AIP without issuer authentication: 91 kept for CDOL2, no command', aip: '3900', answer: { authorisationResponseCode: '00', issuerAuthenticationData: fromHex(IAD91) }, approved: true, tvr: '0000000000', tsi: '0000', arc: '3030' },
  { name: 'declined (05)', aip: '3900', answer: { authorisationResponseCode: '05', issuerAuthenticationData: fromHex(IAD91) }, approved: false, tvr: '0000000000', tsi: '0000', arc: '3035' },
  { name: "the issuer's explicit verdict wins over the ARC table", aip: '3900', answer: { authorisationResponseCode: '00', approved: false }, approved: false, tvr: '0000000000', tsi: '0000', arc: '3030' },
  { name: 'approved without 91', aip: '3D00', answer: { authorisationResponseCode: '00' }, approved: true, tvr: '0000000000', tsi: '0000', arc: '3030' },
  { name: 'unable to go online', aip: '3D00', answer: 'unable', tvr: '0000000000', tsi: '0000' },
];

for (const row of rows) {
  test(row.name, async () => {
    const card = createFakeCard(row.script ?? []);
    const context = contextWith(card.trx, { ...DATA, '82': row.aip });
    const requests: OnlineRequest[] = [];
    const result = await onlineProcessing(context, {
      goOnline: async (request) => {
        requests.push(request);
        return row.answer;
      },
      pan: '8188880000000017',
      panSequenceNumber: 1,
      onlineBiometric: fromHex('BF4E00'),
    });
    card.assertDone();
    assert.is(requests.length, 1);
    assert.is(toHex(requests[0]!.onlineBiometric!), 'BF4E00');
    const sent = decodeTlv(requests[0]!.iccData).map((n) => n.tag.toString(16).toUpperCase());
    assert.equal(sent, ['9F26', '9F27', '9F37', '9F36', '95', '9F02', '5F2A', '82', '9F34'], 'ICC data in order, absent tags left out');
    if (row.answer === 'unable') assert.is(result.kind, 'unable');
    else {
      assert.is(result.kind, 'answered');
      if (result.kind === 'answered') assert.is(result.approved, row.approved);
      assert.is(toHex(context.data.get(0x8a)!), row.arc);
    }
    assert.is(toHex(context.tvr), row.tvr, 'TVR');
    assert.is(toHex(context.tsi), row.tsi, 'TSI');
  });
}

test('an ARC that is not two characters ends the transaction', async () => {
  const context = contextWith(createFakeCard([]).trx, DATA);
  await assertEmvErrorAsync(
    () => onlineProcessing(context, { goOnline: async () => ({ authorisationResponseCode: '000' }), pan: '8188880000000017', panSequenceNumber: 1 }),
    'EMV_FORMAT_INVALID',
  );
});

// Issuer scripts: 71 before, 72 after the final GENERATE AC. See EMV 4.4 Book 3, 10.10; Book 4, Annex A5.
const PUT_DATA = '04DA9F580103';
const APP_BLOCK = '8418000000';
const script = (template: string, id: string, ...commands: string[]) => tlv(template, (id ? tlv('9F18', id) : '') + commands.map((c) => tlv('86', c)).join(''));

interface ScriptRow {
  readonly name: string;
  readonly scripts: string;
  readonly template: 0x71 | 0x72;
  readonly script: readonly Exchange[];
  readonly results: string | undefined;
  readonly tvr: string;
  readonly tsi: string;
}

const scriptRows: ScriptRow[] = [
  { name: '71 with two commands, both 9000', scripts: script('71', '00000001', PUT_DATA, APP_BLOCK), template: 0x71, script: [[PUT_DATA, '9000'], [APP_BLOCK, '9000']], results: '2000000001', tvr: '0000000000', tsi: '0400' },
  { name: '71: second command 6A88 stops the script: failed at 2, TVR byte 5 b6', scripts: script('71', '00000001', PUT_DATA, APP_BLOCK, PUT_DATA), template: 0x71, script: [[PUT_DATA, '6283'], [APP_BLOCK, '6A88']], results: '1200000001', tvr: '0000000020', tsi: '0400' },
  { name: '72 is left for after: nothing sent in the 71 pass', scripts: script('72', '00000002', PUT_DATA), template: 0x71, script: [], results: undefined, tvr: '0000000000', tsi: '0000' },
  { name: '72 after the final GENERATE AC, fails: TVR byte 5 b5', scripts: script('72', '00000002', PUT_DATA) + script('71', '00000001', PUT_DATA), template: 0x72, script: [[PUT_DATA, '6985']], results: '1100000002', tvr: '0000000010', tsi: '0400' },
  { name: 'two 72 scripts, no identifier on the second (zeros)', scripts: script('72', '0000000A', PUT_DATA) + script('72', '', APP_BLOCK), template: 0x72, script: [[PUT_DATA, '9000'], [APP_BLOCK, '6300']], results: '200000000A' + '2000000000', tvr: '0000000000', tsi: '0400' },
  { name: 'a command shorter than a header fails the script without sending', scripts: script('72', '00000003', '0084'), template: 0x72, script: [], results: '1100000003', tvr: '0000000010', tsi: '0400' },
  { name: 'unparsable scripts: not sent, failed after', scripts: '72058604', template: 0x72, script: [], results: undefined, tvr: '0000000010', tsi: '0000' },
];

for (const row of scriptRows) {
  test(`issuer scripts: ${row.name}`, async () => {
    const card = createFakeCard(row.script);
    const context = contextWith(card.trx);
    await issuerScriptProcessing(context, fromHex(row.scripts), row.template);
    card.assertDone();
    const results = context.data.get(TAG_9F5B_ISSUER_SCRIPT_RESULTS);
    assert.is(results === undefined ? undefined : toHex(results), row.results, '9F5B');
    assert.is(toHex(context.tvr), row.tvr, 'TVR');
    assert.is(toHex(context.tsi), row.tsi, 'TSI');
  });
}

test('issuer scripts: 9F5B accumulates across the 71 and 72 passes', async () => {
  const scripts = fromHex(script('71', '00000001', PUT_DATA) + script('72', '00000002', APP_BLOCK));
  const card = createFakeCard([[PUT_DATA, '9000'], [APP_BLOCK, '9000']]);
  const context = contextWith(card.trx);
  await issuerScriptProcessing(context, scripts, 0x71);
  await issuerScriptProcessing(context, scripts, 0x72);
  card.assertDone();
  assert.is(toHex(context.data.get(TAG_9F5B_ISSUER_SCRIPT_RESULTS)!), '2000000001' + '2000000002');
});

test.run();
