/** A small hand-made record and its exact bytes, shared by the codec suites. See ISO/IEC 19794-2:2005. */
import type { FingerMinutiaeRecord } from '../../../terminal/biometrics/finger-minutiae-record.ts';

export const HAND_MADE_RECORD: FingerMinutiaeRecord = {
  captureEquipmentCertification: 1,
  captureDeviceTypeId: 0x0ab,
  imageWidth: 320,
  imageHeight: 400,
  resolutionX: 197,
  resolutionY: 197,
  views: [
    {
      fingerPosition: 2,
      viewNumber: 0,
      impressionType: 0,
      fingerQuality: 80,
      minutiae: [
        { type: 1, x: 100, y: 200, angle: 64, quality: 90 },
        { type: 2, x: 15, y: 300, angle: 200, quality: 45 },
      ],
      extendedData: new Uint8Array(0),
    },
  ],
};

// prettier-ignore
export const HAND_MADE_BYTES = Uint8Array.of(
  0x46, 0x4d, 0x52, 0x00, // 'FMR\0'
  0x20, 0x32, 0x30, 0x00, // ' 20\0'
  0x00, 0x00, 0x00, 0x2a, // record length 42
  0x10, 0xab, // certification 1, device type 0x0AB
  0x01, 0x40, 0x01, 0x90, // 320 x 400 pixels
  0x00, 0xc5, 0x00, 0xc5, // 197 px/cm (500 dpi) both ways
  0x01, 0x00, // one view, reserved
  0x02, 0x00, 0x50, 0x02, // right index, view 0 / live plain, quality 80, 2 minutiae
  0x40, 0x64, 0x00, 0xc8, 0x40, 0x5a, // ending at (100, 200), angle 64 (90 degrees), quality 90
  0x80, 0x0f, 0x01, 0x2c, 0xc8, 0x2d, // bifurcation at (15, 300), angle 200, quality 45
  0x00, 0x00, // no extended data
);

/** The same minutiae in the compact card format: 0.1 mm = round(px * 100 / 197), angle / 4. */
// prettier-ignore
export const HAND_MADE_COMPACT_BYTES = Uint8Array.of(
  0x33, 0x66, 0x50, // x 51, y 102, ending, angle 16
  0x08, 0x98, 0xb2, // x 8, y 152, bifurcation, angle 50
);
