import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_TEMPLATE_LENGTH, NOTICE_TEMPLATE_NAMES } from '@app/domain';

/** Schemas of the letter templates (documentation only: the domain's parser and Handlebars validate). */

const NAME = { enum: [...NOTICE_TEMPLATE_NAMES], example: 'notice.html' };

export class LetterTemplateSummary {
  @ApiProperty(NAME)
  name: string;
  @ApiProperty({ description: "true when an admin's text replaces the shipped one" })
  custom: boolean;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'how many times it was saved (0: never)' })
  version: number;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  updatedAt: string | null;
}

export class LetterTemplateList {
  @ApiProperty({ type: [LetterTemplateSummary] })
  templates: LetterTemplateSummary[];
}

export class LetterTemplateVersion {
  @ApiProperty({ type: 'integer', minimum: 1 })
  version: number;
  @ApiProperty({ type: 'string', format: 'date-time' })
  savedAt: string;
  @ApiProperty({ description: 'who saved it' })
  savedBy: string;
  @ApiProperty({ description: 'false: this version restored the shipped text' })
  custom: boolean;
  @ApiProperty({ type: 'string', nullable: true, description: 'the text saved; null when it restored the shipped one' })
  body: string | null;
}

export class LetterTemplate extends LetterTemplateSummary {
  @ApiProperty({ description: 'the text in force' })
  body: string;
  @ApiProperty({ description: 'the shipped text (config/templates), what restoring gives back' })
  defaultBody: string;
  @ApiProperty({ type: [LetterTemplateVersion], description: 'every saved version, newest first' })
  versions: LetterTemplateVersion[];
}

export class LetterTemplateBody {
  @ApiProperty({
    type: 'string',
    nullable: true,
    maxLength: MAX_TEMPLATE_LENGTH,
    description:
      'Handlebars text; null restores the shipped one. Refused (400, naming the line) when it does not parse or a sample letter cannot be rendered from it',
  })
  body: string | null;
}

export class LetterTemplateAnswer {
  @ApiProperty(NAME)
  name: string;
  @ApiProperty()
  custom: boolean;
  @ApiProperty({ type: 'integer', minimum: 1 })
  version: number;
  @ApiProperty({ type: 'integer', minimum: 1 })
  position: number;
}

export class LetterPreviewBody {
  @ApiProperty({ description: 'the task (id or code) the letter is about; a digest adds up to four other open tasks of its lead agency' })
  task: string;
  @ApiPropertyOptional({
    enum: ['reminder', 'escalation'],
    default: 'reminder',
    description: "reminder: to the officer; escalation: to the agency's head",
  })
  kind?: 'reminder' | 'escalation';
  @ApiPropertyOptional({ enum: ['vi', 'en'], default: 'vi' })
  locale?: 'vi' | 'en';
  @ApiPropertyOptional({
    type: 'string',
    maxLength: MAX_TEMPLATE_LENGTH,
    description: 'a text to try instead of the one in force (not saved)',
  })
  body?: string;
}

export class LetterPreview {
  @ApiProperty()
  subject: string;
  @ApiProperty()
  text: string;
  @ApiProperty()
  html: string;
}
