import * as assert from 'uvu/assert';
import { EmvError, type EmvErrorCode } from '../../emv/errors.ts';

/** Asserts that `fn` throws an `EmvError` with `code` (and `offset`, when given). */
export function assertEmvError(fn: () => unknown, code: EmvErrorCode, offset?: number): EmvError {
  try {
    fn();
  } catch (error) {
    assert.instance(error, EmvError);
    assert.is((error as EmvError).code, code);
    if (offset !== undefined) assert.is((error as EmvError).offset, offset);
    return error as EmvError;
  }
  assert.unreachable(`expected ${code}`);
  throw new Error('unreachable');
}

/** Async variant of {@link assertEmvError}. */
export async function assertEmvErrorAsync(fn: () => Promise<unknown>, code: EmvErrorCode): Promise<EmvError> {
  try {
    await fn();
  } catch (error) {
    assert.instance(error, EmvError);
    assert.is((error as EmvError).code, code);
    return error as EmvError;
  }
  assert.unreachable(`expected ${code}`);
  throw new Error('unreachable');
}
