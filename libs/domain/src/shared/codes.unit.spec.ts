import { agencyCode, normaliseAgencyCode, taskCode } from './codes';
import { DomainError } from './domain-error';
import { agencyStreamId, taskIdFromCode } from './stream-ids';

function refusal(check: () => unknown): { field: string; message: string } {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).details[0];
  }
  throw new Error('expected the code to be refused');
}

describe('agency codes', () => {
  it.each([
    ['BCA', 'BCA'],
    ['bca', 'BCA'],
    ['  BCA ', 'BCA'],
    ['ＢＣＡ', 'BCA'], // full-width forms fold to ASCII (NFKC)
    ['BTC-01', 'BTC-01'],
    ['UBND.HN', 'UBND.HN'],
    ['BỘ_NN', 'BỘ_NN'],
    ['đb', 'ĐB'],
    ['Bo\u0323\u0302', 'BỘ'], // decomposed accents compose
  ])('%j is agency %j', (raw, expected) => {
    expect(agencyCode(raw, 'code')).toBe(expected);
  });

  it.each([
    ['BCA\u200b', /invisible character \(U\+200B\)/], // zero-width space
    ['B\u200dCA', /invisible character \(U\+200D\)/], // zero-width joiner
    ['BC\u00adA', /invisible character \(U\+00AD\)/], // soft hyphen
    ['\u202eACB', /bidirectional control character \(U\+202E\)/], // right-to-left override
    ['BCA\u2066', /bidirectional control character \(U\+2066\)/],
    ['BCA\u200f', /bidirectional control character \(U\+200F\)/],
    ['ВСА', /'В' \(U\+0412\), a letter of another script/], // Cyrillic look-alike
    ['BСA', /'С' \(U\+0421\), a letter of another script/], // one Cyrillic letter among Latin ones
    ['ΑΒΓ', /U\+0391/], // Greek
    ['B CA', /found U\+0020/],
    ['BCA/1', /'\/' \(U\+002F\)/],
    ['-BCA', /starting with a letter or digit/],
    ['B'.repeat(33), /longer than 32/],
    ['', /is required/],
    [42, /is required/],
  ])('%j is refused naming the field', (raw, why) => {
    const issue = refusal(() => agencyCode(raw, 'leadAgency'));
    expect(issue.field).toBe('leadAgency');
    expect(issue.message).toMatch(why);
  });

  it('look-alikes that normalise to one code name one stream', () => {
    const ids = ['BCA', 'bca', ' ＢＣＡ', 'Bca'].map(agencyStreamId);
    expect(new Set(ids)).toEqual(new Set(['agency-BCA']));
    expect(normaliseAgencyCode('ｂｃａ')).toBe('BCA');
  });
});

describe('task codes', () => {
  it.each([
    ['NQ71-012', 'NQ71-012'],
    [' 71/NQ-CP.3 ', '71/NQ-CP.3'],
    ['nq71_012', 'nq71_012'], // case kept: task codes follow the document as written
    ['ＮＱ７１－０１２', 'NQ71-012'],
    ['ĐA06-Tiến-độ', 'ĐA06-Tiến-độ'],
  ])('%j is task code %j', (raw, expected) => {
    expect(taskCode(raw, 'code')).toBe(expected);
  });

  it.each([
    ['NQ71\u200b-012', /invisible/],
    ['NQ71-\u202e210', /bidirectional/],
    ['NQ71-О12', /U\+041E/], // Cyrillic O
    ['NQ71 012', /U\+0020/],
    ['NQ71#012', /'#'/],
    ['/NQ71', /starting with a letter or digit/],
  ])('%j is refused', (raw, why) => {
    const issue = refusal(() => taskCode(raw, 'code'));
    expect(issue.field).toBe('code');
    expect(issue.message).toMatch(why);
  });

  it('the full-width and trimmed forms of a code name the same task', () => {
    expect(taskIdFromCode('ＮＱ７１－０１２ ')).toBe(taskIdFromCode('NQ71-012'));
  });
});
