/** Helpers for the schema suites: loading schemas-v1 vectors and asserting `SCHEMA_INVALID` at a field path. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { decodeCbor, encodeCbor } from '../../../terminal/codec/cbor.ts';
import type { CborValue } from '../../../terminal/codec/cbor.ts';
import { SchemaError } from '../../../terminal/schemas/schema-error.ts';
import { fromVectorJson, unhex } from '../../fixtures/schemas-v1/vector-json.ts';
import type { SchemaVector } from '../../fixtures/schemas-v1/vector-json.ts';

const dir = join(import.meta.dirname, '../../fixtures/schemas-v1');

export interface LoadedVector {
  readonly vector: SchemaVector;
  readonly value: unknown;
  readonly bytes: Uint8Array;
}

/** Reads `tests/fixtures/schemas-v1/<file>`. */
export function loadVector(file: string): LoadedVector {
  const vector = JSON.parse(readFileSync(join(dir, file), 'utf8')) as SchemaVector;
  return { vector, value: fromVectorJson(vector.value), bytes: unhex(vector.cbor) };
}

/** Asserts `fn` throws `SchemaError` with code SCHEMA_INVALID at exactly `path` (and `problem` containing `hint`). */
export function throwsSchemaError(fn: () => unknown, path: string, hint?: string): SchemaError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  if (!(caught instanceof SchemaError)) {
    assert.unreachable(`expected SchemaError at ${path}, got ${caught === undefined ? 'no error' : String(caught)}`);
    throw caught;
  }
  assert.is(caught.code, 'SCHEMA_INVALID');
  assert.is(caught.path, path, `path of "${caught.message}"`);
  if (hint !== undefined) assert.ok(caught.problem.includes(hint), `"${caught.problem}" should mention "${hint}"`);
  return caught;
}

/** The vector's bytes decoded to a plain positional array, changed by `edit`, re-encoded deterministically. */
export function mutated(bytes: Uint8Array, edit: (raw: CborValue[]) => void): Uint8Array {
  const raw = decodeCbor(bytes) as CborValue[];
  edit(raw);
  return encodeCbor(raw);
}

/** A copy of `bytes` with byte `i` changed. */
export function flipped(bytes: Uint8Array, i: number): Uint8Array {
  const copy = bytes.slice();
  copy[i] = copy[i]! ^ 0x01;
  return copy;
}
