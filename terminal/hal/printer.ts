/**
 * The receipt-printer contract: print a job (ESC/POS bytes, or a `Receipt` the printer lays out for its own width
 * and code page) and read the printer's status. Interface only; implementations (`SerialPrinter` over serialport,
 * `SimPrinter`) are peers injected by the caller.
 *
 * Faults are `HalError`s: `HAL_PRINTER_PAPER_OUT`, `HAL_PRINTER_COVER_OPEN`, `HAL_PRINTER_OFFLINE` (from the
 * status, before printing and after), `HAL_DISCONNECTED` (the printer went away, mid-job included),
 * `HAL_DEVICE_UNRESPONSIVE` (no answer to a status query), `HAL_CANCELED`, `HAL_SERIAL_UNAVAILABLE`.
 * A canceled or failed job may have printed in part: the caller reprints the whole receipt.
 */
import type { UserMessage } from '../errors.ts';
import type { Receipt } from '../print/escpos/receipt.ts';
import { HalError } from './errors.ts';

export interface PrinterStatus {
  readonly online: boolean;
  readonly paperOut: boolean;
  readonly paperNearEnd: boolean;
  readonly coverOpen: boolean;
}

export interface PrintOptions {
  readonly signal?: AbortSignal;
}

/** What to print: raw ESC/POS bytes or a receipt. */
export type PrintJob = Uint8Array | Receipt;

export interface Printer {
  /** Prints one job; resolves when the printer has taken all of it and reports no fault. */
  print(job: PrintJob, options?: PrintOptions): Promise<void>;
  status(options?: PrintOptions): Promise<PrinterStatus>;
  close(): Promise<void>;
}

/** Messages for the printer faults a cashier sees. */
export const PRINTER_USER_MESSAGES = {
  HAL_PRINTER_PAPER_OUT: { ar: 'نفد ورق الطابعة: ضع بكرة جديدة ثم أعد طباعة الإيصال.', en: 'The printer is out of paper: load a new roll, then reprint the receipt.' },
  HAL_PRINTER_COVER_OPEN: { ar: 'غطاء الطابعة مفتوح: أغلقه ثم أعد طباعة الإيصال.', en: 'The printer cover is open: close it, then reprint the receipt.' },
  HAL_PRINTER_OFFLINE: { ar: 'الطابعة غير جاهزة: تحقق منها ثم أعد طباعة الإيصال.', en: 'The printer is not ready: check it, then reprint the receipt.' },
} as const satisfies Record<string, UserMessage>;

/** Throws the `HalError` a status that forbids printing calls for (paper out first, then cover, then offline). */
export function assertPrinterReady(status: PrinterStatus): void {
  if (status.paperOut) throw new HalError('HAL_PRINTER_PAPER_OUT', 'printer: out of paper');
  if (status.coverOpen) throw new HalError('HAL_PRINTER_COVER_OPEN', 'printer: cover open');
  if (!status.online) throw new HalError('HAL_PRINTER_OFFLINE', 'printer: offline');
}

/** Whether a job is raw bytes rather than a receipt. */
export const isRawJob = (job: PrintJob): job is Uint8Array => job instanceof Uint8Array;
