/**
 * A terminal that remembers its card sessions: the same `Terminal`, with every session it opens kept (each session
 * keeps its own exchanges) so that the bench can print the APDU trace of the sale just made. Only the last
 * `keep` sessions are held.
 */
import type { CardSession } from '../../terminal/card-session.ts';
import type { Terminal } from '../../terminal/terminal.ts';

export interface TappedTerminal extends Terminal {
  /** The sessions opened so far, oldest first (at most `keep`). */
  readonly sessions: readonly CardSession[];
}

/** Wraps `terminal`; `keep` (default 8) bounds the sessions held. */
export function tapSessions(terminal: Terminal, keep = 8): TappedTerminal {
  const sessions: CardSession[] = [];
  return {
    bindings: terminal.bindings,
    sessions,
    findReader: (options) => terminal.findReader(options),
    async acceptCard(options) {
      const session = await terminal.acceptCard(options);
      sessions.push(session);
      if (sessions.length > keep) sessions.shift();
      return session;
    },
    close: () => terminal.close(),
  };
}
