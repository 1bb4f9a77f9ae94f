import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { describeTag, EMV_TAGS } from '../../../emv/tlv/tag-names.ts';

const test = suite('emv/tlv/tag-names');

test('entries from EMV 4.4 Book 3 Annex A', () => {
  assert.equal(describeTag(0x9f1b), { name: 'Terminal Floor Limit', format: 'b', source: 'terminal', constructed: false });
  assert.equal(describeTag(0x5a), {
    name: 'Application Primary Account Number (PAN)',
    format: 'cn',
    source: 'card',
    constructed: false,
  });
  assert.equal(describeTag(0x5f24), {
    name: 'Application Expiration Date',
    format: 'n',
    source: 'card',
    constructed: false,
    layout: 'YYMMDD',
  });
  assert.equal(describeTag(0xbf0c), {
    name: 'File Control Information (FCI) Issuer Discretionary Data',
    format: 'b',
    source: 'card',
    constructed: true,
  });
  assert.is(describeTag(0x8a)!.source, 'issuer');
  assert.is(describeTag(0x50)!.format, 'ans');
  assert.is(describeTag(0x9f21)!.layout, 'HHMMSS');
});

test('unknown and proprietary tags are undefined', () => {
  assert.is(describeTag(0xdf01), undefined);
  assert.is(describeTag(0x9f7f), undefined);
});

test('the brief list of common tags is covered', () => {
  const required = [
    0x4f, 0x50, 0x57, 0x5a, 0x5f20, 0x5f24, 0x5f25, 0x5f28, 0x5f2a, 0x5f2d, 0x5f30, 0x5f34, 0x61, 0x6f, 0x70, 0x77,
    0x80, 0x82, 0x84, 0x87, 0x88, 0x8c, 0x8d, 0x8e, 0x8f, 0x90, 0x92, 0x93, 0x94, 0x95, 0x9a, 0x9b, 0x9c, 0xa5,
    0xbf0c, 0x9f4b, 0x9f10, 0x9f26, 0x9f27, 0x9f36, 0x9f37, 0x9f38, 0x9f46, 0x9f47, 0x9f48, 0x9f49, 0x9f4a,
  ];
  const missing = required.filter((tag) => !EMV_TAGS.has(tag)).map((tag) => tag.toString(16));
  assert.equal(missing, []);
  for (let tag = 0x9f01; tag <= 0x9f4f; tag++) {
    const absent = [0x9f0c, 0x9f19, 0x9f25, 0x9f28, 0x9f29, 0x9f2a, 0x9f2b, 0x9f2c, 0x9f30, 0x9f31, 0x9f3e, 0x9f3f];
    if (absent.includes(tag)) continue;
    assert.ok(EMV_TAGS.has(tag), `9F${(tag & 0xff).toString(16).toUpperCase()} missing`);
  }
});

test('constructed flags follow the tag bits and templates are constructed', () => {
  const templates = [0x61, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x77, 0xa5, 0xbf0c];
  for (const [tag, info] of EMV_TAGS) assert.is(info.constructed, templates.includes(tag), tag.toString(16));
});

test.run();
