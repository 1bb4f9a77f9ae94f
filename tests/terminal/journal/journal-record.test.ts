import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { suite } from '../../support/suite.ts';
import { encodeCbor } from '../../../terminal/codec/cbor.ts';
import { encodeJournalRecord, parseJournalRecordAt, ZERO_HASH } from '../../../terminal/journal/journal-record.ts';
import { cborItemEnd } from '../../../terminal/journal/cbor-item-end.ts';

const test = suite('terminal/journal/journal-record');
const fields = { seq: 42, time: 1_700_000_000_123, type: 3, body: new Uint8Array([0xca, 0xfe]), prevHash: ZERO_HASH };

test('a frame is the 7-array with SHA-256 of the 6-array encoding as its last item', () => {
  const { bytes, hash } = encodeJournalRecord(fields);
  const unsigned = encodeCbor([1, 42, 1_700_000_000_123, 3, fields.body, ZERO_HASH]);
  assert.is(Buffer.from(hash).toString('hex'), createHash('sha256').update(unsigned).digest('hex'));
  assert.is(Buffer.from(bytes).toString('hex'), encodeCbor([1, 42, 1_700_000_000_123, 3, fields.body, ZERO_HASH, hash]).reduce((s, b) => s + b.toString(16).padStart(2, '0'), ''));
  const parsed = parseJournalRecordAt(bytes, 0);
  assert.ok(parsed.ok);
  if (parsed.ok) assert.equal({ ...parsed.record, end: parsed.end }, { ...fields, hash, end: bytes.length });
});

test('every strict prefix is incomplete, every flipped bit is damage, never a good record', () => {
  const { bytes } = encodeJournalRecord(fields);
  for (let cut = 0; cut < bytes.length; cut++) assert.equal(parseJournalRecordAt(bytes.subarray(0, cut), 0), { ok: false, damage: 'incomplete' });
  for (let i = 0; i < bytes.length; i++) {
    for (let bit = 0; bit < 8; bit++) {
      const bad = bytes.slice();
      bad[i]! ^= 1 << bit;
      assert.not.ok(parseJournalRecordAt(bad, 0).ok, `byte ${i} bit ${bit}`);
    }
  }
});

test('an intact frame of another version or shape is unreadable (not cuttable damage)', () => {
  const unsigned = encodeCbor([2, 1, 1, 1, new Uint8Array(0), ZERO_HASH]);
  const hash = createHash('sha256').update(unsigned).digest();
  const frame = encodeCbor([2, 1, 1, 1, new Uint8Array(0), ZERO_HASH, hash]);
  const parsed = parseJournalRecordAt(frame, 0);
  assert.is(parsed.ok ? 'ok' : parsed.damage, 'unreadable');
  assert.equal(parseJournalRecordAt(new Uint8Array([0x00]), 0), { ok: false, damage: 'malformed' });
});

test('cborItemEnd walks a sequence and tells incomplete from malformed', () => {
  const seq = new Uint8Array([...encodeCbor([1, [2, 'ab'], new Uint8Array(300)]), ...encodeCbor(7)]);
  const first = cborItemEnd(seq, 0) as number;
  assert.is(first, seq.length - 1);
  assert.is(cborItemEnd(seq, first), seq.length);
  assert.is(cborItemEnd(seq.subarray(0, 10), 0), 'incomplete');
  assert.is(cborItemEnd(new Uint8Array([0x9f, 0x01, 0xff]), 0), 'malformed');
  assert.is(cborItemEnd(new Uint8Array([0x1c]), 0), 'malformed');
  assert.is(cborItemEnd(new Uint8Array([0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 0), 'incomplete');
  assert.is(cborItemEnd(new Uint8Array(100_000).fill(0x81), 0), 'incomplete');
});

test.run();
