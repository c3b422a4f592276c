export { LetterTemplates, TemplatePreviewError, type LetterTemplatesOptions, type PreviewRequest } from './letter-templates';
export { templateOverrides } from './template-overrides';
