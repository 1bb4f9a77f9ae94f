import type { AppletEntry } from './applet-registry.ts';

/** Largest channel count ISO/IEC 7816-4 codes in CLA: basic 0-3 and further 4-19. */
export const MAX_LOGICAL_CHANNELS = 20;

/**
 * The card's open logical channels and the applet selected on each (volatile: lost on power-off and reset,
 * when only the basic channel 0 is open, with nothing selected).
 *
 * @remarks See ISO/IEC 7816-4:2020, 5.4.2 (logical channels) and 11.1.2 (MANAGE CHANNEL).
 */
export class LogicalChannels {
  readonly #selected = new Map<number, AppletEntry | undefined>();

  constructor(readonly count: number) {
    this.reset();
  }

  reset(): void {
    this.#selected.clear();
    this.#selected.set(0, undefined);
  }

  isOpen(channel: number): boolean {
    return this.#selected.has(channel);
  }

  /** Lowest closed channel number the card can assign, if any. */
  lowestFree(): number | undefined {
    for (let channel = 1; channel < this.count; channel++) if (!this.isOpen(channel)) return channel;
    return undefined;
  }

  open(channel: number): void {
    this.#selected.set(channel, undefined);
  }

  close(channel: number): void {
    this.#selected.delete(channel);
  }

  selected(channel: number): AppletEntry | undefined {
    return this.#selected.get(channel);
  }

  select(channel: number, entry: AppletEntry | undefined): void {
    if (this.isOpen(channel)) this.#selected.set(channel, entry);
  }
}
