import * as assert from 'uvu/assert';
import { loadCard, serializeCard } from '../../../card/card-image.ts';
import { createLegacyRationCard, LEGACY_CARD_KIND } from '../../../card/legacy/legacy-ration-card.ts';
import { suite } from '../../support/suite.ts';
import { LEGACY_PERSONALIZATION, select, send } from './legacy-fixture.ts';

const test = suite('card/legacy/legacy-ration-card');

test('a card OS with RATION1 only, of its own kind; its memory survives an image', () => {
  const card = createLegacyRationCard({ personalization: LEGACY_PERSONALIZATION, protocol: 'T=1' });
  assert.is(card.kind, LEGACY_CARD_KIND);
  card.powerOn();
  assert.is(send(card, select()).sw, 0x9000);
  assert.is(send(card, Uint8Array.of(0x00, 0xa4, 0x04, 0x00, 0x08, 0xf0, 0x4b, 0x41, 0x52, 0x54, 0x47, 0x4f, 0x56, 0x00)).sw, 0x6a82, 'no KARTGOV');
  const image = serializeCard(card);
  const again = loadCard(image, { [LEGACY_CARD_KIND]: (i) => createLegacyRationCard(i) });
  again.powerOn();
  assert.is(send(again, select()).sw, 0x9000);
  assert.throws(() => createLegacyRationCard({}), (e: unknown) => (e as { code?: string }).code === 'CARD_CONFIG_INVALID', 'a fresh card needs a personalisation');
});

test.run();
