/** A CLI command: takes its own arguments, returns the exit code (0 when it returns nothing). */
export type Command = (args: string[]) => Promise<number | void>;

/** Wrong arguments: printed with the command's name and exit code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}
