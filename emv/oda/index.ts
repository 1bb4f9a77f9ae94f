/** EMV offline data authentication with RSA: certificates and signatures for both the card and the terminal. */
export {
  generateRsaKeyPair,
  rsaPublic,
  rsaPrivate,
  encodeRsaKeyPair,
  decodeRsaKeyPair,
  type RsaPublicKey,
  type RsaPrivateKey,
  type RsaKeyPair,
} from './rsa.ts';
export { findCaPublicKey, type CaPublicKey } from './ca-keys.ts';
export { KART_TEST_RID, KART_TEST_CA, KART_TEST_ISSUER } from './test-keys.ts';
export {
  issueIssuerPublicKeyCertificate,
  issueIccPublicKeyCertificate,
  signStaticApplicationData,
  signDynamicApplicationData,
  cdaIccDynamicData,
  transactionDataHashCode,
  type CertificateParts,
} from './certificates.ts';
export {
  recoverIssuerPublicKey,
  recoverIccPublicKey,
  verifySignedStaticApplicationData,
  verifySignedDynamicApplicationData,
  verifyCdaSignature,
  type YearMonth,
} from './verify.ts';
export { staticDataToAuthenticate } from './static-data.ts';
