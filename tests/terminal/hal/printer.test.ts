import * as assert from 'uvu/assert';
import { HalError } from '../../../terminal/hal/errors.ts';
import { PRINTER_USER_MESSAGES, assertPrinterReady, isRawJob } from '../../../terminal/hal/printer.ts';
import { suite } from '../../support/suite.ts';
import { BREAD_RECEIPT } from '../print/escpos/sample-receipt.ts';

const test = suite('terminal/hal/printer');

const ready = { online: true, paperOut: false, paperNearEnd: false, coverOpen: false };
const codeOf = (f: () => void): string | undefined => {
  try {
    f();
    return undefined;
  } catch (error) {
    assert.instance(error, HalError);
    return (error as HalError).code;
  }
};

test('assertPrinterReady: paper out first, then cover, then offline; near end is only a warning', () => {
  assert.is(codeOf(() => assertPrinterReady(ready)), undefined);
  assert.is(codeOf(() => assertPrinterReady({ ...ready, paperNearEnd: true })), undefined);
  assert.is(codeOf(() => assertPrinterReady({ ...ready, online: false, paperOut: true, coverOpen: true })), 'HAL_PRINTER_PAPER_OUT');
  assert.is(codeOf(() => assertPrinterReady({ ...ready, online: false, coverOpen: true })), 'HAL_PRINTER_COVER_OPEN');
  assert.is(codeOf(() => assertPrinterReady({ ...ready, online: false })), 'HAL_PRINTER_OFFLINE');
});

test('every printer fault has an Arabic and an English message; jobs are bytes or receipts', () => {
  for (const m of Object.values(PRINTER_USER_MESSAGES)) assert.ok(m.ar.length > 0 && m.en.length > 0);
  assert.ok(isRawJob(Uint8Array.of(1)));
  assert.not.ok(isRawJob(BREAD_RECEIPT));
});

test.run();
