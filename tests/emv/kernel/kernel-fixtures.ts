/** Hex builders for the kernel's exact-APDU table tests. */
import { fromHex, toHex } from '../../../emv/tlv/hex.ts';
import { encodeTlv } from '../../../emv/tlv/encode-tlv.ts';
import type { EmvTerminalConfig, TerminalApplication } from '../../../emv/kernel/terminal-config.ts';
import { KART_COUNTER_CONFIG } from '../../../emv/kernel/kart-counter-config.ts';
import { createTransactionContext, type TransactionContext } from '../../../emv/kernel/transaction-context.ts';
import type { Transceiver } from '../../../emv/transceiver.ts';

/** One TLV as hex: tag hex, value hex (length computed). */
export function tlv(tag: string, value: string): string {
  return toHex(encodeTlv({ tag: parseInt(tag, 16), value: fromHex(value) }));
}

const lc = (hex: string): string => (hex.length / 2).toString(16).padStart(2, '0').toUpperCase();

/** SELECT by name (first or next occurrence). See Book 1, 11.3.2. */
export const select = (nameHex: string, next = false): string => `00A404${next ? '02' : '00'}${lc(nameHex)}${nameHex}00`;
/** READ RECORD. See Book 3, 6.5.11. */
export const readRecord = (sfi: number, record: number): string =>
  `00B2${record.toString(16).padStart(2, '0')}${((sfi << 3) | 4).toString(16).padStart(2, '0')}00`.toUpperCase();
/** GET PROCESSING OPTIONS with the PDOL data. See Book 3, 6.5.8. */
export const gpo = (pdolDataHex = ''): string => `80A80000${lc('83' + lc(pdolDataHex) + pdolDataHex)}83${lc(pdolDataHex)}${pdolDataHex}00`;
/** GET DATA. See Book 3, 6.5.7. */
export const getData = (tag: string): string => `80CA${tag.padStart(4, '0')}00`;
/** GENERATE AC: P1 type (00 AAC, 40 TC, 80 ARQC) plus 10 for CDA. */
export const generateAc = (p1: string, dataHex: string): string => `80AE${p1}00${lc(dataHex)}${dataHex}00`;

/** An FCI: 6F { 84 name, A5 { proprietary } }. */
export const fci = (dfNameHex: string, proprietaryHex = ''): string =>
  tlv('6F', tlv('84', dfNameHex) + tlv('A5', proprietaryHex));

export const PSE_HEX = toHex(new TextEncoder().encode('1PAY.SYS.DDF01'));
export const KARTPAY_HEX = 'A0000009991010';

export const app = (aidHex: string, partial = false, version = '0001'): TerminalApplication => ({
  aid: fromHex(aidHex),
  partialSelection: partial,
  applicationVersion: fromHex(version),
});

/** A context over `trx` with the given data (tag hex → value hex). */
export function contextWith(trx: Transceiver, data: Record<string, string> = {}): TransactionContext {
  return createTransactionContext(trx, new Map(Object.entries(data).map(([tag, value]) => [parseInt(tag, 16), fromHex(value)])));
}

/** A config for step tests: the Kart counter values with the ODA keys left empty. */
export function testConfig(overrides: Partial<EmvTerminalConfig> = {}): EmvTerminalConfig {
  return { ...KART_COUNTER_CONFIG, applications: [app(KARTPAY_HEX)], caKeys: [], ...overrides };
}
