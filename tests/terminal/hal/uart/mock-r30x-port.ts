/**
 * A `SerialPortMock` (serialport's export of @serialport/binding-mock) whose far end is a simulated R30x module, in process: what the
 * driver writes reaches the module, what the module sends is emitted as received data. For the fast suites.
 */
import { SerialPortMock } from 'serialport';
import type { SimR30xModule } from '../../../../terminal/hal/sim/sim-r30x-module.ts';
import type { SerialStream } from '../../../../terminal/hal/uart/serial-stream.ts';

let count = 0;

/** Opens a mock port wired to `module`; each call uses a fresh port path. */
export async function openMockR30xPort(module: SimR30xModule): Promise<SerialPortMock & SerialStream> {
  const path = `/dev/kart-mock-r30x-${process.pid}-${++count}`;
  SerialPortMock.binding.createPort(path, { echo: false, record: false });
  const port = await new Promise<SerialPortMock>((resolve, reject) => {
    const p = new SerialPortMock({ path, baudRate: 57_600 }, (error) => (error ? reject(error) : resolve(p)));
  });
  const binding = port.port!;
  const write = binding.write.bind(binding);
  binding.write = async (buffer: Buffer) => {
    await write(buffer);
    module.receive(new Uint8Array(buffer));
  };
  module.onSend = (bytes) => setImmediate(() => binding.isOpen && binding.emitData(Buffer.from(bytes)));
  return port as SerialPortMock & SerialStream;
}
