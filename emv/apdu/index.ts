/** Command and response APDUs, status words, command names and T=0 rules. See EMV 4.4 Book 1, 9 and Book 3, 6. */
export { buildCommandApdu, type CommandApdu, type BuildCommandApduOptions } from './command-apdu.ts';
export { parseCommandApdu, type ParsedCommandApdu } from './parse-command-apdu.ts';
export { parseResponseApdu, buildResponseApdu, type ResponseApdu } from './response-apdu.ts';
export { describeStatusWord, type StatusWordInfo, type StatusWordCategory } from './status-words.ts';
export { describeCommand, describeCla, claForChannel, type CommandName, type ClaInfo } from './describe-command.ts';
export { withT0Rules, type T0Options } from './with-t0-rules.ts';
export { EmvCommands, GENERATE_AC_TYPE, VERIFY_P2, type GenerateAcType } from './emv-commands.ts';
