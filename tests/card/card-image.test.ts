import { Encoder } from 'cbor-x';
import * as assert from 'uvu/assert';
import { decodeCardImage, loadCard, serializeCard } from '../../card/card-image.ts';
import type { CardError } from '../../card/card-error.ts';
import { createDemoCard, DEMO_CARD_KIND } from '../../card/demo-card.ts';
import { plaintextPinBlock } from '../../card/plaintext-pin-block.ts';
import { suite } from '../support/suite.ts';
import { bytes, hex } from './hex.ts';

const test = suite('card/card-image');

const SELECT = '00A4040C09F04B41525444454D4F';
const invalid = (e: unknown): boolean => (e as CardError).code === 'CARD_IMAGE_INVALID';
const encode = (value: unknown): Uint8Array => new Encoder({ useRecords: false, tagUint8Array: false }).encode(value);

test('save and load keep the ATC, the PIN try counter and the personalisation', () => {
  const card = createDemoCard({ protocol: 'T=1', cardholderName: 'HASSAN/OMAR' });
  card.powerOn();
  card.transmit(bytes(SELECT));
  card.transmit(bytes('8032000002'));
  card.transmit(bytes('8032000002'));
  card.transmit(bytes(`0020008008${hex(plaintextPinBlock('0000'))}`));
  const image = serializeCard(card);

  const loaded = loadCard(image);
  assert.is(loaded.kind, DEMO_CARD_KIND);
  assert.is(loaded.protocol, 'T=1');
  assert.is(loaded.powered, false);
  loaded.powerOn();
  loaded.transmit(bytes(SELECT));
  assert.is(hex(loaded.transmit(bytes('80CA9F3600'))), '9F360200029000');
  assert.is(hex(loaded.transmit(bytes('80CA9F1700'))), '9F1701029000');
  assert.ok(hex(loaded.transmit(bytes('00B2010C00'))).includes(hex(new TextEncoder().encode('HASSAN/OMAR'))));
  assert.equal(loaded.persistentEntries(), card.persistentEntries());
});

test('the image is deterministic and holds nothing volatile', () => {
  const card = createDemoCard();
  const before = serializeCard(card);
  card.powerOn();
  card.transmit(bytes(SELECT));
  card.transmit(bytes('00700000 01'.replace(' ', '')));
  assert.is(hex(serializeCard(card)), hex(before), 'selecting and opening channels changes no persistent state');
  assert.is(hex(serializeCard(loadCard(before))), hex(before));
});

test('the image records the default protocol, not one a PPS selected for the session', () => {
  const card = createDemoCard({ protocol: 'T=0' });
  card.powerOn();
  assert.ok(card.selectProtocol('T=1'));
  const loaded = loadCard(serializeCard(card));
  assert.is(loaded.defaultProtocol, 'T=0');
  assert.is(loaded.powerOn().length > 0 && loaded.protocol, 'T=0');
});

test('persistentVersion moves when persistent state changes, so a server knows when to save', () => {
  const card = createDemoCard({ protocol: 'T=1' });
  card.powerOn();
  card.transmit(bytes(SELECT));
  const start = card.persistentVersion;
  card.transmit(bytes('80CA9F3600'));
  assert.is(card.persistentVersion, start);
  card.transmit(bytes('8032000002'));
  assert.ok(card.persistentVersion > start);
});

test('an image of unknown kind needs its builder', () => {
  const image = encode(['kart-card-image', 1, 'gov-services', 'T=0', []]);
  assert.throws(() => loadCard(image), invalid);
  let built = false;
  const card = loadCard(image, {
    'gov-services': (options) => {
      built = true;
      return createDemoCard(options);
    },
  });
  assert.ok(built);
  assert.is(card.protocol, 'T=0');
});

test('malformed images are refused with CARD_IMAGE_INVALID', () => {
  const bad: Array<[string, Uint8Array]> = [
    ['empty', new Uint8Array(0)],
    ['not CBOR', bytes('FF FF FF'.replace(/ /g, ''))],
    ['JSON', new TextEncoder().encode('{"kind":"kart-demo"}')],
    ['wrong magic', encode(['other', 1, DEMO_CARD_KIND, 'T=0', []])],
    ['future version', encode(['kart-card-image', 2, DEMO_CARD_KIND, 'T=0', []])],
    ['bad protocol', encode(['kart-card-image', 1, DEMO_CARD_KIND, 'T=2', []])],
    ['entry not a pair', encode(['kart-card-image', 1, DEMO_CARD_KIND, 'T=0', [['k']]])],
    ['value not bytes', encode(['kart-card-image', 1, DEMO_CARD_KIND, 'T=0', [['k', 'text']]])],
    ['duplicate key', encode(['kart-card-image', 1, DEMO_CARD_KIND, 'T=0', [['k', bytes('01')], ['k', bytes('02')]]])],
    ['inherited kind', encode(['kart-card-image', 1, 'toString', 'T=0', []])],
  ];
  for (const [name, image] of bad) {
    assert.throws(() => loadCard(image), invalid, name);
  }
});

test('a valid image decodes to its parts', () => {
  const image = decodeCardImage(encode(['kart-card-image', 1, DEMO_CARD_KIND, 'T=1', [['a', bytes('0102')]]]));
  assert.is(image.kind, DEMO_CARD_KIND);
  assert.is(image.protocol, 'T=1');
  assert.equal(image.entries, [['a', bytes('0102')]]);
});

test.run();
