import * as assert from 'uvu/assert';
import { classForChannel, decodeClassByte } from '../../card/class-byte.ts';
import { suite } from '../support/suite.ts';

const test = suite('card/class-byte');

test('first interindustry classes carry channels 0 to 3', () => {
  for (let channel = 0; channel < 4; channel++) {
    assert.equal(decodeClassByte(channel), { channel, secureMessaging: false, chaining: false, proprietary: false });
  }
});

test('further interindustry classes carry channels 4 to 19', () => {
  assert.is(decodeClassByte(0x40)?.channel, 4);
  assert.is(decodeClassByte(0x4f)?.channel, 19);
  assert.is(decodeClassByte(0x60)?.secureMessaging, true);
  assert.is(decodeClassByte(0x50)?.chaining, true);
});

test('secure messaging and chaining bits of the first interindustry coding', () => {
  assert.is(decodeClassByte(0x0c)?.secureMessaging, true);
  assert.is(decodeClassByte(0x04)?.secureMessaging, true);
  assert.is(decodeClassByte(0x10)?.chaining, true);
});

test('proprietary classes keep the channel coding', () => {
  assert.equal(decodeClassByte(0x80), { channel: 0, secureMessaging: false, chaining: false, proprietary: true });
  assert.is(decodeClassByte(0x83)?.channel, 3);
  assert.is(decodeClassByte(0xc5)?.channel, 9);
});

test('FF and the RFU classes 20-3F are invalid', () => {
  assert.is(decodeClassByte(0xff), undefined);
  assert.is(decodeClassByte(0x20), undefined);
  assert.is(decodeClassByte(0x3f), undefined);
});

test('classForChannel round-trips every channel', () => {
  for (let channel = 0; channel < 20; channel++) {
    assert.is(decodeClassByte(classForChannel(channel))?.channel, channel);
    assert.is(decodeClassByte(classForChannel(channel, true))?.proprietary, true);
  }
});

test.run();
