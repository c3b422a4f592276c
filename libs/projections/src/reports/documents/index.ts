export * from './edition.types';
export { editionDocument, type DocumentOptions, type ReportDocument, type Block } from './edition-document';
export { renderEditionPdf, fontsDir } from './edition-pdf';
export { renderEditionDocx } from './edition-docx';
export { renderEditionFile, type EditionFormat, type IssuingOffice } from './edition-file';
export { XLSX, localDate, workbook, type WorkbookCell, type WorkbookColumn } from './workbooks';
export {
  EXPORT_MAX_ROWS,
  TASK_STATUS_VI,
  monthlyWorkbook,
  rankingWorkbook,
  summaryWorkbook,
  tasksWorkbook,
  type WorkbookTask,
} from './report-workbooks';
