export * from './edition.types';
export { editionDocument, type DocumentOptions, type ReportDocument, type Block } from './edition-document';
export { renderEditionPdf, fontsDir } from './edition-pdf';
export { renderEditionDocx } from './edition-docx';
export { renderEditionFile, type EditionFormat, type IssuingOffice } from './edition-file';
