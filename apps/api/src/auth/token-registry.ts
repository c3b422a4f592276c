import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import type { AuthTokenConfig } from '@app/platform';
import type { Actor } from './actor';

const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Bearer tokens from AUTH_TOKENS, kept only as SHA-256 digests: a lookup by digest does not
 * leak how much of a guessed token matched, and a memory dump shows no usable token.
 */
export class TokenRegistry {
  private readonly byDigest = new Map<string, Actor>();

  constructor(tokens: AuthTokenConfig[]) {
    for (const t of tokens) {
      this.byDigest.set(digest(t.token), { role: t.role, name: t.name ?? `${t.role}${t.agency ? `:${t.agency}` : ''}`, agency: t.agency });
    }
  }

  resolve(token: string): Actor | null {
    return this.byDigest.get(digest(token)) ?? null;
  }

  get size(): number {
    return this.byDigest.size;
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
