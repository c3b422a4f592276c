import type { IssuingOffice } from './notice-mail.types';

/** What a workflow letter is about: the task as it stands and the event that happened to it. */
export interface WorkflowLetter {
  event: string;
  actor: string | null;
  actorAgency: string | null;
  data: Record<string, unknown>;
  task: { id: string; code: string; title: string; leadAgencyName: string; due: string | null; deadlineExpression: string | null };
  /** the reader, for the salutation; a coordinators' letter has none */
  recipient: { name: string | null; title: string | null } | null;
  language: 'vi' | 'en';
}

export interface WorkflowMailOptions {
  publicUrl: string;
  office?: IssuingOffice;
}

const dmy = (iso: string | null | undefined) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '—');
const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
/** a resolved deadline in an event's data: its due instant's day */
const dueOf = (v: unknown) => dmy(str((v as { due?: unknown } | null)?.due));

/**
 * The letter of a workflow notice (api.md "Workflow"): the subject names the matter and the task,
 * the body says what happened and what is asked of the reader, with a link that opens the task.
 * Vietnamese by default; English for a reader whose directory entry chose it.
 */
export function renderWorkflowMail(l: WorkflowLetter, opts: WorkflowMailOptions): { subject: string; text: string; html: string } {
  const vi = l.language !== 'en';
  const t = l.task;
  const link = `${opts.publicUrl.replace(/\/$/, '')}/#/tasks/${encodeURIComponent(t.code)}`;
  const who = l.actor ? `${l.actor}${l.actorAgency ? ` (${l.actorAgency})` : ''}` : vi ? 'Hệ thống' : 'The system';
  const d = l.data;
  const [subject, body, ask] = vi ? viText(l, who, d) : enText(l, who, d);
  const office = opts.office?.name || (vi ? 'Văn phòng Chính phủ' : 'Government Office');
  const salutation = l.recipient?.name
    ? `${vi ? 'Kính gửi' : 'Dear'}: ${[l.recipient.title, l.recipient.name].filter(Boolean).join(' ')}${vi ? ',' : ','}`
    : vi
      ? 'Kính gửi: Các đồng chí điều phối theo dõi nhiệm vụ,'
      : 'Dear coordinators,';
  const lines = [
    salutation,
    '',
    body,
    '',
    `${vi ? 'Nhiệm vụ' : 'Task'} ${t.code}: ${t.title}`,
    `${vi ? 'Cơ quan chủ trì' : 'Lead agency'}: ${t.leadAgencyName}`,
    `${vi ? 'Thời hạn' : 'Deadline'}: ${t.deadlineExpression ?? '—'}${t.due ? ` (${vi ? 'chậm nhất trong ngày' : 'by the end of'} ${dmy(t.due)})` : ''}`,
    '',
    ask,
    `${vi ? 'Mở nhiệm vụ trên hệ thống' : 'Open the task'}: ${link}`,
    '',
    ...(opts.office?.signer ? [opts.office.signer] : []),
    office.toUpperCase(),
    ...(opts.office?.contact ? ['', `${vi ? 'Đầu mối liên hệ' : 'Contact'}: ${opts.office.contact}`] : []),
  ];
  const text = lines.join('\n');
  const escapedLink = escapeHtml(link);
  const html = `<!doctype html><html lang="${vi ? 'vi' : 'en'}"><body style="font-family:'Times New Roman',serif;font-size:15px;line-height:1.5">${lines
    .map((line) => {
      if (line === '') return '<br>';
      const e = escapeHtml(line);
      return `<p style="margin:0">${e.includes(escapedLink) ? e.replace(escapedLink, `<a href="${escapedLink}">${escapeHtml(t.code)}</a>`) : e}</p>`;
    })
    .join('')}</body></html>`;
  return { subject, text, html };
}

function viText(l: WorkflowLetter, who: string, d: Record<string, unknown>): [string, string, string] {
  const t = l.task;
  switch (l.event) {
    case 'assigned':
      return [
        `V/v giao nhiệm vụ ${t.code}: ${t.title}`,
        `${t.leadAgencyName} được giao chủ trì thực hiện nhiệm vụ dưới đây.`,
        'Đề nghị tổ chức thực hiện, cập nhật tiến độ và báo cáo kết quả trên hệ thống đúng thời hạn.',
      ];
    case 'extension_requested':
      return [
        `V/v ${t.leadAgencyName} đề nghị gia hạn nhiệm vụ ${t.code}`,
        `${who} đề nghị gia hạn nhiệm vụ đến ${dueOf(d.proposed)}. Lý do: ${str(d.reason) ?? '—'}.`,
        'Đề nghị xem xét, chấp thuận hoặc không chấp thuận đề nghị trên hệ thống.',
      ];
    case 'extension_refused':
      return [
        `V/v không chấp thuận gia hạn nhiệm vụ ${t.code}`,
        `Đề nghị gia hạn nhiệm vụ không được chấp thuận. Lý do: ${str(d.reason) ?? '—'}.`,
        'Đề nghị tiếp tục thực hiện nhiệm vụ theo thời hạn đã giao.',
      ];
    case 'extension_approved':
      return [
        `V/v chấp thuận gia hạn nhiệm vụ ${t.code}`,
        `Đề nghị gia hạn được chấp thuận: thời hạn mới ${dueOf(d.deadline)}${str(d.decisionRef) ? ` (văn bản ${str(d.decisionRef)})` : ''}.`,
        'Đề nghị hoàn thành nhiệm vụ trong thời hạn được gia hạn.',
      ];
    case 'blocker_raised':
      return [
        `V/v khó khăn, vướng mắc khi thực hiện nhiệm vụ ${t.code}`,
        `${who} báo cáo khó khăn, vướng mắc: ${str(d.description) ?? '—'}.`,
        'Đề nghị xem xét, hướng dẫn hoặc báo cáo cấp có thẩm quyền tháo gỡ.',
      ];
    case 'completion_reported':
      return [
        `V/v báo cáo hoàn thành nhiệm vụ ${t.code}`,
        `${who} báo cáo đã hoàn thành nhiệm vụ ngày ${dmy(str(d.completedAt))}${str(d.deliverableRef) ? ` (văn bản kết quả ${str(d.deliverableRef)})` : ''}${d.backdated ? '; báo cáo ghi ngày hoàn thành trước ngày báo cáo' : ''}.`,
        'Đề nghị kiểm tra, xác nhận hoặc trả lại báo cáo trên hệ thống.',
      ];
    case 'completion_returned':
      return [
        `V/v trả lại báo cáo hoàn thành nhiệm vụ ${t.code}`,
        `Báo cáo hoàn thành nhiệm vụ được trả lại. Lý do: ${str(d.reason) ?? '—'}.`,
        'Đề nghị bổ sung, hoàn thiện và báo cáo lại trên hệ thống.',
      ];
    default:
      return [`V/v nhiệm vụ ${t.code}`, `Nhiệm vụ có cập nhật mới.`, 'Đề nghị theo dõi trên hệ thống.'];
  }
}

function enText(l: WorkflowLetter, who: string, d: Record<string, unknown>): [string, string, string] {
  const t = l.task;
  switch (l.event) {
    case 'assigned':
      return [
        `Task ${t.code} assigned: ${t.title}`,
        `${t.leadAgencyName} has been assigned to lead the task below.`,
        'Please carry it out, report progress and the result in the system on time.',
      ];
    case 'extension_requested':
      return [
        `${t.leadAgencyName} asks to extend task ${t.code}`,
        `${who} asks to extend the task to ${dueOf(d.proposed)}. Reason: ${str(d.reason) ?? '—'}.`,
        'Please approve or refuse the request in the system.',
      ];
    case 'extension_refused':
      return [
        `Extension of task ${t.code} refused`,
        `The extension request was refused. Reason: ${str(d.reason) ?? '—'}.`,
        'Please complete the task by its deadline.',
      ];
    case 'extension_approved':
      return [
        `Extension of task ${t.code} approved`,
        `The extension was approved: new deadline ${dueOf(d.deadline)}${str(d.decisionRef) ? ` (decision ${str(d.decisionRef)})` : ''}.`,
        'Please complete the task by the new deadline.',
      ];
    case 'blocker_raised':
      return [
        `Blocker on task ${t.code}`,
        `${who} reports a blocker: ${str(d.description) ?? '—'}.`,
        'Please advise or escalate to remove it.',
      ];
    case 'completion_reported':
      return [
        `Completion of task ${t.code} to confirm`,
        `${who} reports the task completed on ${dmy(str(d.completedAt))}${str(d.deliverableRef) ? ` (result document ${str(d.deliverableRef)})` : ''}.`,
        'Please accept or return the report in the system.',
      ];
    case 'completion_returned':
      return [
        `Completion report of task ${t.code} returned`,
        `The completion report was returned. Reason: ${str(d.reason) ?? '—'}.`,
        'Please complete it and report again.',
      ];
    default:
      return [`Task ${t.code}`, 'The task has changed.', 'Please follow it in the system.'];
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
