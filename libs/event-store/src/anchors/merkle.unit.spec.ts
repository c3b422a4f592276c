import { createHash } from 'node:crypto';
import { type AnchorLeaf, merkleRoot } from './merkle';

const h = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the Merkle root of stream heads', () => {
  const a: AnchorLeaf = ['agency-BCA', 2, 'aa'];
  const b: AnchorLeaf = ['task-1', 5, 'bb'];
  const c: AnchorLeaf = ['task-2', 1, 'cc'];
  const leaf = ([s, v, x]: AnchorLeaf) => h(`leaf|${s}|${v}|${x}`);

  it('hashes leaves and nodes with their own prefixes, carrying an odd node up', () => {
    expect(merkleRoot([])).toBe(h('empty'));
    expect(merkleRoot([a])).toBe(leaf(a));
    expect(merkleRoot([a, b])).toBe(h(`node|${leaf(a)}|${leaf(b)}`));
    expect(merkleRoot([a, b, c])).toBe(h(`node|${h(`node|${leaf(a)}|${leaf(b)}`)}|${leaf(c)}`));
  });

  it('does not depend on the order the heads were read in, and changes with any head', () => {
    expect(merkleRoot([c, a, b])).toBe(merkleRoot([a, b, c]));
    expect(merkleRoot([a, b, ['task-2', 1, 'cd']])).not.toBe(merkleRoot([a, b, c]));
    expect(merkleRoot([a, b, ['task-2', 2, 'cc']])).not.toBe(merkleRoot([a, b, c]));
    expect(merkleRoot([a, b])).not.toBe(merkleRoot([a, b, c]));
  });
});
