/**
 * A TCP proxy for tests that cuts a connection after exactly N bytes of the request or of the response: the N bytes
 * are delivered (then FIN), the other side is reset. One plan per connection, taken when it opens.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface CutPlan {
  readonly direction: 'request' | 'response';
  readonly afterBytes: number;
}

export interface CuttingProxy {
  readonly port: number;
  /** The plan for the next connections (undefined: pass everything). */
  plan: CutPlan | undefined;
  /** Bytes seen in each direction on the last connection. */
  readonly last: { request: number; response: number };
  close(): Promise<void>;
}

export async function startCuttingProxy(targetPort: number): Promise<CuttingProxy> {
  const sockets = new Set<Socket>();
  const proxy: CuttingProxy = {
    port: 0, plan: undefined, last: { request: 0, response: 0 },
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
  const server: Server = createServer((client) => {
    const plan = proxy.plan;
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    const counts = { request: 0, response: 0 };
    proxy.last.request = 0;
    proxy.last.response = 0;
    const pipe = (from: Socket, to: Socket, direction: 'request' | 'response') => {
      let cut = false;
      from.on('data', (chunk: Buffer) => {
        if (cut) return;
        const limit = plan?.direction === direction ? plan.afterBytes : Infinity;
        const room = limit - counts[direction];
        if (chunk.length < room) {
          counts[direction] += chunk.length;
          proxy.last[direction] = counts[direction];
          to.write(chunk);
          return;
        }
        cut = true;
        counts[direction] += room;
        proxy.last[direction] = counts[direction];
        to.end(chunk.subarray(0, room));
        from.destroy();
      });
      from.on('end', () => {
        if (!cut) to.end();
      });
      from.on('close', () => {
        if (!to.writableEnded) to.destroy();
      });
    };
    pipe(client, upstream, 'request');
    pipe(upstream, client, 'response');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (proxy as { port: number }).port = (server.address() as { port: number }).port;
  return proxy;
}
