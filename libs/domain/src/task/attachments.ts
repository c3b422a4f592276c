import { DomainError } from '../shared/domain-error';
import { objectInput } from '../shared/object-input';
import { identifier, requiredText } from '../shared/text';
import { AddAttachment } from './task.commands';
import { AttachmentAdded } from './task.events';
import { requireTask } from './task.guards';
import { TaskState } from './task.state';

/** The evidence files a task takes, by their content (never by their name): PDF, DOCX, XLSX, PNG, JPEG. */
export const ATTACHMENT_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  png: 'image/png',
  jpeg: 'image/jpeg',
} as const;

/**
 * The type of a file from its first bytes and, for the Office formats (ZIP containers), the part
 * names inside: a renamed .exe or a zip of anything else is none of them.
 */
export function sniffAttachmentType(content: Buffer): string | null {
  if (content.subarray(0, 5).toString('latin1') === '%PDF-') return ATTACHMENT_TYPES.pdf;
  if (content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return ATTACHMENT_TYPES.png;
  if (content.length > 3 && content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return ATTACHMENT_TYPES.jpeg;
  if (content.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    // part names are stored uncompressed in the local headers and the central directory
    if (content.includes('[Content_Types].xml') && content.includes('word/document.xml')) return ATTACHMENT_TYPES.docx;
    if (content.includes('[Content_Types].xml') && content.includes('xl/workbook.xml')) return ATTACHMENT_TYPES.xlsx;
  }
  return null;
}

export function parseAddAttachment(input: unknown): AddAttachment {
  const d = objectInput(input);
  const size = d.size;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) throw DomainError.invalid('file', 'is empty');
  const sha256 = typeof d.sha256 === 'string' && /^[0-9a-f]{64}$/.test(d.sha256) ? d.sha256 : null;
  if (!sha256) throw DomainError.invalid('file', 'has no digest');
  const contentType =
    typeof d.contentType === 'string' && (Object.values(ATTACHMENT_TYPES) as string[]).includes(d.contentType) ? d.contentType : null;
  if (!contentType) throw DomainError.invalid('file', 'must be a PDF, DOCX, XLSX, PNG or JPEG file');
  return {
    type: 'AddAttachment',
    data: {
      attachmentId: identifier(d.attachmentId, 'attachmentId'),
      name: requiredText(d.name, 'file', { max: 255 }),
      size,
      sha256,
      contentType,
    },
  };
}

/** Evidence can be added to any existing task, open or closed (a result document often comes after). */
export function decideAddAttachment(command: AddAttachment, state: TaskState): AttachmentAdded[] {
  requireTask(state);
  return [{ type: 'AttachmentAdded', data: { taskId: state.taskId as string, ...command.data } }];
}
