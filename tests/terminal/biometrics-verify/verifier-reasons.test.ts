import * as assert from 'uvu/assert';
import { EMV_FINGER_REASONS, MATCH_REASONS } from '../../../terminal/biometrics-verify/verifier-reasons.ts';
import { CAPTURE_REASONS } from '../../../terminal/hal/fingerprint-capture-policy.ts';
import { suite } from '../../support/suite.ts';

const test = suite('terminal/biometrics-verify/verifier-reasons');

test('every reason: its own code, an Arabic and an English message, no code shared with the capture policy', () => {
  for (const [key, reason] of Object.entries(MATCH_REASONS)) {
    assert.is(reason.code, key);
    assert.ok(/[\u0600-\u06ff]{3}/.test(reason.ar), `${key}: Arabic text`);
    assert.ok(/^[A-Z].{20,}[.)]$/.test(reason.en), `${key}: an English sentence`);
    assert.not.ok(key in CAPTURE_REASONS, `${key} is already a capture reason`);
  }
  assert.is(Object.keys(MATCH_REASONS).length, 7);
});

test('EMV finger reasons: own codes, Arabic and English, none shared with the capture policy or the match reasons', () => {
  for (const [key, reason] of Object.entries(EMV_FINGER_REASONS)) {
    assert.is(reason.code, key);
    assert.ok(/[\u0600-\u06ff]{3}/.test(reason.ar), `${key}: Arabic text`);
    assert.ok(/^[A-Z].{20,}[.)]$/.test(reason.en), `${key}: an English sentence`);
    assert.ok(/PIN/.test(reason.en), `${key}: says where the person goes next`);
    assert.not.ok(key in CAPTURE_REASONS || key in MATCH_REASONS, `${key} is already a reason`);
  }
  assert.is(Object.keys(EMV_FINGER_REASONS).length, 5);
});

test.run();
