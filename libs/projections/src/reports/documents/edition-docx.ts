import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  PageNumber,
  Paragraph,
  Header,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  convertMillimetersToTwip,
} from 'docx';
import type { Block, ReportDocument } from './edition-document';

const FONT = 'Times New Roman';
/** half-points */
const BODY = 26;
const TABLE = 22;
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };

const run = (text: string, o: { bold?: boolean; italics?: boolean; size?: number; underline?: boolean } = {}) =>
  new TextRun({ text, font: FONT, size: o.size ?? BODY, bold: o.bold, italics: o.italics, underline: o.underline ? {} : undefined });
const para = (
  children: TextRun[],
  o: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; indent?: boolean; after?: number } = {},
) =>
  new Paragraph({
    children,
    alignment: o.align,
    indent: o.indent ? { firstLine: convertMillimetersToTwip(10) } : undefined,
    spacing: { after: o.after ?? 80, line: 300 },
  });

/** The report as a Word document (A4, Times New Roman 13-14, Decree 30 margins), drawn by `docx`. */
export async function renderEditionDocx(doc: ReportDocument): Promise<Buffer> {
  const header = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          new TableCell({
            width: { size: 40, type: WidthType.PERCENTAGE },
            borders: NO_BORDERS,
            children: [
              para([run(doc.office, { bold: true, size: 25 })], { align: AlignmentType.CENTER, after: 40 }),
              para([run('―――――', { size: 20 })], { align: AlignmentType.CENTER, after: 40 }),
              para([run(doc.number)], { align: AlignmentType.CENTER }),
            ],
          }),
          new TableCell({
            width: { size: 60, type: WidthType.PERCENTAGE },
            borders: NO_BORDERS,
            children: [
              para([run(doc.nationalTitle, { bold: true, size: 25 })], { align: AlignmentType.CENTER, after: 0 }),
              para([run(doc.motto, { bold: true, size: 27, underline: true })], { align: AlignmentType.CENTER, after: 120 }),
              para([run(doc.placeDate, { italics: true })], { align: AlignmentType.CENTER }),
            ],
          }),
        ],
      }),
    ],
  });
  const body: (Paragraph | Table)[] = [
    header,
    para([run(doc.title, { bold: true, size: 28 })], { align: AlignmentType.CENTER, after: 0 }),
    para([run(doc.summary, { bold: true, size: 28 })], { align: AlignmentType.CENTER, after: 40 }),
    para([run('―――――', { size: 20 })], { align: AlignmentType.CENTER, after: 200 }),
    ...doc.blocks.flatMap(block),
    para([run(doc.closing)], { indent: true, after: 240 }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      borders: NO_BORDERS,
      rows: [
        new TableRow({
          children: [
            new TableCell({
              width: { size: 45, type: WidthType.PERCENTAGE },
              borders: NO_BORDERS,
              children: [
                para([run('Nơi nhận:', { bold: true, italics: true, size: 24 })], { after: 0 }),
                ...doc.recipients.map((r) => para([run(r, { size: 22 })], { after: 0 })),
              ],
            }),
            new TableCell({
              width: { size: 55, type: WidthType.PERCENTAGE },
              borders: NO_BORDERS,
              children: [
                para([run(doc.signer, { bold: true })], { align: AlignmentType.CENTER, after: 0 }),
                para([run('(Ký, ghi rõ họ tên, đóng dấu)', { italics: true, size: 24 })], { align: AlignmentType.CENTER }),
              ],
            }),
          ],
        }),
      ],
    }),
    para([run(doc.verification, { italics: true, size: 18 })], { after: 0 }),
  ];
  const document = new Document({
    creator: doc.office,
    title: `${doc.title} ${doc.summary}`,
    styles: { default: { document: { run: { font: FONT, size: BODY } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
            margin: {
              top: convertMillimetersToTwip(20),
              bottom: convertMillimetersToTwip(20),
              left: convertMillimetersToTwip(30),
              right: convertMillimetersToTwip(15),
            },
          },
          titlePage: true,
        },
        headers: {
          // page numbers from the second page, centred at the top (Decree 30)
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: 24 })],
              }),
            ],
          }),
          first: new Header({ children: [new Paragraph({ children: [] })] }),
        },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(document);
}

function block(b: Block): (Paragraph | Table)[] {
  if (b.kind === 'heading') return [para([run(b.text, { bold: true })], { after: 100 })];
  if (b.kind === 'paragraph')
    return [para([run(b.text, { italics: b.italic, size: b.italic ? 23 : BODY })], { indent: !b.italic, align: AlignmentType.JUSTIFIED })];
  const total = b.widths.reduce((a, x) => a + x, 0);
  const cell = (text: string, i: number, head: boolean) =>
    new TableCell({
      width: { size: (b.widths[i] / total) * 100, type: WidthType.PERCENTAGE },
      shading: head ? { type: ShadingType.CLEAR, fill: 'EEEEEE', color: 'auto' } : undefined,
      children: [
        new Paragraph({
          alignment: head ? AlignmentType.CENTER : b.numeric?.[i] ? AlignmentType.RIGHT : AlignmentType.LEFT,
          spacing: { after: 0 },
          children: [run(text, { bold: head, size: TABLE })],
        }),
      ],
    });
  return [
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: b.columns.map((c, i) => cell(c, i, true)) }),
        ...b.rows.map((r) => new TableRow({ children: r.map((c, i) => cell(c, i, false)) })),
      ],
    }),
    para([], { after: 120 }),
  ];
}
