import PDFDocument from 'pdfkit';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Block, ReportDocument } from './edition-document';

const MM = 72 / 25.4;
/** Decree 30/2020 margins: top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm. */
const MARGINS = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };
const BODY = 13;
const TABLE = 10.5;

/** Liberation Serif (metric-compatible with Times New Roman, Vietnamese glyphs), vendored in assets/fonts. */
export function fontsDir(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'assets', 'fonts');
    if (existsSync(path.join(candidate, 'LiberationSerif-Regular.ttf'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error('assets/fonts/LiberationSerif-Regular.ttf not found');
  }
}

/** The report as an A4 PDF with its fonts embedded (subsets), drawn by pdfkit on the server. */
export function renderEditionPdf(doc: ReportDocument, meta: { id: string; title: string }): Promise<Buffer> {
  const fonts = fontsDir();
  const pdf = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    info: { Title: `${doc.title} ${doc.summary}`, Author: doc.office, Subject: meta.title, Keywords: `edition ${meta.id}` },
    bufferPages: true,
  });
  pdf.registerFont('R', path.join(fonts, 'LiberationSerif-Regular.ttf'));
  pdf.registerFont('B', path.join(fonts, 'LiberationSerif-Bold.ttf'));
  pdf.registerFont('I', path.join(fonts, 'LiberationSerif-Italic.ttf'));
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const left = MARGINS.left;
  const width = pdf.page.width - MARGINS.left - MARGINS.right;
  const leftCol = width * 0.4;
  const rightCol = width - leftCol;
  const top = MARGINS.top;

  // header: issuing body and number on the left, national title and motto on the right
  pdf.font('B').fontSize(12.5).text(doc.office, left, top, { width: leftCol, align: 'center' });
  const underLeft = pdf.y + 1;
  pdf
    .moveTo(left + leftCol * 0.35, underLeft)
    .lineTo(left + leftCol * 0.65, underLeft)
    .lineWidth(0.6)
    .stroke();
  pdf
    .font('R')
    .fontSize(13)
    .text(doc.number, left, underLeft + 6, { width: leftCol, align: 'center' });
  const leftBottom = pdf.y;
  pdf
    .font('B')
    .fontSize(12.5)
    .text(doc.nationalTitle, left + leftCol, top, { width: rightCol, align: 'center' });
  pdf
    .font('B')
    .fontSize(13.5)
    .text(doc.motto, left + leftCol, pdf.y + 1, { width: rightCol, align: 'center' });
  const mottoWidth = pdf.widthOfString(doc.motto);
  const underRight = pdf.y + 1;
  const mid = left + leftCol + rightCol / 2;
  pdf
    .moveTo(mid - mottoWidth / 2, underRight)
    .lineTo(mid + mottoWidth / 2, underRight)
    .stroke();
  pdf
    .font('I')
    .fontSize(13)
    .text(doc.placeDate, left + leftCol, underRight + 8, { width: rightCol, align: 'center' });
  pdf.y = Math.max(leftBottom, pdf.y) + 22;

  pdf.font('B').fontSize(14).text(doc.title, left, pdf.y, { width, align: 'center' });
  pdf
    .font('B')
    .fontSize(14)
    .text(doc.summary, left + width * 0.1, pdf.y + 2, { width: width * 0.8, align: 'center' });
  const under = pdf.y + 3;
  pdf
    .moveTo(left + width * 0.4, under)
    .lineTo(left + width * 0.6, under)
    .stroke();
  pdf.y = under + 14;

  for (const block of doc.blocks) drawBlock(pdf, block, left, width);

  paragraph(pdf, doc.closing, left, width, { indent: true });
  pdf.moveDown(1);
  ensureRoom(pdf, 120);
  const endTop = pdf.y;
  pdf
    .font('B')
    .fontSize(12)
    .text('Nơi nhận:', left, endTop, { width: width * 0.45 });
  pdf.font('R').fontSize(11);
  for (const r of doc.recipients) pdf.text(r, left, pdf.y, { width: width * 0.45 });
  const recipientsBottom = pdf.y;
  pdf
    .font('B')
    .fontSize(13)
    .text(doc.signer, left + width * 0.45, endTop, { width: width * 0.55, align: 'center' });
  pdf
    .font('I')
    .fontSize(12)
    .text('(Ký, ghi rõ họ tên, đóng dấu)', left + width * 0.45, pdf.y + 2, { width: width * 0.55, align: 'center' });
  pdf.y = Math.max(recipientsBottom, pdf.y + 60) + 16;
  ensureRoom(pdf, 40);
  pdf.font('I').fontSize(9).fillColor('#333').text(doc.verification, left, pdf.y, { width });

  // page numbers from the second page, centred at the top (Decree 30)
  const range = pdf.bufferedPageRange();
  for (let i = 1; i < range.count; i++) {
    pdf.switchToPage(range.start + i);
    pdf
      .font('R')
      .fontSize(12)
      .fillColor('#000')
      .text(String(i + 1), left, MARGINS.top / 2, { width, align: 'center', lineBreak: false });
  }
  pdf.end();
  return done;
}

function drawBlock(pdf: PDFKit.PDFDocument, block: Block, left: number, width: number): void {
  if (block.kind === 'heading') {
    ensureRoom(pdf, 60);
    pdf
      .font('B')
      .fontSize(BODY)
      .fillColor('#000')
      .text(block.text, left, pdf.y + 6, { width });
    pdf.moveDown(0.3);
  } else if (block.kind === 'paragraph') {
    paragraph(pdf, block.text, left, width, { italic: block.italic, indent: !block.italic });
  } else {
    table(pdf, block, left, width);
  }
}

function paragraph(pdf: PDFKit.PDFDocument, text: string, left: number, width: number, o: { italic?: boolean; indent?: boolean }): void {
  pdf
    .font(o.italic ? 'I' : 'R')
    .fontSize(o.italic ? 11.5 : BODY)
    .fillColor('#000')
    .text(text, left, pdf.y, { width, align: 'justify', indent: o.indent ? 1 * 28 : 0, lineGap: 2, paragraphGap: 4 });
}

function ensureRoom(pdf: PDFKit.PDFDocument, height: number): void {
  if (pdf.y + height > pdf.page.height - MARGINS.bottom) pdf.addPage();
}

function table(pdf: PDFKit.PDFDocument, t: Extract<Block, { kind: 'table' }>, left: number, width: number): void {
  const total = t.widths.reduce((a, b) => a + b, 0);
  const widths = t.widths.map((w) => (w / total) * width);
  const pad = 3;
  const rowHeight = (cells: string[], font: string) => {
    pdf.font(font).fontSize(TABLE);
    return Math.max(...cells.map((c, i) => pdf.heightOfString(c || ' ', { width: widths[i] - 2 * pad }))) + 2 * pad;
  };
  const drawRow = (cells: string[], font: string, shade: boolean) => {
    const h = rowHeight(cells, font);
    if (pdf.y + h > pdf.page.height - MARGINS.bottom) {
      pdf.addPage();
      if (!shade) drawRow(t.columns, 'B', true);
    }
    const y = pdf.y;
    let x = left;
    cells.forEach((c, i) => {
      if (shade) pdf.rect(x, y, widths[i], h).fillAndStroke('#eeeeee', '#000');
      else pdf.rect(x, y, widths[i], h).lineWidth(0.5).stroke('#000');
      pdf
        .font(font)
        .fontSize(TABLE)
        .fillColor('#000')
        .text(c, x + pad, y + pad, { width: widths[i] - 2 * pad, align: shade ? 'center' : t.numeric?.[i] ? 'right' : 'left' });
      x += widths[i];
    });
    pdf.y = y + h;
  };
  ensureRoom(pdf, 50);
  drawRow(t.columns, 'B', true);
  for (const row of t.rows) drawRow(row, 'R', false);
  pdf.x = left;
  pdf.y += 8;
}
