/**
 * A simulated ESC/POS receipt printer. As a device it takes a byte stream (`receive`, e.g. from the far end of a
 * serial link) and answers DLE EOT status queries (`onReply`); as a `Printer` it prints jobs in process. It keeps
 * the paper as lines of logical text (CP864 decoded back to Unicode, visual order reversed to logical, presentation
 * forms back to letters), so tests compare it with `renderReceiptText`. Garbage never throws: unknown commands are
 * skipped and listed in `problems()`.
 */
import type { PrinterProfile } from '../../../hardware-profiles/profile.ts';
import { hasRightToLeft } from '../../print/arabic/bidi-class.ts';
import { logicalLine } from '../../print/arabic/logical-line.ts';
import { decodeCp864 } from '../../print/escpos/cp864.ts';
import type { RasterImage } from '../../print/escpos/escpos-commands.ts';
import { encodeReceipt } from '../../print/escpos/encode-receipt.ts';
import { EscPosParser, type EscPosEvent } from '../../print/escpos/escpos-parser.ts';
import { printLine, type PrintLine } from '../../print/escpos/print-line.ts';
import { OFFLINE_COVER_OPEN, OFFLINE_PAPER_END, PAPER_END, PAPER_NEAR_END, STATUS_FIXED, STATUS_OFFLINE } from '../../print/escpos/printer-status-byte.ts';
import { throwIfAborted } from '../errors.ts';
import { assertPrinterReady, isRawJob, type PrintJob, type PrintOptions, type Printer, type PrinterStatus } from '../printer.ts';

export type PaperItem =
  | { readonly kind: 'line'; readonly line: PrintLine }
  | { readonly kind: 'raster'; readonly image: RasterImage }
  | { readonly kind: 'cut' };

export type EscPosProblem = Extract<EscPosEvent, { kind: 'problem' }>;

export interface SimPrinterState {
  online: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
}

export interface SimPrinterOptions {
  readonly profile: Pick<PrinterProfile, 'columns' | 'arabicCodePage'>;
  readonly state?: Partial<SimPrinterState>;
}

/** Bytes kept of one line without LF; beyond, text is discarded (a real printer would wrap). */
export const MAX_LINE_BYTES = 4096;

/** A fresh simulated printer. */
export class SimPrinter implements Printer {
  readonly profile: Pick<PrinterProfile, 'columns' | 'arabicCodePage'>;
  readonly #state: SimPrinterState;
  readonly #parser = new EscPosParser();
  readonly #paper: PaperItem[] = [];
  readonly #problems: EscPosProblem[] = [];
  readonly #listeners = new Set<(reply: Uint8Array) => void>();
  #line: number[] = [];
  #style = { align: 'left' as PrintLine['align'], bold: false, double: false, codePage: 0 };
  #discarded = 0;

  constructor(options: SimPrinterOptions) {
    this.profile = options.profile;
    this.#state = { online: true, paperOut: false, paperNearEnd: false, coverOpen: false, ...options.state };
  }

  /** Changes the simulated condition (paper out, cover open, offline, near end). */
  set(state: Partial<SimPrinterState>): void {
    Object.assign(this.#state, state);
  }

  /** Takes bytes from the host, as the printer's serial input would. */
  receive(bytes: Uint8Array): void {
    for (const event of this.#parser.push(bytes)) this.#apply(event);
  }

  /** Listens for the bytes the printer sends back (status replies); returns the unsubscribe function. */
  onReply(listener: (reply: Uint8Array) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Everything printed so far, in order. */
  paper(): readonly PaperItem[] {
    return [...this.#paper];
  }

  /** The pieces of paper cut off so far, each as its text (see `renderReceiptText`), trailing blank lines dropped. */
  receipts(): string[] {
    const pieces: string[] = [];
    let lines: string[] = [];
    for (const item of this.#paper) {
      if (item.kind === 'cut') {
        while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
        pieces.push(lines.map((l) => `${l}\n`).join(''));
        lines = [];
      } else lines.push(item.kind === 'line' ? item.line.text : `[raster ${item.image.widthBytes * 8}x${item.image.height}]`);
    }
    return pieces;
  }

  /** Commands skipped as unknown or malformed, with their stream offsets. */
  problems(): readonly EscPosProblem[] {
    return [...this.#problems];
  }

  /** Bytes of text that reached the printer while it could not print (paper out, cover open, offline). */
  get discardedBytes(): number {
    return this.#discarded;
  }

  async print(job: PrintJob, options: PrintOptions = {}): Promise<void> {
    throwIfAborted(options.signal, 'print');
    assertPrinterReady(await this.status());
    this.receive(isRawJob(job) ? job : encodeReceipt(job, this.profile));
  }

  async status(): Promise<PrinterStatus> {
    const { paperOut, paperNearEnd, coverOpen, online } = this.#state;
    return { paperOut, paperNearEnd, coverOpen, online };
  }

  async close(): Promise<void> {}

  #canPrint(): boolean {
    return this.#state.online && !this.#state.paperOut && !this.#state.coverOpen;
  }

  #emit(item: PaperItem): void {
    if (this.#canPrint()) this.#paper.push(item);
  }

  #endLine(): void {
    const bytes = Uint8Array.from(this.#line);
    this.#line = [];
    const arabic = this.profile.arabicCodePage !== undefined && this.#style.codePage === this.profile.arabicCodePage;
    const decoded = arabic ? decodeCp864(bytes) : Array.from(bytes, (b) => String.fromCharCode(b < 0x80 ? b : 0x3f)).join('');
    const text = hasRightToLeft(decoded) ? logicalLine(decoded) : decoded;
    const { align, bold, double } = this.#style;
    this.#emit({ kind: 'line', line: printLine(text, { align, bold, double }) });
  }

  #reply(byte: number): void {
    for (const listener of this.#listeners) listener(Uint8Array.of(byte));
  }

  #apply(event: EscPosEvent): void {
    const s = this.#state;
    switch (event.kind) {
      case 'initialize':
        this.#line = [];
        this.#style = { align: 'left', bold: false, double: false, codePage: 0 };
        return;
      case 'code-page':
        this.#style.codePage = event.n;
        return;
      case 'align':
        this.#style.align = event.align;
        return;
      case 'bold':
        this.#style.bold = event.on;
        return;
      case 'size':
        this.#style.double = event.width > 1 || event.height > 1;
        return;
      case 'text':
        for (const b of event.bytes) {
          if (this.#canPrint() && this.#line.length < MAX_LINE_BYTES) this.#line.push(b);
          else this.#discarded++;
        }
        return;
      case 'line-feed':
        this.#endLine();
        return;
      case 'feed':
        if (this.#line.length > 0) this.#endLine();
        for (let i = 0; i < event.lines; i++) this.#emit({ kind: 'line', line: printLine('') });
        return;
      case 'cut':
        if (this.#line.length > 0) this.#endLine();
        this.#emit({ kind: 'cut' });
        return;
      case 'raster':
        this.#emit({ kind: 'raster', image: event.image });
        return;
      case 'status-query': {
        const offline = !s.online || s.paperOut || s.coverOpen;
        // See printer-status-byte.ts (DLE EOT n replies).
        if (event.n === 1) this.#reply(STATUS_FIXED | (offline ? STATUS_OFFLINE : 0));
        else if (event.n === 2) this.#reply(STATUS_FIXED | (s.coverOpen ? OFFLINE_COVER_OPEN : 0) | (s.paperOut ? OFFLINE_PAPER_END : 0));
        else if (event.n === 3) this.#reply(STATUS_FIXED);
        else if (event.n === 4) this.#reply(STATUS_FIXED | (s.paperNearEnd || s.paperOut ? PAPER_NEAR_END : 0) | (s.paperOut ? PAPER_END : 0));
        else this.#problems.push({ kind: 'problem', code: 'ESCPOS_MALFORMED_COMMAND', offset: -1, bytes: Uint8Array.of(0x10, 0x04, event.n) });
        return;
      }
      case 'ignored':
        return;
      case 'problem':
        this.#problems.push(event);
        return;
    }
  }
}

/** A fresh simulated printer for `profile`. */
export function createSimPrinter(options: SimPrinterOptions): SimPrinter {
  return new SimPrinter(options);
}
