import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'v1.';
const BASE32 = /^[A-Z2-7]+=*$/;

/**
 * TOTP secrets are kept encrypted (AES-256-GCM) so a copy of the database (a backup, a replica,
 * a read-only account) cannot mint second-factor codes. The key is derived from TOTP_KEY, else
 * from the session secret; a stored value is `v1.<iv>.<tag>.<ciphertext>` (base64url), bound to
 * its person so a row copied onto another person does not open.
 */
export class TotpVault {
  private readonly key: Buffer;

  constructor(master: string) {
    this.key = createHmac('sha256', master).update('dle totp secrets at rest').digest();
  }

  seal(personId: string, secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(personId));
    const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return `${PREFIX}${[iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url')).join('.')}`;
  }

  /** The secret; `legacy` when the row predates encryption (stored as plain base32) and should be sealed. */
  open(personId: string, stored: string): { secret: string; legacy: boolean } {
    if (!stored.startsWith(PREFIX)) {
      if (BASE32.test(stored)) return { secret: stored, legacy: true };
      throw new TotpVaultError(personId);
    }
    const [iv, tag, data] = stored
      .slice(PREFIX.length)
      .split('.')
      .map((p) => Buffer.from(p, 'base64url'));
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAAD(Buffer.from(personId));
      decipher.setAuthTag(tag);
      return { secret: Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8'), legacy: false };
    } catch {
      throw new TotpVaultError(personId);
    }
  }
}

/** The stored secret does not open: the key changed (TOTP_KEY or the session secret) or the row was altered. */
export class TotpVaultError extends Error {
  constructor(personId: string) {
    super(`the second-factor secret of person ${personId} cannot be decrypted (was TOTP_KEY or SESSION_SECRET changed?)`);
    this.name = 'TotpVaultError';
  }
}
