/**
 * PcscCardReader against the real stack: pcsclite → a private pcscd → vpcd → a virtual card served by the bridge.
 * Runs the card-reader contract, then what only the real stack can do: pcscd killed mid-command, restarted, and
 * restarted with other readers.
 */
import * as assert from 'uvu/assert';
import { createDemoCard } from '../../../../card/demo-card.ts';
import type { VpcdBridge } from '../../../../card/vpcd-bridge.ts';
import { startPrivatePcscd, type PrivatePcscd } from '../../../../sdk/testbench/private-pcscd.ts';
import type { CardConnection, ReaderEvent } from '../../../../terminal/hal/card-reader.ts';
import { createPcscCardReader, type PcscCardReader } from '../../../../terminal/hal/pcsc/pcsc-card-reader.ts';
import { realStackStatus } from '../../../support/real-stack.ts';
import { skipSuite } from '../../../support/skip.ts';
import { suite } from '../../../support/suite.ts';
import { cardReaderContract, rejectsWith } from '../card-reader.contract.ts';
import { SELECT_DEMO } from '../test-card.ts';

const NAME = 'terminal/hal/pcsc/pcsc-card-reader';
const test = suite(NAME, { timeoutMs: 15_000 });

test('without pcsclite, creation fails with HAL_PCSC_UNAVAILABLE naming what to install', async () => {
  const error = await rejectsWith(
    createPcscCardReader({ load: () => Promise.reject(new Error('Cannot find module pcsclite')) }),
    'HAL_PCSC_UNAVAILABLE',
  );
  assert.match(error.message, 'apt-get install pcscd libpcsclite-dev');
  assert.match(error.message, 'npm run setup:real-stack');
});

const stack = realStackStatus();
if (stack.ok || !skipSuite(NAME, stack)) {
  let pcscd: PrivatePcscd;
  const bridges = new Set<VpcdBridge>();
  const settleMs = 4_000;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  test.before(async () => {
    pcscd = await startPrivatePcscd();
    // libpcsclite reads this once, at the first context of the process.
    process.env['PCSCLITE_CSOCK_NAME'] = pcscd.socketPath;
  });
  test.after(async () => {
    await Promise.all([...bridges].map((bridge) => bridge.close()));
    await pcscd?.stop();
    // Now and then a pcsclite status thread outlives every close (a native handle keeps the loop alive, seen about
    // one run in three): end the process once uvu has reported, keeping its exit code.
    setTimeout(() => process.exit(), 1_000).unref();
  });

  const serve = async (): Promise<VpcdBridge> => {
    const bridge = await pcscd.serveCard(createDemoCard());
    bridges.add(bridge);
    return bridge;
  };
  const unserve = async (bridge: VpcdBridge | undefined): Promise<void> => {
    if (!bridge) return;
    bridges.delete(bridge);
    await bridge.close();
  };

  cardReaderContract(test, async () => {
    const reader = await createPcscCardReader();
    const readerName = pcscd.readerNames[0]!;
    let bridge: VpcdBridge | undefined;
    await reader.waitForCardRemoval(readerName, { timeoutMs: settleMs }).catch(async (error: unknown) => {
      await reader.close();
      throw error;
    });
    return {
      reader,
      readerName,
      settleMs,
      insertCard: async () => void (bridge = await serve()),
      removeCard: async () => {
        await unserve(bridge);
        bridge = undefined;
      },
      close: async () => {
        await reader.close();
        await unserve(bridge);
      },
    };
  });

  const withCard = async (reader: PcscCardReader) => {
    const bridge = await serve();
    const name = pcscd.readerNames[0]!;
    await reader.waitForCard(name, { timeoutMs: settleMs });
    return { bridge, name, connection: await reader.connect(name) };
  };

  test('pcscd killed mid-command: the command, waits and later calls fail with HAL_DISCONNECTED at once', async () => {
    const reader = await createPcscCardReader();
    const { bridge, name, connection } = await withCard(reader);
    try {
      await killMidCommand(reader, name, connection);
    } finally {
      await unserve(bridge);
      await pcscd.restart();
      await reader.close();
    }
  });

  async function killMidCommand(reader: PcscCardReader, name: string, connection: CardConnection): Promise<void> {
    let sent = 0;
    const busy = (async () => {
      for (;;) {
        await connection.transmit(SELECT_DEMO);
        sent += 1;
      }
    })();
    busy.catch(() => {}); // settled below; not an unhandled rejection while pcscd is being killed
    const waiting = reader.waitForCardRemoval(name);
    waiting.catch(() => {});
    await sleep(100);
    assert.ok(sent > 0, 'no APDU went through before the kill');
    const killedAt = performance.now();
    await pcscd.kill('SIGKILL');
    await rejectsWith(busy, 'HAL_DISCONNECTED');
    await rejectsWith(waiting, 'HAL_DISCONNECTED');
    assert.ok(performance.now() - killedAt < 1_000, `took ${performance.now() - killedAt} ms`);
    await rejectsWith(connection.transmit(SELECT_DEMO), 'HAL_DISCONNECTED');
    await rejectsWith(reader.connect(name), 'HAL_DISCONNECTED');
    assert.equal(await reader.listReaders(), []);
    assert.is(reader.serviceAvailable, false);
  }

  test('after pcscd restarts, the readers are listed again within 2 s through a new context', async () => {
    const reader = await createPcscCardReader();
    const events: ReaderEvent[] = [];
    reader.onEvent((event) => events.push(event));
    const names = [...pcscd.readerNames];
    await pcscd.kill('SIGKILL');
    const restartedAt = performance.now();
    await pcscd.restart();
    while (!names.every((name) => events.filter((e) => e.type === 'reader-added' && e.reader === name).length === 2)) {
      assert.ok(performance.now() - restartedAt < 2_000, `readers not back: ${JSON.stringify(events)}`);
      await sleep(20);
    }
    assert.equal((await reader.listReaders()).sort(), names.sort());
    assert.ok(events.some((e) => e.type === 'reader-removed'));
    const { bridge, connection } = await withCard(reader);
    const rapdu = await connection.transmit(SELECT_DEMO);
    assert.equal([...rapdu.slice(-2)], [0x90, 0x00]);
    await connection.disconnect();
    await unserve(bridge);
    await reader.close();
  });

  test('readers come and go when pcscd restarts with another configuration', async () => {
    const reader = await createPcscCardReader();
    const before = [...pcscd.readerNames];
    const ports = pcscd.vpcdPorts;
    const extraPort = ports[0]! + 2;
    await pcscd.restart({ vpcdPorts: [...ports, extraPort], friendlyNames: ['Virtual PCD', 'Second PCD'] });
    const widened = [...pcscd.readerNames];
    assert.ok(widened.length > before.length, `readers: ${widened.join(', ')}`);
    const added = widened.find((name) => !before.includes(name))!;
    await waitUntil(async () => (await reader.listReaders()).includes(added));
    await pcscd.restart({ vpcdPorts: ports });
    const restored = JSON.stringify([...pcscd.readerNames].sort());
    await waitUntil(async () => JSON.stringify((await reader.listReaders()).sort()) === restored);
    assert.not.ok((await reader.listReaders()).includes(added));
    await reader.close();
  });

  async function waitUntil(condition: () => Promise<boolean>, limitMs = 3_000): Promise<void> {
    const started = performance.now();
    while (!(await condition())) {
      assert.ok(performance.now() - started < limitMs, 'condition not met in time');
      await sleep(20);
    }
  }
}

test.run();
