/**
 * Trace names for the government-services applet (KARTGOV): its proprietary DFxx/BFxx tags and its CLA 80
 * commands, so that a sale's trace reads `DEBIT ENTITLEMENT` and `DF34 Quantity` instead of `UNKNOWN` and
 * `Unknown`. The terminal's own copy of card/gov/COMMANDS.md (terminal code never imports the card).
 * @remarks See card/gov/COMMANDS.md (READ DATA tags, DEBIT ENTITLEMENT, SUPERVISE, READ LOG, LOAD ENTITLEMENTS).
 */
import type { DataFormat } from '../../emv/tlv/data-format.ts';
import type { TagInfo } from '../../emv/tlv/tag-names.ts';
import type { TraceNames } from './trace-names.ts';

type Row = readonly [tag: number, name: string, format?: DataFormat, layout?: 'YYMMDD'];

// See card/gov/COMMANDS.md, READ DATA (tags BF41 to BF4A) and the command data objects.
const ROWS: readonly Row[] = [
  [0xbf41, 'KARTGOV Cardholder'],
  [0xbf42, 'KARTGOV Household'],
  [0xbf43, 'KARTGOV Services'],
  [0xbf45, 'KARTGOV Counters'],
  [0xbf4a, 'KARTGOV Certificate Chain'],
  [0xdf10, 'Card Id'],
  [0xdf11, 'National ID'],
  [0xdf12, 'National ID (masked)', 'ans'],
  [0xdf13, 'Cardholder Name (Arabic, UTF-8)'],
  [0xdf18, 'Biometric Tries Left'],
  [0xdf21, 'Household Id'],
  [0xdf22, 'Ration Card Number', 'ans'],
  [0xdf23, 'Household Role (1 head, 2 spouse, 3 child, 4 other)'],
  [0xdf24, 'Carries Ration Services'],
  [0xdf25, 'Entitlement Load (last accepted)'],
  [0xdf26, 'Service Activation (service, day)'],
  [0xdf31, 'Terminal Challenge'],
  [0xdf32, 'Terminal Id'],
  [0xdf33, 'Service (1 bread, 2 ration, 3 health)'],
  [0xdf34, 'Quantity (loaves or visits)'],
  [0xdf35, 'Ration Item Lines'],
  [0xdf36, 'Bread Points to Spend (piastres)'],
  [0xdf44, 'Card Status (0 active, 1 blocked, 2 destroyed)'],
  [0xdf46, 'Entitlement State'],
  [0xdf47, 'Entitlement Rule Parameters'],
  [0xdf48, 'Last Accepted Date', 'n', 'YYMMDD'],
  [0xdf4b, 'Issuer Certificate'],
  [0xdf4c, 'Card Certificate'],
  [0xdf50, 'Debit Proof (card-signed)'],
  [0xdf51, 'Log Entries'],
  [0xdf52, 'Entitlement Load'],
  [0xdf53, 'Applet Version'],
  [0xdf55, 'Supervisor Certificate'],
  [0xdf56, 'Supervisor Authorization'],
  [0xdf57, 'Household Card Id'],
  [0xdf58, 'Supervision Reason'],
];

const TAGS: ReadonlyMap<number, TagInfo> = new Map(
  ROWS.map(([tag, name, format, layout]) => [
    tag,
    { name, format: format ?? 'b', source: 'card', constructed: (tag >> 8 & 0x20) !== 0, ...(layout ? { layout } : {}) },
  ]),
);

// See card/gov/COMMANDS.md: the proprietary class 80 commands, by INS; VERIFY (biometric) is 00 21.
const CLA_80_COMMANDS: ReadonlyMap<number, string> = new Map([
  [0xca, 'READ DATA'],
  [0xda, 'SET DATE'],
  [0xde, 'DEBIT ENTITLEMENT'],
  [0x5c, 'SUPERVISE'],
  [0x5a, 'VERIFY SUPERVISED'],
  [0xb2, 'READ LOG'],
  [0xd4, 'LOAD ENTITLEMENTS'],
]);

/** KARTGOV's tags and commands for `formatApduTrace(..., { names })`. */
export const KARTGOV_TRACE_NAMES: TraceNames = {
  describeTag: (tag) => TAGS.get(tag),
  describeCommand(capdu) {
    const [cla = 0, ins = 0, p1 = 0, p2 = 0] = capdu;
    if ((cla & 0xfc) === 0x80) {
      const name = CLA_80_COMMANDS.get(ins);
      return name === 'READ DATA' ? `${name} ${(((p1 << 8) | p2) >>> 0).toString(16).toUpperCase().padStart(p1 ? 4 : 2, '0')}` : name;
    }
    if ((cla & 0xfc) === 0x00 && ins === 0x21) return 'VERIFY (biometric)';
    return undefined;
  },
};
