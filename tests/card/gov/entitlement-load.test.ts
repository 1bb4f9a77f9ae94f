import * as assert from 'uvu/assert';
import { entitlementLoadCodec } from '../../../card/gov/entitlement-load.ts';
import { encodeCbor } from '../../../terminal/codec/cbor.ts';
import type { SchemaError } from '../../../terminal/schemas/schema-error.ts';
import { suite } from '../../support/suite.ts';
import { issuer, signedLoad } from './gov-fixture.ts';

const test = suite('card/gov/entitlement-load');

test('round trip, issuer signature, and the magic text in front of the signed bytes', () => {
  const bytes = signedLoad({ sequence: 9, pointsPiastres: 120 });
  const load = entitlementLoadCodec.decode(bytes);
  assert.equal([load.sequence, load.pointsPiastres, load.items.length], [9, 120, 3]);
  assert.equal(entitlementLoadCodec.encode(load), bytes);
  assert.ok(entitlementLoadCodec.verify(load, issuer().issuerCertificate.publicKey));
  assert.not.ok(entitlementLoadCodec.verify(load, issuer().caCertificate.publicKey));
  assert.equal(entitlementLoadCodec.tbs(load).subarray(1, 15), encodeCbor('kart-gov-load'));
});

test('malformed loads are SCHEMA_INVALID naming the field', () => {
  const load = entitlementLoadCodec.decode(signedLoad());
  const bad: Array<[object, string]> = [
    [{ beneficiaries: 0 }, 'entitlementLoad[5].beneficiaries'],
    [{ items: [{ code: 2, pricePiastres: 1, perPerson: 1, perCard: 1 }, { code: 1, pricePiastres: 1, perPerson: 1, perCard: 1 }] }, 'entitlementLoad[8].items[1]'],
    [{ cardId: new Uint8Array(7) }, 'entitlementLoad[2].cardId'],
    [{ magic: 'kart-gov-lead' }, 'entitlementLoad[0].magic'],
  ];
  for (const [change, path] of bad) {
    try {
      entitlementLoadCodec.encode({ ...load, ...change });
      assert.unreachable(path);
    } catch (e) {
      assert.is((e as SchemaError).code, 'SCHEMA_INVALID');
      assert.is((e as SchemaError).path, path);
    }
  }
});

test.run();
