/**
 * `createTerminal({ profile, bindings })`: a terminal on the devices the caller gives it (real ones from
 * `terminal/hal/pcsc`, `node-hid`, `serialport` bindings, or simulated ones), with its reader found by the
 * profile's reader-name pattern.
 */
import { loadProfiles } from '../hardware-profiles/load-profiles.ts';
import { ProfileError, type CardReaderProfile } from '../hardware-profiles/profile.ts';
import { createTerminalCore, type Terminal, type TerminalBindings } from '../terminal/terminal.ts';

export interface CreateTerminalOptions {
  /** A card-reader profile, or the id of a shipped one (default "ccid-contact-reader"). */
  readonly profile?: CardReaderProfile | string;
  readonly bindings: TerminalBindings;
}

export function createTerminal(options: CreateTerminalOptions): Terminal {
  const wanted = options.profile ?? 'ccid-contact-reader';
  let profile: CardReaderProfile | undefined;
  if (typeof wanted === 'string') {
    const found = loadProfiles().find((p) => p.id === wanted);
    if (!found) throw new ProfileError('profile', `no shipped profile with id ${wanted}`);
    if (found.kind !== 'card-reader') throw new ProfileError('profile', `${wanted} is a ${found.kind} profile, not a card reader`);
    profile = found;
  } else profile = wanted;
  return createTerminalCore({ bindings: options.bindings, readerNamePattern: profile.readerNamePattern });
}
