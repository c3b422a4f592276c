import { checkClarity } from './clarity';

const full = {
  description: 'Kết nối dữ liệu',
  leadAgency: 'BCA',
  assignee: { name: 'Nguyễn Văn A', email: 'a@bca.gov.vn' },
  deliverable: 'Báo cáo',
  approver: 'Phó Thủ tướng',
  deadline: 'Q1/2026',
};

describe('checkClarity ("6 rõ", Decision 2179/QĐ-TTg)', () => {
  it('finds all six items in a complete assignment', () => {
    expect(checkClarity(full)).toEqual({
      person: true,
      task: true,
      time: true,
      responsibility: true,
      deliverable: true,
      authority: true,
      missing: [],
    });
  });

  it('misses the person without an assignee name, and responsibility without an email', () => {
    expect(checkClarity({ ...full, assignee: { name: ' ', email: 'a@bca.gov.vn' } }).missing).toEqual(['person']);
    expect(checkClarity({ ...full, assignee: { name: 'A', email: null } }).missing).toEqual(['responsibility']);
  });

  it('misses the task when only a title is given', () => {
    expect(checkClarity({ ...full, description: null }).missing).toEqual(['task']);
  });

  it('misses the time for an ongoing task or an unreadable deadline', () => {
    expect(checkClarity({ ...full, deadline: 'ongoing' }).missing).toEqual(['time']);
    expect(checkClarity({ ...full, deadline: 'sớm' }).missing).toEqual(['time']);
  });

  it('misses the deliverable and the authority when not named', () => {
    expect(checkClarity({ ...full, deliverable: '', approver: undefined }).missing).toEqual(['deliverable', 'authority']);
  });

  it('misses everything but time in a bare assignment', () => {
    expect(checkClarity({ deadline: '2026' }).missing).toEqual(['person', 'task', 'responsibility', 'deliverable', 'authority']);
  });
});
