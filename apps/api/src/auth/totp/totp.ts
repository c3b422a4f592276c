import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';

/**
 * The optional second factor: time-based one-time codes (RFC 6238: 6 digits, 30 s, SHA-1, which
 * every authenticator app reads from the otpauth:// link or its QR code). Time comes from the
 * caller's clock; a code is accepted one step early or late (clocks drift) and only once: the
 * step it matched is kept and codes of that step or earlier are refused afterwards.
 */
export const TOTP_PERIOD_SECONDS = 30;

export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// link an authenticator app enrols from ("Issuer:email"). */
export function totpUri(secret: string, email: string, issuer: string): string {
  return generateURI({ issuer, label: email, secret, period: TOTP_PERIOD_SECONDS });
}

export type TotpCheck = { ok: true; step: number } | { ok: false };

/** `code` as typed (spaces allowed); `lastStep`: the step of the last code accepted, if any. */
export function checkTotp(secret: string, code: string, now: Date, lastStep?: number): TotpCheck {
  const digits = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(digits)) return { ok: false };
  const result = verifySync({
    secret,
    token: digits,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOTP_PERIOD_SECONDS,
    period: TOTP_PERIOD_SECONDS,
    ...(lastStep !== undefined ? { afterTimeStep: lastStep } : {}),
  });
  return result.valid && 'timeStep' in result ? { ok: true, step: result.timeStep } : { ok: false };
}

/** The code an authenticator shows at `now` (tests and the enrolment check use it). */
export function totpCodeAt(secret: string, now: Date): string {
  return generateSync({ secret, epoch: Math.floor(now.getTime() / 1000), period: TOTP_PERIOD_SECONDS });
}
