export { acknowledgementUrl, signAckToken, verifyAckToken, MAX_ACK_TOKEN_LENGTH, type AckClaims, type AckTokenCheck } from './ack-token';
export { acknowledgementSecret, type AckSecretSource } from './ack-secret';
export {
  Acknowledgements,
  AcknowledgementRefused,
  type AckConfirmed,
  type AckLetter,
  type AckRefusal,
  type AcknowledgementsDeps,
} from './acknowledge-notice';
