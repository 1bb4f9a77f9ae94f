/**
 * The one fault of `terminal/schemas`: bytes or a value that do not match a schema. `path` names the field
 * (`debitProof[5].items[2][1]`), so a test or a log can say which field was wrong without parsing text.
 */
export class SchemaError extends Error {
  override readonly name = 'SchemaError';
  readonly code = 'SCHEMA_INVALID' as const;
  constructor(
    /** The field path, e.g. `certificate[3].subject[0].cardId`; the schema name alone for the whole item. */
    readonly path: string,
    /** What was wrong, without the path (`expected unsigned integer`). */
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${problem}`, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}
