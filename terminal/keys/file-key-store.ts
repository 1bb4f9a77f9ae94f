/**
 * `KeyStore` on a PKCS#8 PEM file holding an ECDSA P-256 private key. The file is created on first use with mode
 * 0600; an existing file that group or others may read or write, that another user owns, or that is a symlink is
 * refused with `TERM_KEY_FILE_INSECURE` (checked on the opened descriptor, not the path, so the check and the read
 * see the same file). A file that is not a P-256 PKCS#8 key is `TERM_KEY_INVALID`. Key bytes are never logged.
 */
import { constants } from 'node:fs';
import { link, open, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { inspect } from 'node:util';
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { TerminalError } from '../errors.ts';
import type { KeyStore } from './key-store.ts';

export class FileKeyStore implements KeyStore {
  readonly #privateKey: KeyObject;
  readonly #publicKey: Uint8Array;

  private constructor(
    /** Where the key file is. */
    readonly path: string,
    privateKey: KeyObject,
    /** True when this call created the key file. */
    readonly created: boolean,
  ) {
    this.#privateKey = privateKey;
    this.#publicKey = new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }));
  }

  /** Loads the key file at `path`, creating a new key there (mode 0600) if there is none. */
  static async open(path: string): Promise<FileKeyStore> {
    let created = false;
    let pem = await readKeyFile(path);
    if (pem === undefined) {
      created = await createKeyFile(path);
      pem = await readKeyFile(path);
      if (pem === undefined) throw new TerminalError('TERM_KEY_IO', `key file ${path} vanished after creation`);
    }
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: pem, format: 'pem' });
    } catch (error) {
      // The cause's message names the parse failure only; the PEM text is not attached anywhere.
      throw new TerminalError('TERM_KEY_INVALID', `key file ${path} is not a PKCS#8 PEM private key`, { cause: (error as { code?: unknown }).code });
    }
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      throw new TerminalError('TERM_KEY_INVALID', `key file ${path} holds a ${key.asymmetricKeyType} key, not ECDSA P-256`);
    }
    return new FileKeyStore(path, key, created);
  }

  publicKey(): Promise<Uint8Array> {
    return Promise.resolve(this.#publicKey.slice());
  }

  sign(data: Uint8Array): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(sign('sha256', data, { key: this.#privateKey, dsaEncoding: 'ieee-p1363' })));
  }

  toJSON(): { path: string } {
    return { path: this.path };
  }

  [inspect.custom](): string {
    return `FileKeyStore { path: ${JSON.stringify(this.path)} }`;
  }
}

/** The PEM text of the key file, or undefined when there is none; refuses an unsafe file. */
async function readKeyFile(path: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') throw new TerminalError('TERM_KEY_FILE_INSECURE', `key file ${path} is a symbolic link`);
    throw new TerminalError('TERM_KEY_IO', `cannot open key file ${path}: ${code}`, { cause: error });
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new TerminalError('TERM_KEY_FILE_INSECURE', `key file ${path} is not a regular file`);
    if ((info.mode & 0o077) !== 0) {
      throw new TerminalError('TERM_KEY_FILE_INSECURE', `key file ${path} has mode ${(info.mode & 0o777).toString(8)}: group or others may use it (want 600)`);
    }
    const uid = process.getuid?.();
    if (uid !== undefined && info.uid !== uid) {
      throw new TerminalError('TERM_KEY_FILE_INSECURE', `key file ${path} is owned by uid ${info.uid}, not ${uid}`);
    }
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * Writes a new P-256 key to `path`: into a private temporary file (0600, synced), then hard-linked to `path`, which
 * fails if it exists, so a crash never leaves a half-written key file. False if another process won the race.
 */
async function createKeyFile(path: string): Promise<boolean> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    try {
      await handle.chmod(0o600);
      await handle.writeFile(privateKey.export({ format: 'pem', type: 'pkcs8' }));
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(temp, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
    const dir = await open(dirname(path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
    return true;
  } catch (error) {
    throw new TerminalError('TERM_KEY_IO', `cannot create key file ${path}: ${(error as NodeJS.ErrnoException).code}`, { cause: error });
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}
