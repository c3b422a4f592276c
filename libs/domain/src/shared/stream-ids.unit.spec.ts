import { agencyStreamId, taskIdFromCode, taskStreamId } from './stream-ids';
import { uuidV5 } from './uuid-v5';

describe('stream ids', () => {
  it('implements UUID v5 as RFC 4122 (www.example.com in the DNS namespace)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('derives the same task id from the same code, so a duplicate code clashes on its stream', () => {
    expect(taskIdFromCode('NQ71-012')).toBe(taskIdFromCode('NQ71-012'));
    expect(taskIdFromCode('NQ71-012')).not.toBe(taskIdFromCode('NQ71-013'));
    expect(taskIdFromCode('NQ71-012')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('treats composed and decomposed Vietnamese codes as the same code', () => {
    expect(taskIdFromCode('KẾT-LUẬN-01')).toBe(taskIdFromCode('KẾT-LUẬN-01'.normalize('NFD')));
  });

  it('names streams by kind', () => {
    expect(taskStreamId('abc')).toBe('task-abc');
    expect(agencyStreamId('BCA')).toBe('agency-BCA');
  });
});
