/**
 * The default written summary report (báo cáo tổng kết công tác thi đua), an ordinary Word file
 * written into templates/reports/ by `npm run cli -- templates:write-defaults`. It follows the
 * presentation rules of Decree 30/2020/NĐ-CP: A4, margins 20/20/30/15 mm, Times New Roman, the
 * issuing body and the number top left, the motto top right, each with its short rule, the place
 * and date line, the title in bold capitals, "Nơi nhận" and the signature block; page numbers at
 * the top centre from the second page.
 *
 * Its placeholders are docxtemplater tags: `{name}` a value, `{#rows}…{/rows}` a repeated table row,
 * `{#x}…{/x}` a section shown when x is set (or repeated for a list), `{^x}…{/x}` when it is not.
 * An organizer may edit the file in Word or LibreOffice Writer; the tags in DOCX_REQUIRED_TAGS must stay.
 */
import PizZip from 'pizzip';

export const SUMMARY_REPORT_TEMPLATE = 'summary-report.docx';

/** Tags the summary report template must keep; a copy without one is refused at start. */
export const DOCX_REQUIRED_TAGS: Readonly<Record<string, readonly string[]>> = {
  [SUMMARY_REPORT_TEMPLATE]: [
    'issuingBody',
    'numberLine',
    'motto1',
    'placeDate',
    'resultSentence',
    'rows',
    'rows.name',
    'rows.total',
    'rows.rating',
    'signerTitle',
    'signerName',
  ],
};

const FONT = 'Times New Roman';
/** Text width of an A4 page with 30 mm and 15 mm side margins, in twentieths of a point. */
const TEXT_WIDTH = 9355;

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface RunStyle {
  readonly bold?: boolean;
  readonly italic?: boolean;
  /** Points. */
  readonly size?: number;
}

function run(text: string, style: RunStyle = {}): string {
  const size = (style.size ?? 14) * 2;
  const props = `${style.bold ? '<w:b/><w:bCs/>' : ''}${style.italic ? '<w:i/><w:iCs/>' : ''}<w:sz w:val="${size}"/><w:szCs w:val="${size}"/>`;
  return `<w:r><w:rPr>${props}</w:rPr><w:t xml:space="preserve">${escape(text)}</w:t></w:r>`;
}

interface ParagraphStyle extends RunStyle {
  readonly align?: 'left' | 'center' | 'right' | 'both';
  /** Spacing before and after, in points. */
  readonly before?: number;
  readonly after?: number;
  /** First-line indent in twips (1 cm = 567). */
  readonly firstLine?: number;
  readonly keepNext?: boolean;
}

function paragraphProps(style: ParagraphStyle, extra = ''): string {
  return (
    `<w:pPr>${style.keepNext ? '<w:keepNext/>' : ''}${extra}` +
    `<w:spacing w:before="${(style.before ?? 0) * 20}" w:after="${(style.after ?? 0) * 20}" w:line="264" w:lineRule="auto"/>` +
    `${style.firstLine ? `<w:ind w:firstLine="${style.firstLine}"/>` : ''}<w:jc w:val="${style.align ?? 'left'}"/></w:pPr>`
  );
}

/** A paragraph of one run (or of runs given as [text, style] pairs). */
function p(text: string | readonly (readonly [string, RunStyle])[], style: ParagraphStyle = {}): string {
  const runs =
    typeof text === 'string' ? run(text, style) : text.map(([t, s]) => run(t, { size: style.size, ...s })).join('');
  return `<w:p>${paragraphProps(style)}${runs}</w:p>`;
}

/** A body paragraph: justified, first line indented 1 cm, 6 pt after. */
const body = (text: string, style: ParagraphStyle = {}): string =>
  p(text, { align: 'both', firstLine: 567, after: 6, ...style });

/** A paragraph holding only a section tag: docxtemplater removes it with the section's ends. */
const tag = (text: string): string => `<w:p>${paragraphProps({})}${run(text)}</w:p>`;

/** The short rule under the issuing body, the motto and the title: a top border on an indented empty paragraph. */
function rule(indent: number): string {
  const border = '<w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>';
  return `<w:p><w:pPr>${border}<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:left="${indent}" w:right="${indent}"/><w:jc w:val="center"/><w:rPr><w:sz w:val="8"/></w:rPr></w:pPr></w:p>`;
}

const NO_BORDERS =
  '<w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>';
const THIN = (side: string): string => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`;
const GRID_BORDERS = `<w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(THIN).join('')}</w:tblBorders>`;

function cell(width: number, content: string, extra = ''): string {
  return `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/>${extra}</w:tcPr>${content}</w:tc>`;
}

function table(widths: readonly number[], rows: readonly string[], borders: string): string {
  const grid = widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('');
  const total = widths.reduce((a, b) => a + b, 0);
  return (
    `<w:tbl><w:tblPr><w:tblW w:w="${total}" w:type="dxa"/><w:jc w:val="center"/>${borders}<w:tblLayout w:type="fixed"/>` +
    `<w:tblCellMar><w:left w:w="70" w:type="dxa"/><w:right w:w="70" w:type="dxa"/></w:tblCellMar></w:tblPr>` +
    `<w:tblGrid>${grid}</w:tblGrid>${rows.join('')}</w:tbl>`
  );
}

const row = (cells: string, props = ''): string => `<w:tr><w:trPr><w:cantSplit/>${props}</w:trPr>${cells}</w:tr>`;

const HEADER_LEFT = 3900;
const HEADER_RIGHT = TEXT_WIDTH - HEADER_LEFT;

function officialHeader(): string {
  const left = [
    p('{parentBody}', { align: 'center', size: 13 }),
    p('{issuingBody}', { align: 'center', size: 13, bold: true }),
    rule(1100),
    p('{numberLine}', { align: 'center', size: 13, before: 4 }),
  ].join('');
  const right = [
    p('{motto1}', { align: 'center', size: 13, bold: true }),
    tag('{#motto2}'),
    p('{motto2}', { align: 'center', size: 14, bold: true }),
    tag('{/motto2}'),
    rule(1300),
    p('{placeDate}', { align: 'center', size: 14, italic: true, before: 4 }),
  ].join('');
  return table([HEADER_LEFT, HEADER_RIGHT], [row(cell(HEADER_LEFT, left) + cell(HEADER_RIGHT, right))], NO_BORDERS);
}

/** STT · Đơn vị · Tổng điểm · Chỉ tiêu đạt/ký kết · Xếp hạng · Xếp loại. */
const STANDINGS_WIDTHS = [680, 3230, 1000, 1100, 850, 2495];

function standingsTable(): string {
  const head = ['STT', 'Đơn vị', 'Tổng điểm', 'Chỉ tiêu đạt/ký kết', 'Xếp hạng', 'Xếp loại'];
  const headerRow = row(
    head
      .map((title, i) =>
        cell(
          STANDINGS_WIDTHS[i] ?? 1000,
          p(title, { align: 'center', size: 12, bold: true }),
          '<w:vAlign w:val="center"/>',
        ),
      )
      .join(''),
    '<w:tblHeader/>',
  );
  const values: readonly (readonly [string, ParagraphStyle['align']])[] = [
    ['{#rows}{stt}', 'center'],
    ['{name}', 'left'],
    ['{total}', 'right'],
    ['{targets}', 'center'],
    ['{rank}', 'center'],
    ['{rating}{/rows}', 'left'],
  ];
  const dataRow = row(
    values
      .map(([text, align], i) =>
        cell(STANDINGS_WIDTHS[i] ?? 1000, p(text, { align, size: 12 }), '<w:vAlign w:val="center"/>'),
      )
      .join(''),
  );
  return table(STANDINGS_WIDTHS, [headerRow, dataRow], GRID_BORDERS);
}

/** A dotted line across the text width, to write on by hand. */
const DOTTED_LINE = `<w:p><w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="${TEXT_WIDTH}"/></w:tabs><w:spacing w:before="0" w:after="120"/></w:pPr><w:r><w:tab/></w:r></w:p>`;

/** A list of paragraphs the secretary wrote, or dotted lines to write by hand when there are none. */
function writtenParagraphs(key: string): string {
  return [
    tag(`{#${key}}`),
    body('{.}'),
    tag(`{/${key}}`),
    tag(`{^${key}}`),
    DOTTED_LINE,
    DOTTED_LINE,
    DOTTED_LINE,
    tag(`{/${key}}`),
  ].join('');
}

function signatureBlock(): string {
  const left = [
    p('Nơi nhận:', { size: 12, bold: true, italic: true }),
    tag('{#recipients}'),
    p('- {.}', { size: 11 }),
    tag('{/recipients}'),
  ].join('');
  const right = [
    tag('{#signerAuthority}'),
    p('{signerAuthority}', { align: 'center', size: 14, bold: true }),
    tag('{/signerAuthority}'),
    p('{signerTitle}', { align: 'center', size: 14, bold: true }),
    p('', { size: 14 }),
    p('', { size: 14 }),
    p('', { size: 14 }),
    p('', { size: 14 }),
    p('{signerName}', { align: 'center', size: 14, bold: true }),
  ].join('');
  const leftWidth = 4400;
  return table(
    [leftWidth, TEXT_WIDTH - leftWidth],
    [row(cell(leftWidth, left) + cell(TEXT_WIDTH - leftWidth, right))],
    NO_BORDERS,
  );
}

function documentXml(): string {
  const parts = [
    officialHeader(),
    p('', { size: 8 }),
    p('BÁO CÁO', { align: 'center', bold: true, size: 14, before: 12 }),
    p('{subject}', { align: 'center', bold: true, size: 14 }),
    rule(3200),
    p('', { size: 6 }),
    body('{intro}'),
    p('I. KẾT QUẢ CHẤM ĐIỂM, XẾP LOẠI THI ĐUA', { bold: true, after: 6, keepNext: true }),
    body('{resultSentence}.'),
    tag('{#scoreSentence}'),
    body('{scoreSentence}'),
    tag('{/scoreSentence}'),
    body('Kết quả cụ thể như sau:', { keepNext: true }),
    standingsTable(),
    p('', { size: 6 }),
    tag('{#finalizedOn}'),
    body('Kết quả trên đã được hội nghị tổng kết thông qua và chốt ngày {finalizedOn}.', { italic: true }),
    tag('{/finalizedOn}'),
    tag('{#draft}'),
    body('Kết quả trên là dự thảo, chưa được chốt; số liệu có thể còn thay đổi.', { italic: true }),
    tag('{/draft}'),
    p('II. ĐÁNH GIÁ CHUNG', { bold: true, after: 6, before: 6, keepNext: true }),
    p('1. Ưu điểm', { bold: true, italic: true, after: 6, keepNext: true }),
    writtenParagraphs('strengths'),
    p('2. Hạn chế, tồn tại', { bold: true, italic: true, after: 6, keepNext: true }),
    writtenParagraphs('shortcomings'),
    p('III. {nextLeadershipHeading}', { bold: true, after: 6, before: 6, keepNext: true }),
    body('{nextLeadership}'),
    p('', { size: 8 }),
    signatureBlock(),
  ];
  const section =
    '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/><w:headerReference w:type="first" r:id="rIdFirst"/>' +
    '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="851" w:bottom="1134" w:left="1701" w:header="567" w:footer="567" w:gutter="0"/>' +
    '<w:titlePg/></w:sectPr>';
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<w:body>${parts.join('')}${section}</w:body></w:document>`
  );
}

/**
 * The page header, one line: the page number at the centre (from page 2: the first page has a
 * header without it) and the draft mark at the right, on every page of a year not finalized.
 */
function headerXml(pageNumber: boolean): string {
  const size = '<w:rPr><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>';
  const field = (part: string): string => `<w:r>${size}${part}</w:r>`;
  const tab = field('<w:tab/>');
  const number = pageNumber
    ? field('<w:fldChar w:fldCharType="begin"/>') +
      field('<w:instrText xml:space="preserve"> PAGE </w:instrText>') +
      field('<w:fldChar w:fldCharType="separate"/>') +
      field('<w:t>2</w:t>') +
      field('<w:fldChar w:fldCharType="end"/>')
    : '';
  const tabs = `<w:tabs><w:tab w:val="center" w:pos="${TEXT_WIDTH / 2}"/><w:tab w:val="right" w:pos="${TEXT_WIDTH}"/></w:tabs>`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<w:p><w:pPr>${tabs}</w:pPr>${tab}${number}${tab}${run('{#draft}DỰ THẢO{/draft}', { bold: true, size: 14 })}</w:p></w:hdr>`
  );
}

const STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
  `<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="${FONT}" w:hAnsi="${FONT}" w:eastAsia="${FONT}" w:cs="${FONT}"/>` +
  '<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>' +
  '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>' +
  '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>' +
  '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>' +
  '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>' +
  '</w:styles>';

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
  '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>' +
  '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>' +
  '<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>' +
  '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
  '</Types>';

const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
  '</Relationships>';

const DOCUMENT_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
  '<Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>' +
  '<Relationship Id="rIdFirst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>' +
  '</Relationships>';

const CORE =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
  '<dc:title>Báo cáo tổng kết công tác thi đua</dc:title><dc:creator>Thi đua</dc:creator></cp:coreProperties>';

/** The default summary report template, as the bytes of a .docx file. */
export function buildSummaryReportTemplate(): Buffer {
  const zip = new PizZip();
  zip.file('[Content_Types].xml', CONTENT_TYPES);
  zip.file('_rels/.rels', ROOT_RELS);
  zip.file('docProps/core.xml', CORE);
  zip.file('word/document.xml', documentXml());
  zip.file('word/_rels/document.xml.rels', DOCUMENT_RELS);
  zip.file('word/styles.xml', STYLES);
  zip.file('word/header1.xml', headerXml(true));
  zip.file('word/header2.xml', headerXml(false));
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}
