import * as assert from 'uvu/assert';
import { blocklistDeltaCodec } from '../../../terminal/blocklist/blocklist-delta.ts';
import { SWITCHED_HOUSEHOLDS_MAGIC, switchedHouseholdsDeltaCodec, verifySwitchedHouseholdsDelta } from '../../../terminal/legacy/switched-households-delta.ts';
import type { SwitchedHouseholdsDelta } from '../../../terminal/legacy/switched-households-delta.ts';
import { testKeyPair } from '../../fixtures/schemas-v1/test-keys.ts';
import { suite } from '../../support/suite.ts';
import { throwsSchemaError } from '../schemas/vector-helpers.ts';
import { ids, signedSwitchDelta } from './switch-fixture.ts';

const test = suite('terminal/legacy/switched-households-delta');
const ledger = testKeyPair('ledger');

test('round trip, signature by the list-signing key', () => {
  const delta = signedSwitchDelta(0, 3, ids('0000000000000001', '0000000012345678'));
  const bytes = switchedHouseholdsDeltaCodec.encode(delta);
  assert.equal(switchedHouseholdsDeltaCodec.decode(bytes), delta);
  assert.ok(verifySwitchedHouseholdsDelta(delta, ledger.publicKey));
  assert.not.ok(verifySwitchedHouseholdsDelta({ ...delta, toVersion: 4 }, ledger.publicKey));
  assert.not.ok(verifySwitchedHouseholdsDelta(delta, testKeyPair('issuer-ca').publicKey));
});

test('a household list never decodes as a card blocklist, nor the reverse, and signatures do not transfer', () => {
  const delta = signedSwitchDelta(0, 1, ids('0000000012345678'));
  throwsSchemaError(() => blocklistDeltaCodec.decode(switchedHouseholdsDeltaCodec.encode(delta)), 'blocklistDelta', 'got 8');
  const { magic: _, ...asBlocklist } = delta;
  const blocklist = blocklistDeltaCodec.encode(asBlocklist);
  throwsSchemaError(() => switchedHouseholdsDeltaCodec.decode(blocklist), 'switchedHouseholdsDelta', 'got 7');
  assert.not.ok(blocklistDeltaCodec.verify(asBlocklist, ledger.publicKey), 'the signature covers the magic');
});

test('malformed deltas are SCHEMA_INVALID at the field', () => {
  const good = signedSwitchDelta(2, 3, ids('0000000000000002'), ids('0000000000000001'));
  const { signature: _, ...unsigned } = good;
  const raw = (edit: Partial<SwitchedHouseholdsDelta>) => () => switchedHouseholdsDeltaCodec.encode({ ...good, ...edit } as SwitchedHouseholdsDelta);
  throwsSchemaError(raw({ magic: 'kart-blocklist' as typeof SWITCHED_HOUSEHOLDS_MAGIC }), 'switchedHouseholdsDelta[0].magic');
  throwsSchemaError(raw({ toVersion: 2 }), 'switchedHouseholdsDelta[3].toVersion', 'not after');
  throwsSchemaError(raw({ adds: new Uint8Array(9) }), 'switchedHouseholdsDelta[4].adds');
  throwsSchemaError(raw({ fromVersion: 0 }), 'switchedHouseholdsDelta[5].removes', 'removes nothing');
  throwsSchemaError(raw({ removes: ids('0000000000000002') }), 'switchedHouseholdsDelta[5].removes');
  assert.ok(switchedHouseholdsDeltaCodec.tbs(unsigned).length > 0);
});

test.run();
