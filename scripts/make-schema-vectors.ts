/**
 * Regenerates the schema test vectors in tests/fixtures/schemas-v1/ from the fixed TEST keys.
 * ECDSA signatures are randomized: a vector whose to-be-signed bytes are unchanged keeps its old signature (if it
 * still verifies), so regenerating without a schema change rewrites identical files.
 *
 * Usage: node --import tsx scripts/make-schema-vectors.ts
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { blocklistDeltaCodec } from '../terminal/blocklist/blocklist-delta.ts';
import { idFromHex } from '../terminal/schemas/card-id.ts';
import { CERT_KIND, certificateCodec, KEY_USAGE } from '../terminal/schemas/certificate.ts';
import { debitProofCodec } from '../terminal/schemas/debit-proof.ts';
import { CARD_KIND, CVM, journalRecordCodec, OUTCOME } from '../terminal/schemas/journal-record.ts';
import type { JournalRecord } from '../terminal/schemas/journal-record.ts';
import { keyIdOf, verifyP256 } from '../terminal/schemas/p256.ts';
import type { SignedSchemaCodec, Unsigned } from '../terminal/schemas/schema-codec.ts';
import { SERVICE } from '../terminal/schemas/service.ts';
import { testKeyPair } from '../tests/fixtures/schemas-v1/test-keys.ts';
import type { TestKeyPair } from '../tests/fixtures/schemas-v1/test-keys.ts';
import { hex, toVectorJson, unhex } from '../tests/fixtures/schemas-v1/vector-json.ts';
import type { SchemaVector } from '../tests/fixtures/schemas-v1/vector-json.ts';

const dir = resolve(import.meta.dirname, '../tests/fixtures/schemas-v1');
const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const fixedBytes = (label: string, length: number): Uint8Array =>
  new Uint8Array(createHash('sha256').update(label).digest().subarray(0, length));

function write(file: string, vector: SchemaVector): void {
  writeFileSync(join(dir, file), `${JSON.stringify(vector, null, 2)}\n`);
  process.stdout.write(`wrote ${file}\n`);
}

/** Signs `unsigned`, reusing the signature in `file` when it covers the same bytes and still verifies. */
function signed<T extends { readonly signature: Uint8Array }>(
  file: string,
  description: string,
  codec: SignedSchemaCodec<T>,
  unsigned: Unsigned<T>,
  signer: TestKeyPair,
): T {
  const tbs = codec.tbs(unsigned);
  let value: T | undefined;
  if (existsSync(join(dir, file))) {
    const old = JSON.parse(readFileSync(join(dir, file), 'utf8')) as SchemaVector;
    const signature = unhex(old.signature ?? '');
    if (old.tbs === hex(tbs) && verifyP256(signer.publicKey, tbs, signature)) value = { ...unsigned, signature } as unknown as T;
  }
  value ??= codec.sign(unsigned, signer.privateKey);
  const cbor = codec.encode(value);
  write(file, {
    schema: codec.root as SchemaVector['schema'],
    description,
    value: toVectorJson(codec.decode(cbor)), // decoded, so the keys follow the schema's field order
    cbor: hex(cbor),
    tbs: hex(tbs),
    signature: hex(value.signature),
    signerPublicKey: hex(signer.publicKey),
    signerKeyLabel: signer.label,
  });
  return value;
}

const caKey = testKeyPair('issuer-ca');
const issuerKey = testKeyPair('issuer');
const cardKey = testKeyPair('card-1');
const ledgerKey = testKeyPair('ledger');

const ca = signed('certificate-ca.json', 'Self-signed issuer CA certificate (trust anchor)', certificateCodec, {
  version: 1, kind: CERT_KIND.CA, serial: 1, subject: 1, notBefore: day('2024-01-01'), notAfter: day('2043-12-31'),
  keyUsage: KEY_USAGE.CERT_SIGN | KEY_USAGE.LIST_SIGN, publicKey: caKey.publicKey, signerKeyId: keyIdOf(caKey.publicKey),
}, caKey);
signed('certificate-issuer.json', 'Issuer certificate signed by the CA', certificateCodec, {
  version: 1, kind: CERT_KIND.ISSUER, serial: 10, subject: 818, notBefore: day('2024-01-01'), notAfter: day('2033-12-31'),
  keyUsage: KEY_USAGE.CERT_SIGN, publicKey: issuerKey.publicKey, signerKeyId: keyIdOf(ca.publicKey),
}, caKey);
const cardId = idFromHex('5078030000000017');
const householdId = idFromHex('0000000012345678');
signed('certificate-card.json', 'Card certificate (3 years) signed by the issuer', certificateCodec, {
  version: 1, kind: CERT_KIND.CARD, serial: 1_000_001, subject: { cardId, householdId },
  notBefore: day('2025-03-01'), notAfter: day('2028-02-29'), keyUsage: KEY_USAGE.DEBIT_SIGN,
  publicKey: cardKey.publicKey, signerKeyId: keyIdOf(issuerKey.publicKey),
}, issuerKey);

const terminalId = 0x00a1b2c3;
const bread = signed('debit-proof-bread.json', 'Card debit proof: 10 loaves of bread', debitProofCodec, {
  version: 1, cardId, atc: 42, service: SERVICE.BREAD, amount: 10, items: [], balanceAfter: 140,
  date: day('2025-03-15'), terminalId, challenge: fixedBytes('challenge 1', 16),
}, cardKey);
const ration = signed('debit-proof-ration.json', 'Card debit proof: ration goods, 3 item lines', debitProofCodec, {
  version: 1, cardId, atc: 43, service: SERVICE.RATION, amount: 4750, items: [[101, 2], [205, 1], [310, 3]],
  balanceAfter: 15_250, date: day('2025-03-16'), terminalId, challenge: fixedBytes('challenge 2', 16),
}, cardKey);
// Version 2 (what cards write now): 5400 of rice and sugar, 1500 of it paid with bread points.
const rationWithPoints = signed('debit-proof-v2-ration.json', 'Card debit proof v2: ration goods, 1500 piastres of bread points', debitProofCodec, {
  version: 2, cardId, atc: 44, service: SERVICE.RATION, amount: 3900, items: [[101, 2], [310, 3]],
  balanceAfter: 11_350, date: day('2025-03-17'), terminalId, challenge: fixedBytes('challenge 3', 16), pointsPiastres: 1500,
}, cardKey);
// Version 3 (what cards write now): a supervised exception, card-signed with the supervisor's card id.
signed('debit-proof-v3-supervised.json', 'Card debit proof v3: 5 loaves under a supervised exception', debitProofCodec, {
  version: 3, cardId, atc: 45, service: SERVICE.BREAD, amount: 5, items: [], balanceAfter: 135, date: day('2025-03-18'),
  terminalId, challenge: fixedBytes('challenge 4', 16), pointsPiastres: 0, cvm: 3, supervisorCardId: idFromHex('5078030000000999'),
}, cardKey);

const base = {
  version: 1, terminalId, utcOffsetMinutes: 120, householdId, cardId, parameterVersion: 7, blocklistVersion: 1234,
} as const;
const journal = (file: string, description: string, record: JournalRecord): void => {
  const cbor = journalRecordCodec.encode(record);
  write(file, { schema: 'journalRecord', description, value: toVectorJson(journalRecordCodec.decode(cbor)), cbor: hex(cbor) });
};
journal('journal-record-bread.json', 'Approved offline bread sale, fingerprint verified', {
  ...base, terminalSeq: 1, time: Date.parse('2025-03-15T06:12:30Z') / 1000, outcome: OUTCOME.APPROVED, code: 'APPROVED',
  service: SERVICE.BREAD, amount: 10, items: [], pricePiastres: 200, cvm: CVM.FINGERPRINT, supervisorCardId: null,
  online: false, debitProof: debitProofCodec.encode(bread),
});
journal('journal-record-ration.json', 'Approved online ration sale under a supervised exception', {
  ...base, terminalSeq: 2, time: Date.parse('2025-03-16T09:40:00Z') / 1000, outcome: OUTCOME.APPROVED, code: 'APPROVED',
  service: SERVICE.RATION, amount: 4750, items: [[101, 2], [205, 1], [310, 3]], pricePiastres: 4750,
  cvm: CVM.SUPERVISED_EXCEPTION, supervisorCardId: idFromHex('5078030000000999'), online: true,
  debitProof: debitProofCodec.encode(ration),
});
journal('journal-record-ration-points.json', 'Approved offline ration sale paid partly with bread points (proof v2)', {
  ...base, terminalSeq: 4, time: Date.parse('2025-03-17T10:05:00Z') / 1000, outcome: OUTCOME.APPROVED, code: 'APPROVED',
  service: SERVICE.RATION, amount: 3900, items: [[101, 2], [310, 3]], pricePiastres: 0, cvm: CVM.PIN,
  supervisorCardId: null, online: false, debitProof: debitProofCodec.encode(rationWithPoints),
});
journal('journal-record-declined.json', 'Declined: card on the blocklist', {
  ...base, terminalSeq: 3, time: Date.parse('2025-03-16T09:45:00Z') / 1000, outcome: OUTCOME.DECLINED,
  code: 'CARD_BLOCKED', service: SERVICE.BREAD, amount: 0, items: [], pricePiastres: 0, cvm: CVM.NONE,
  supervisorCardId: null, online: false, debitProof: null,
});
// Version 2 (what terminals write now): the card kind; an old ration card's sale has its counter and balance, no proof.
journal('journal-record-v2-bread.json', 'Version 2: approved bread sale on the unified card (as v1, card kind 0)', {
  ...base, version: 2, terminalSeq: 5, time: Date.parse('2025-03-18T06:30:00Z') / 1000, outcome: OUTCOME.APPROVED, code: 'APPROVED',
  service: SERVICE.BREAD, amount: 10, items: [], pricePiastres: 200, cvm: CVM.FINGERPRINT, supervisorCardId: null,
  online: false, debitProof: debitProofCodec.encode(bread), cardKind: CARD_KIND.UNIFIED, legacyAtc: null, legacyBalanceAfter: null,
});
journal('journal-record-v2-legacy.json', 'Version 2: approved ration sale on an old ration card (counter and balance, no proof)', {
  ...base, version: 2, terminalSeq: 6, time: Date.parse('2025-03-18T07:00:00Z') / 1000, outcome: OUTCOME.APPROVED, code: 'APPROVED',
  service: SERVICE.RATION, cardId: idFromHex('1234567890ffffff'), amount: 4920, items: [[1, 2], [3, 2]], pricePiastres: 0,
  cvm: CVM.NONE, supervisorCardId: null, online: false, debitProof: null, cardKind: CARD_KIND.LEGACY, legacyAtc: 7, legacyBalanceAfter: 15_080,
});

const ids = (...hexes: string[]): Uint8Array => new Uint8Array(Buffer.concat(hexes.map((h) => Buffer.from(h, 'hex'))));
signed('blocklist-delta.json', 'Blocklist delta 1234 -> 1235: two cards added, one removed', blocklistDeltaCodec, {
  version: 1, fromVersion: 1234, toVersion: 1235, adds: ids('5078030000000017', '50780300000004a2'),
  removes: ids('5078030000000321'), signerKeyId: keyIdOf(ledgerKey.publicKey),
}, ledgerKey);
