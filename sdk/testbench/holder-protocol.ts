/**
 * Messages between `private-pcscd.ts` (the parent) and `pcscd-holder.ts` (the process holding the private mount
 * and network namespaces), over the Node IPC channel.
 */

/** How the holder was started: by root, inside a user namespace, or without namespaces at all. */
export type HolderMode = 'root' | 'user' | 'none';

/** Passed to the holder as JSON in the `KART_PCSCD_HOLDER` environment variable. */
export interface HolderConfig {
  readonly mode: HolderMode;
  /** Bench directory: `run/` is bind-mounted over /run/pcscd, `empty/` over the drivers dir when hiding them. */
  readonly dir: string;
  /** Where pcscd puts its socket, as seen from outside the namespace. */
  readonly socketPath: string;
  /** Turn on TCP quick-ack on the namespace's loopback routes. */
  readonly quickack: boolean;
  /** Hide this drivers directory (USB reader bundles) from pcscd; absent: leave it. */
  readonly hideDriversDir?: string;
}

export type HolderRequest =
  | { readonly op: 'start'; readonly id: number; readonly configFile: string; readonly env: Record<string, string> }
  | { readonly op: 'kill'; readonly id: number; readonly signal: NodeJS.Signals }
  | { readonly op: 'connect'; readonly id: number; readonly port: number }
  | { readonly op: 'stop'; readonly id: number };

export type HolderMessage =
  | { readonly event: 'ready'; readonly quickack: boolean; readonly notes: string[] }
  | { readonly event: 'pcscd-exit'; readonly code: number | null; readonly signal: string | null }
  | { readonly event: 'reply'; readonly id: number; readonly ok: true; readonly pid?: number }
  | { readonly event: 'reply'; readonly id: number; readonly ok: false; readonly code: string; readonly message: string };

/** The holder's environment variable carrying its `HolderConfig`. */
export const HOLDER_ENV = 'KART_PCSCD_HOLDER';
