import * as assert from 'uvu/assert';
import { rasterToPbm } from '../../../../terminal/hal/sim/raster-pbm.ts';
import { suite } from '../../../support/suite.ts';

const test = suite('terminal/hal/sim/raster-pbm');

test('P4 header with the width in dots, then the dot rows unchanged', () => {
  const pbm = rasterToPbm({ widthBytes: 2, height: 1, data: Uint8Array.of(0xf0, 0x0f) });
  assert.equal(Array.from(pbm), [...Buffer.from('P4\n16 1\n'), 0xf0, 0x0f]);
});

test.run();
