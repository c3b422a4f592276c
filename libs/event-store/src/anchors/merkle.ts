import { createHash } from 'node:crypto';

/** One stream's head at the anchored position: its id, last version and that event's hash. */
export type AnchorLeaf = [streamId: string, version: number, hash: string];

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Streams in one order everywhere (code units, not a collation a server could change). */
export function sortLeaves(leaves: AnchorLeaf[]): AnchorLeaf[] {
  return [...leaves].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/**
 * The Merkle root over the sorted leaves. Leaves and inner nodes hash with different prefixes
 * (no second-preimage by passing a node off as a leaf); an odd node is carried up unchanged.
 */
export function merkleRoot(leaves: AnchorLeaf[]): string {
  let level = sortLeaves(leaves).map(([stream, version, hash]) => sha256(`leaf|${stream}|${version}|${hash}`));
  if (level.length === 0) return sha256('empty');
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? sha256(`node|${level[i]}|${level[i + 1]}`) : level[i]);
    level = next;
  }
  return level[0];
}
