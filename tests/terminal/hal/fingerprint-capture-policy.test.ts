import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { CAPTURE_REASONS, decideCaptureUse, type CapturePolicyInput } from '../../../terminal/hal/fingerprint-capture-policy.ts';
import type { FingerprintCapture } from '../../../terminal/hal/fingerprint-scanner.ts';

const test = suite('terminal/hal/fingerprint-capture-policy');

const iso = (quality: number, extra: Partial<FingerprintCapture> = {}): FingerprintCapture => ({ format: 'iso-19794-2', quality, template: Uint8Array.of(0x46, 0x4d, 0x52, 0), ...extra });
const base = { attempt: 1, cardHasReference: true } as const;

const table: [string, CapturePolicyInput, string, string?][] = [
  ['a good ISO template is matched on card', { ...base, capture: iso(80) }, 'match-on-card'],
  ['quality exactly at the bar is accepted', { ...base, capture: iso(40) }, 'match-on-card'],
  ['below the bar: ask again', { ...base, capture: iso(39) }, 'ask-again', 'FP_ASK_AGAIN_QUALITY'],
  ['a rejection: ask again, whatever its quality', { ...base, capture: { format: 'iso-19794-2', quality: 90, rejected: 'too-messy' } }, 'ask-again', 'FP_ASK_AGAIN_QUALITY'],
  ['an empty template: ask again', { ...base, capture: iso(90, { template: new Uint8Array(0) }) }, 'ask-again', 'FP_ASK_AGAIN_QUALITY'],
  ['the last attempt fails: PIN', { ...base, attempt: 3, capture: iso(10) }, 'pin-fallback', 'FP_ATTEMPTS_EXHAUSTED'],
  ['a stricter bar and fewer attempts', { ...base, attempt: 2, maxAttempts: 2, minQuality: 70, capture: iso(60) }, 'pin-fallback', 'FP_ATTEMPTS_EXHAUSTED'],
  ['a vendor template goes to the PIN at once', { ...base, capture: { format: 'vendor-template', quality: 60, template: new Uint8Array(512) } }, 'pin-fallback', 'FP_VENDOR_TEMPLATE'],
  ['a rejected vendor capture too (asking again cannot help)', { ...base, capture: { format: 'vendor-template', quality: 10, rejected: 'too-few-features' } }, 'pin-fallback', 'FP_VENDOR_TEMPLATE'],
  ['an image only goes to the PIN', { ...base, capture: { format: 'image', quality: 80, image: { width: 1, height: 1, dpi: 500, pixels: Uint8Array.of(0) } } }, 'pin-fallback', 'FP_IMAGE_ONLY'],
  ['a card with no reference goes to the PIN', { ...base, cardHasReference: false, capture: iso(90) }, 'pin-fallback', 'FP_CARD_HAS_NO_REFERENCE'],
];

for (const [name, input, action, code] of table) {
  test(name, () => {
    const decision = decideCaptureUse(input);
    assert.is(decision.action, action);
    if (decision.action === 'match-on-card') assert.is(decision.template, input.capture.template);
    else assert.is(decision.reason.code, code);
  });
}

test('every reason has Arabic and English text and its own code', () => {
  for (const [code, reason] of Object.entries(CAPTURE_REASONS)) {
    assert.is(reason.code, code);
    assert.match(reason.ar, /[\u0600-\u06ff]/);
    assert.match(reason.en, /^[\x20-\x7e]+$/);
  }
});

test.run();
