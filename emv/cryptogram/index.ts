/**
 * Application cryptograms and issuer authentication with Triple DES. See EMV 4.4 Book 2, 8.1, 8.2.1 and Annex A1.2
 * to A1.4.
 */
export { deriveIccMasterKey, deriveSessionKey, deriveCommonSessionKey } from './keys.ts';
export { retailMac, padMethod2 } from './mac.ts';
export { applicationCryptogram, arpcMethod1, cryptogramInputBytes, type CryptogramInput } from './application-cryptogram.ts';
export {
  CVR_BITS,
  KART_CVN_01,
  KART_IAD_LENGTH,
  decodeCvr,
  decodeIssuerApplicationData,
  emptyCvr,
  encodeCvr,
  encodeIssuerApplicationData,
  type CardVerificationResults,
  type CvrFirstAcType,
  type CvrSecondAcType,
} from './issuer-application-data.ts';
