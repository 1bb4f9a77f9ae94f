import * as assert from 'uvu/assert';
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { chmod, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { suite } from '../../support/suite.ts';
import { TerminalError } from '../../../terminal/errors.ts';
import { FileKeyStore } from '../../../terminal/keys/file-key-store.ts';

const test = suite('terminal/keys/file-key-store');
let dir = '';
test.before.each(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kart-keys-'));
});
test.after.each(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function expectCode(path: string, code: string): Promise<TerminalError> {
  try {
    await FileKeyStore.open(path);
  } catch (error) {
    assert.instance(error, TerminalError);
    assert.is((error as TerminalError).code, code, (error as Error).message);
    return error as TerminalError;
  }
  throw new assert.Assertion({ message: `expected ${code}`, operator: 'throws', generated: false, expects: code, actual: 'resolved' });
}

test('creates a 0600 PKCS#8 P-256 key on first use and loads the same key afterwards', async () => {
  const path = join(dir, 'device.key');
  const first = await FileKeyStore.open(path);
  assert.ok(first.created);
  assert.is((await stat(path)).mode & 0o777, 0o600);
  assert.match(await readFile(path, 'utf8'), /^-----BEGIN PRIVATE KEY-----\n/);
  assert.equal(await readdir(dir), ['device.key'], 'no temporary file left');
  const second = await FileKeyStore.open(path);
  assert.not.ok(second.created);
  assert.equal(await second.publicKey(), await first.publicKey());
  const spki = createPublicKey({ key: Buffer.from(await first.publicKey()), format: 'der', type: 'spki' });
  assert.is(spki.asymmetricKeyDetails?.namedCurve, 'prime256v1');
});

test('signs with ECDSA P-256 SHA-256 as raw 64-byte r||s that verifies, and not for other data', async () => {
  const store = await FileKeyStore.open(join(dir, 'device.key'));
  const key = createPublicKey({ key: Buffer.from(await store.publicKey()), format: 'der', type: 'spki' });
  const data = new TextEncoder().encode('batch 7: seq 1..250');
  const signature = await store.sign(data);
  assert.is(signature.length, 64);
  assert.ok(verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature));
  assert.not.ok(verify('sha256', new TextEncoder().encode('batch 7: seq 1..251'), { key, dsaEncoding: 'ieee-p1363' }, signature));
});

test('refuses a key file that group or others can read or write', async () => {
  const path = join(dir, 'device.key');
  await FileKeyStore.open(path);
  for (const mode of [0o640, 0o604, 0o620, 0o644, 0o666]) {
    await chmod(path, mode);
    const error = await expectCode(path, 'TERM_KEY_FILE_INSECURE');
    assert.match(error.message, mode.toString(8));
    assert.ok(error.userMessage?.ar);
  }
  await chmod(path, 0o400);
  assert.ok(await FileKeyStore.open(path));
});

test('refuses a symbolic link and a directory', async () => {
  const real = join(dir, 'real.key');
  await FileKeyStore.open(real);
  await symlink(real, join(dir, 'link.key'));
  await expectCode(join(dir, 'link.key'), 'TERM_KEY_FILE_INSECURE');
  await expectCode(dir, 'TERM_KEY_FILE_INSECURE');
});

test('a file that is not a P-256 PKCS#8 key is TERM_KEY_INVALID', async () => {
  const garbage = join(dir, 'garbage.key');
  await writeFile(garbage, 'not a key', { mode: 0o600 });
  await expectCode(garbage, 'TERM_KEY_INVALID');
  const p384 = join(dir, 'p384.key');
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
  await writeFile(p384, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  await expectCode(p384, 'TERM_KEY_INVALID');
});

test('key bytes appear in no error, inspect output or JSON', async () => {
  const path = join(dir, 'device.key');
  const store = await FileKeyStore.open(path);
  const pem = await readFile(path, 'utf8');
  const secret = pem.split('\n')[1]!;
  const shown = [inspect(store, { showHidden: true, depth: 5 }), JSON.stringify(store)];
  await chmod(path, 0o644);
  const error = await expectCode(path, 'TERM_KEY_FILE_INSECURE');
  shown.push(inspect(error, { depth: 5 }));
  await writeFile(path, pem.replace(secret, secret.slice(0, 20) + '!' + secret.slice(21)), { mode: 0o600 });
  await chmod(path, 0o600);
  shown.push(inspect(await expectCode(path, 'TERM_KEY_INVALID'), { depth: 5 }));
  for (const text of shown) {
    assert.not.ok(text.includes(secret.slice(0, 24)), text);
    assert.ok(text.length > 0);
  }
});

test.run();
