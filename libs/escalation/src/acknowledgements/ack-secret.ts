import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export interface AckSecretSource {
  ACK_SECRET?: string;
  SESSION_SECRET?: string;
  DATA_DIR: string;
}

/**
 * The key acknowledgement links are signed with; the process that renders letters (worker) and
 * the one that answers the links (API) must get the same one:
 * ACK_SECRET; else one derived from SESSION_SECRET (HMAC under a fixed label, so the session
 * secret itself never signs links); else a random one generated once into DATA_DIR/ack-secret
 * (mode 600), which processes sharing DATA_DIR share. Never logged.
 */
export function acknowledgementSecret(config: AckSecretSource): string {
  if (config.ACK_SECRET) return config.ACK_SECRET;
  if (config.SESSION_SECRET) return createHmac('sha256', config.SESSION_SECRET).update('dle acknowledgement links').digest('hex');
  const file = path.resolve(config.DATA_DIR, 'ack-secret');
  mkdirSync(path.dirname(file), { recursive: true });
  if (!existsSync(file)) {
    // written whole beside it, then linked into place: a process starting at the same moment
    // either links first or reads the complete file of the one that did
    const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(draft, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
    try {
      linkSync(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(draft, { force: true });
    }
  }
  chmodSync(file, 0o600);
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new Error(`${file} holds no usable acknowledgement secret (delete it to have a new one made)`);
  return secret;
}
