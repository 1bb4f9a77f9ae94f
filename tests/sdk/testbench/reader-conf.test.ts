import * as assert from 'uvu/assert';
import { buildReaderConf, checkVpcdPorts, expectedReaderNames } from '../../../sdk/testbench/reader-conf.ts';
import { suite } from '../../support/suite.ts';

const test = suite('sdk/testbench/reader-conf');

test('one entry per port, each with its own driver copy; the port in hex in DEVICENAME and CHANNELID', () => {
  const text = buildReaderConf(
    [
      { port: 35962, friendlyName: 'Virtual PCD' },
      { port: 35964, friendlyName: 'Kart "Spare"' },
    ],
    ['/b/one.so', '/b/two.so'],
  );
  assert.is(
    text,
    [
      'FRIENDLYNAME "Virtual PCD"',
      'DEVICENAME /dev/null:0x8C7A',
      'LIBPATH /b/one.so',
      'CHANNELID 0x8C7A',
      '',
      'FRIENDLYNAME "Kart Spare"',
      'DEVICENAME /dev/null:0x8C7C',
      'LIBPATH /b/two.so',
      'CHANNELID 0x8C7C',
      '',
    ].join('\n'),
  );
});

test('reader names: two slots per entry, numbered per friendly name, filtered by substring', () => {
  const entries = [
    { port: 1000, friendlyName: 'Virtual PCD' },
    { port: 1002, friendlyName: 'Virtual PCD' },
    { port: 1004, friendlyName: 'Kart Hidden' },
  ];
  assert.equal(expectedReaderNames(entries), [
    'Virtual PCD 00 00',
    'Virtual PCD 00 01',
    'Virtual PCD 01 00',
    'Virtual PCD 01 01',
    'Kart Hidden 00 00',
    'Kart Hidden 00 01',
  ]);
  assert.equal(expectedReaderNames(entries, ['Hidden', '']), expectedReaderNames(entries.slice(0, 2)));
});

test('ports must be in range and at least two apart', () => {
  assert.is(checkVpcdPorts([35962, 35964]), undefined);
  assert.match(checkVpcdPorts([35962, 35963]) ?? '', /overlap/);
  assert.match(checkVpcdPorts([65535]) ?? '', /out of range/);
  assert.match(checkVpcdPorts([0]) ?? '', /out of range/);
});

test.run();
