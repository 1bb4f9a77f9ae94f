import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { claForChannel, describeCla, describeCommand } from '../../../emv/apdu/describe-command.ts';
import { fromHex } from '../../../emv/tlv/hex.ts';

const test = suite('emv/apdu/describe-command');

const table: [string, string][] = [
  ['00A4040007A000000003101000', 'SELECT'],
  ['00B2010C00', 'READ RECORD'],
  ['00B0000000', 'READ BINARY'],
  ['80A8000002830000', 'GET PROCESSING OPTIONS'],
  ['80AE80001D00', 'GENERATE AC'],
  ['0020008008241234FFFFFFFFFF', 'VERIFY'],
  ['80CA9F3600', 'GET DATA'],
  ['0084000000', 'GET CHALLENGE'],
  ['008800000412345678', 'INTERNAL AUTHENTICATE'],
  ['0082000008', 'EXTERNAL AUTHENTICATE'],
  ['00C0000010', 'GET RESPONSE'],
  ['0070000001', 'MANAGE CHANNEL'],
  ['8C24000108', 'PIN CHANGE/UNBLOCK'],
  ['8424000000', 'PIN CHANGE/UNBLOCK'],
  ['0024000108', 'CHANGE REFERENCE DATA'],
  ['841E000000', 'APPLICATION BLOCK'],
  ['8418000000', 'APPLICATION UNBLOCK'],
  ['8416000000', 'CARD BLOCK'],
  ['04DA9F5801', 'PUT DATA'],
  ['04DC010C', 'UPDATE RECORD'],
  ['00E2000C', 'APPEND RECORD'],
  ['00D60000', 'UPDATE BINARY'],
  ['002C0000', 'RESET RETRY COUNTER'],
  ['00220000', 'MANAGE SECURITY ENVIRONMENT'],
  ['002A0000', 'PERFORM SECURITY OPERATION'],
  ['80C20000', 'ENVELOPE'],
  ['00FE0000', 'UNKNOWN'],
  ['FFA40400', 'UNKNOWN'],
  ['00', 'UNKNOWN'],
];
for (const [hex, name] of table) test(`${hex} is ${name}`, () => assert.is(describeCommand(fromHex(hex)), name));

test('accepts a CommandApdu object', () => {
  assert.is(describeCommand({ cla: 0x80, ins: 0xae, p1: 0x40, p2: 0 }), 'GENERATE AC');
});

test('CLA: channel, secure messaging, chaining', () => {
  const table: [number, ReturnType<typeof describeCla>][] = [
    [0x00, { kind: 'interindustry', channel: 0, secureMessaging: false, chaining: false }],
    [0x03, { kind: 'interindustry', channel: 3, secureMessaging: false, chaining: false }],
    [0x0c, { kind: 'interindustry', channel: 0, secureMessaging: true, chaining: false }],
    [0x11, { kind: 'interindustry', channel: 1, secureMessaging: false, chaining: true }],
    [0x40, { kind: 'interindustry', channel: 4, secureMessaging: false, chaining: false }],
    [0x6f, { kind: 'interindustry', channel: 19, secureMessaging: true, chaining: false }],
    [0x52, { kind: 'interindustry', channel: 6, secureMessaging: false, chaining: true }],
    [0x80, { kind: 'proprietary', channel: 0, secureMessaging: false, chaining: false }],
    [0x81, { kind: 'proprietary', channel: 1, secureMessaging: false, chaining: false }],
    [0x84, { kind: 'proprietary', channel: 0, secureMessaging: true, chaining: false }],
    [0x8c, { kind: 'proprietary', channel: 0, secureMessaging: true, chaining: false }],
    [0xff, { kind: 'invalid', channel: 0, secureMessaging: false, chaining: false }],
  ];
  for (const [cla, expected] of table) assert.equal(describeCla(cla), expected, cla.toString(16));
});

test('claForChannel round-trips every channel', () => {
  assert.equal([0, 1, 3, 4, 19].map(claForChannel), [0x00, 0x01, 0x03, 0x40, 0x4f]);
  for (let channel = 0; channel < 20; channel++) assert.is(describeCla(claForChannel(channel)).channel, channel);
});

test.run();
