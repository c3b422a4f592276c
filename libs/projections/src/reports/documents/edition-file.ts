import type { ReportEdition } from './edition.types';
import { editionDocument } from './edition-document';
import { renderEditionDocx } from './edition-docx';
import { renderEditionPdf } from './edition-pdf';

export type EditionFormat = 'pdf' | 'docx';

export interface IssuingOffice {
  /** MAIL_OFFICE_NAME */
  office?: string;
  /** MAIL_OFFICE_SIGNER */
  signer?: string;
  timeZone: string;
}

/**
 * The official report of an edition as a file, the same bytes' worth of content whether the API
 * or the CLI asks (one place for the issuing office's defaults and the file name).
 */
export async function renderEditionFile(
  e: ReportEdition,
  format: EditionFormat,
  by: IssuingOffice,
): Promise<{ file: Buffer; name: string }> {
  const model = editionDocument(e, {
    office: by.office ?? 'Văn phòng Chính phủ',
    reportsTo: 'Thủ tướng Chính phủ',
    signer: by.signer ?? 'KT. BỘ TRƯỞNG, CHỦ NHIỆM',
    place: 'Hà Nội',
    timeZone: by.timeZone,
  });
  const file = format === 'pdf' ? await renderEditionPdf(model, { id: e.id, title: e.title }) : await renderEditionDocx(model);
  return { file, name: `bao-cao-${e.asOf.slice(0, 10)}-${e.id.slice(0, 8)}.${format}` };
}
