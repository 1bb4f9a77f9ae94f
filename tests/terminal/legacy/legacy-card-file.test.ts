import * as assert from 'uvu/assert';
import { encodeLegacyFile, LEGACY_AID } from '../../../card/legacy/legacy-layout.ts';
import { LEGACY_RATION_AID, LegacyCommands, parseLegacyCardFile } from '../../../terminal/legacy/legacy-card-file.ts';
import { suite } from '../../support/suite.ts';
import { LEGACY_PERSONALIZATION } from '../../card/legacy/legacy-fixture.ts';

const test = suite('terminal/legacy/legacy-card-file');

test("the terminal's copy reads what the card lays out (same AID, same offsets)", () => {
  assert.equal(LEGACY_RATION_AID, LEGACY_AID);
  const file = { ...LEGACY_PERSONALIZATION, atc: 300 };
  assert.equal(parseLegacyCardFile(encodeLegacyFile(file)), file);
  assert.equal(parseLegacyCardFile(encodeLegacyFile({ ...file, status: 'stopped', rationCardNumber: '7' }))?.rationCardNumber, '7');
});

test('anything but a valid file is undefined', () => {
  const good = encodeLegacyFile({ ...LEGACY_PERSONALIZATION, atc: 0 });
  const bad = (at: number, value: number): Uint8Array => Uint8Array.from(good, (b, i) => (i === at ? value : b));
  for (const [name, bytes] of [['empty', new Uint8Array(0)], ['33 bytes', new Uint8Array(33)], ['version', bad(0, 0)], ['status', bad(1, 2)], ['digits', bad(10, 0xfa)], ['beneficiaries', bad(18, 0)]] as const) {
    assert.is(parseLegacyCardFile(bytes), undefined, name);
  }
});

test('commands: READ BINARY of 32 bytes, DEBIT of a uint32, STOP', () => {
  assert.equal([...LegacyCommands.readBinary()], [0x00, 0xb0, 0, 0, 32]);
  assert.equal([...LegacyCommands.debit(0x01020304)], [0x80, 0x30, 0, 0, 4, 1, 2, 3, 4, 6]);
  assert.equal([...LegacyCommands.stop()], [0x80, 0x3a, 0, 0]);
  assert.throws(() => LegacyCommands.debit(0), /piastres/);
  assert.throws(() => LegacyCommands.debit(2 ** 32), /piastres/);
});

test.run();
