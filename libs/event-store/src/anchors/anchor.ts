import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import type { FeedCursor } from '../event-store.port';
import { type AnchorLeaf, merkleRoot, sortLeaves } from './merkle';

/**
 * A signed statement of the whole history's state at a feed position: the Merkle root of every
 * stream's head. Kept outside the database (a file, the auditors' mailboxes), so someone who can
 * rewrite the database (even rehashing the chains) cannot also rewrite the anchor.
 */
export interface Anchor {
  format: 'dle-anchor/1';
  createdAt: string;
  /** the feed prefix anchored: every event at or before this cursor in commit order */
  feed: FeedCursor;
  streams: number;
  events: number;
  root: string;
  /** SHA-256 of the public key (SPKI DER), so a reader knows which key signed */
  keyId: string;
  /** Ed25519 over the canonical text of the fields above, base64 */
  signature: string;
  /** every stream's head (the file keeps them; an emailed anchor may leave them out) */
  leaves?: AnchorLeaf[];
}

export type UnsignedAnchor = Omit<Anchor, 'keyId' | 'signature' | 'root' | 'leaves'> & { leaves: AnchorLeaf[] };

/** The signed text: fixed field order, no leaves (the root stands for them). */
export function anchorSigningText(a: Pick<Anchor, 'format' | 'createdAt' | 'feed' | 'streams' | 'events' | 'root' | 'keyId'>): string {
  return JSON.stringify([a.format, a.createdAt, a.feed.transactionId, a.feed.position, a.streams, a.events, a.root, a.keyId]);
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

export function signAnchor(unsigned: UnsignedAnchor, privateKey: KeyObject): Anchor {
  const leaves = sortLeaves(unsigned.leaves);
  const keyId = keyIdOf(createPublicKey(privateKey));
  const body = { ...unsigned, root: merkleRoot(leaves), keyId };
  const signature = sign(null, Buffer.from(anchorSigningText(body), 'utf8'), privateKey).toString('base64');
  return { ...body, signature, leaves };
}

export type AnchorCheck = { ok: true } | { ok: false; reason: string };

/** The signature holds for this public key, and the leaves (when given) make the root. */
export function checkAnchor(anchor: Anchor, publicKey: KeyObject): AnchorCheck {
  if (anchor.format !== 'dle-anchor/1') return { ok: false, reason: `unknown anchor format ${JSON.stringify(anchor.format)}` };
  if (anchor.keyId !== keyIdOf(publicKey)) return { ok: false, reason: 'signed with another key than the published one' };
  let valid: boolean;
  try {
    valid = verify(null, Buffer.from(anchorSigningText(anchor), 'utf8'), publicKey, Buffer.from(anchor.signature, 'base64'));
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'signature does not verify: the anchor was forged or altered' };
  if (anchor.leaves && merkleRoot(anchor.leaves) !== anchor.root) return { ok: false, reason: 'its stream heads do not make its root' };
  return { ok: true };
}

/** An Ed25519 key from PEM text (PKCS#8 private or SPKI public). */
export function privateKeyFromPem(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the anchor key must be an Ed25519 private key (PEM, PKCS#8)');
  return key;
}

export function publicKeyFromPem(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the anchor public key must be an Ed25519 key (PEM)');
  return key;
}

export function generateAnchorKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
