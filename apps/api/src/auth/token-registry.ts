import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import { normaliseAgencyCode } from '@app/domain';
import { AuthTokenConfig, authTokenDigest } from '@app/platform';
import type { Actor } from './actor';

const digest = (token: string): Buffer => createHash('sha256').update(token).digest();

/**
 * A token's identity for idempotency scopes and logs: derived from its digest, one way, so it
 * names the token without being usable to look it up or to present it.
 */
const tokenId = (tokenDigest: string): string =>
  `token:${createHash('sha256').update(`actor-id:${tokenDigest}`).digest('hex').slice(0, 20)}`;

/**
 * Bearer tokens from AUTH_TOKENS (and AUTH_TOKENS_FILE), kept only as SHA-256 digests: entries
 * may hold the digest alone (`tokenSha256`, made by `npm run cli -- token create`), so the
 * configuration need not contain a usable token, and a memory dump shows none. A presented
 * token is hashed and compared with every digest in constant time (crypto.timingSafeEqual,
 * no early exit), so the answer's timing says nothing about which or how much matched.
 */
export class TokenRegistry {
  private readonly entries: { digest: Buffer; actor: Actor }[] = [];

  constructor(tokens: AuthTokenConfig[]) {
    for (const [index, t] of tokens.entries()) {
      // loadConfig refuses this at start-up; here too, since an officer of no agency would be
      // scoped to nothing and so read everything.
      if (t.role === 'agency' && !t.agency?.trim())
        throw new Error(`AUTH_TOKENS entry ${t.name ?? index + 1} has role agency but no agency`);
      const tokenDigest = authTokenDigest(t);
      this.entries.push({
        digest: Buffer.from(tokenDigest, 'hex'),
        // the agency code in the form tasks store it, so a token written `bca` acts for BCA
        actor: {
          id: tokenId(tokenDigest),
          role: t.role,
          roles: [t.role],
          name: t.name ?? `${t.role}${t.agency ? `:${t.agency}` : ''}`,
          agency: t.agency ? normaliseAgencyCode(t.agency) : undefined,
        },
      });
    }
  }

  resolve(token: string): Actor | null {
    const presented = digest(token);
    let found: Actor | null = null;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, presented) && found === null) found = entry.actor;
    }
    return found;
  }

  get size(): number {
    return this.entries.length;
  }

  /**
   * With no AUTH_TOKENS, a first start must still be usable: an admin token is generated once
   * into DATA_DIR/admin-token (mode 600). The log names the file, never the token.
   */
  static withBootstrapAdmin(tokens: AuthTokenConfig[], dataDir: string): TokenRegistry {
    if (tokens.length > 0) return new TokenRegistry(tokens);
    const file = path.resolve(dataDir, 'admin-token');
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, randomBytes(24).toString('hex') + '\n', { mode: 0o600 });
    }
    chmodSync(file, 0o600);
    new Logger('Auth').warn(`AUTH_TOKENS is not set: an admin token is in ${file}`);
    return new TokenRegistry([{ token: readFileSync(file, 'utf8').trim(), role: 'admin', name: 'bootstrap-admin' }]);
  }
}
