import { suite } from '../../support/suite.ts';
import { fingerprintScannerContract } from './fingerprint-scanner.contract.ts';
import { createSimFingerprintScanner } from '../../../terminal/hal/sim/sim-fingerprint-scanner.ts';
import { createSimHidFingerprintDevice } from '../../../terminal/hal/sim/sim-hid-fingerprint-device.ts';
import { HidFingerprintScanner } from '../../../terminal/hal/hid/hid-fingerprint-scanner.ts';
import { createSimR30xModule } from '../../../terminal/hal/sim/sim-r30x-module.ts';
import { R30xFingerprintScanner } from '../../../terminal/hal/uart/r30x-fingerprint-scanner.ts';
import { scannerProfile } from './fingerprint-test-helpers.ts';
import { openMockR30xPort } from './uart/mock-r30x-port.ts';

const test = suite('terminal/hal/fingerprint-scanner (contract)', { timeoutMs: 10_000 });

for (const yields of ['iso-19794-2', 'vendor-template', 'image'] as const) {
  fingerprintScannerContract(test, `SimFingerprintScanner (${yields})`, async () => {
    const scanner = createSimFingerprintScanner({ yields });
    return { scanner, script: scanner.script };
  });
}

const hidProfile = scannerProfile('generic-hid-scanner', { packetTimeoutMs: 300 });
fingerprintScannerContract(test, 'HidFingerprintScanner (simulated device)', async () => {
  const device = createSimHidFingerprintDevice({ profile: hidProfile });
  return { scanner: await HidFingerprintScanner.open({ profile: hidProfile, open: device.open, readSliceMs: 20 }), script: device.script };
});

const r30xProfile = scannerProfile('r30x-uart-scanner', { packetTimeoutMs: 300 });
fingerprintScannerContract(test, 'R30xFingerprintScanner (binding-mock)', async () => {
  const module = createSimR30xModule();
  return { scanner: await R30xFingerprintScanner.open({ profile: r30xProfile, port: await openMockR30xPort(module), pollMs: 20 }), script: module.script };
});

test.run();
