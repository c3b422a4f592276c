import { Controller, Get, HttpException, Inject, Param, Post, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { DomainError, sniffAttachmentType } from '@app/domain';
import { APP_CONFIG, ATTACHMENT_STORE, AppConfig, AttachmentStore, sha256Of } from '@app/platform';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.guard';
import { ApiError } from '../http/api-error';
import { commandRequest } from '../http/command-request';
import { ApiCommand } from '../openapi/api-command';
import { ApiAuthenticated, ApiErrors } from '../openapi/api-errors';
import { AttachmentUpload, TASK_ID_PARAM, TaskCommandAnswer } from './task.schemas';
import { TaskService } from './task.service';

/** multer's own cap; the configured ATTACHMENT_MAX_MB (at most this) is checked after, to name the field */
const UPLOAD_CAP_BYTES = 100 * 1024 * 1024;
const ATTACHMENT_ID_PARAM = { name: 'attachmentId', schema: { type: 'string' as const, format: 'uuid' } };

/**
 * Evidence files (api.md "Evidence and conversation"): whoever may write to a task attaches a
 * PDF, DOCX, XLSX, PNG or JPEG (the type read from the content, the size capped); the bytes go
 * to the attachment store, the AttachmentAdded event records name, size, type and SHA-256; whoever
 * may read the task downloads it, checked against that digest.
 */
@ApiTags('tasks')
@ApiAuthenticated()
@Controller('tasks')
export class AttachmentsController {
  constructor(
    private readonly tasks: TaskService,
    @Inject(ATTACHMENT_STORE) private readonly files: AttachmentStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post(':id/attachments')
  @Roles('agency', 'coordinator')
  @ApiOperation({ summary: 'Attach an evidence file (multipart field `file`): PDF, DOCX, XLSX, PNG or JPEG, by content' })
  @ApiParam(TASK_ID_PARAM)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: AttachmentUpload })
  @ApiCommand(TaskCommandAnswer)
  @ApiErrors(403, 404, 413)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: UPLOAD_CAP_BYTES, files: 1 }, defParamCharset: 'utf8' }))
  async add(
    @Param('id') id: string,
    @UploadedFile() file: { buffer: Buffer; originalname: string; size: number } | undefined,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ) {
    if (!file) throw DomainError.invalid('file', 'is required');
    const maxBytes = this.config.ATTACHMENT_MAX_MB * 1024 * 1024;
    if (file.size > maxBytes) {
      throw new HttpException(
        {
          error: {
            code: 'payload_too_large',
            message: `file: larger than ${this.config.ATTACHMENT_MAX_MB} MB`,
            details: [{ field: 'file', message: 'too large' }],
          },
        },
        413,
      );
    }
    if (file.size === 0) throw DomainError.invalid('file', 'is empty');
    const contentType = sniffAttachmentType(file.buffer);
    if (!contentType) throw DomainError.invalid('file', 'must be a PDF, DOCX, XLSX, PNG or JPEG file');
    const attachmentId = randomUUID();
    const body = { name: file.originalname || 'tep-dinh-kem', size: file.size, sha256: sha256Of(file.buffer), contentType };
    await this.files.write(attachmentId, file.buffer);
    let answer: Record<string, unknown>;
    try {
      answer = await this.tasks.command(id, 'AddAttachment', commandRequest(req, actor, body), { attachmentId });
    } catch (error) {
      await this.files.remove(attachmentId).catch(() => undefined);
      throw error;
    }
    // an Idempotency-Key replay answers with the file stored the first time
    if (answer.attachmentId !== attachmentId) await this.files.remove(attachmentId).catch(() => undefined);
    return answer;
  }

  @Get(':id/attachments/:attachmentId')
  @ApiOperation({
    summary: 'Download an evidence file (whoever may read the task); its bytes are checked against the SHA-256 in the history',
  })
  @ApiParam(TASK_ID_PARAM)
  @ApiParam(ATTACHMENT_ID_PARAM)
  @ApiOkResponse({ description: 'the file', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrors(404)
  async download(@Param('id') id: string, @Param('attachmentId') attachmentId: string, @CurrentActor() actor: Actor, @Res() res: Response) {
    const task = await this.tasks.get(id, actor, {});
    const found = (task.attachments ?? []).find((a) => a.attachmentId === attachmentId);
    if (!found) throw ApiError.notFound('attachment');
    const content = await this.files.read(found.attachmentId, found.sha256);
    if (!content) throw ApiError.notFound('attachment');
    res
      .status(200)
      .setHeader('Content-Type', found.contentType)
      .setHeader('Content-Length', String(content.length))
      .setHeader('X-Content-Type-Options', 'nosniff')
      .setHeader(
        'Content-Disposition',
        `attachment; filename="${asciiName(found.name)}"; filename*=UTF-8''${encodeURIComponent(found.name)}`,
      )
      .end(content);
  }
}

/** The file name for old clients: ASCII, no quotes or control characters. */
function asciiName(name: string): string {
  return (
    name
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/[đĐ]/g, 'd')
      .replace(/[^\x20-\x7e]|["\\]/g, '_') || 'tep-dinh-kem'
  );
}
