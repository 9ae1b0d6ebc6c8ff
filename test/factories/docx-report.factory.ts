/**
 * Reading exported .docx documents back: the paragraphs' text, the tables cell by cell, and the
 * page headers, from the Word XML itself (what Word and LibreOffice show).
 */
import PizZip from 'pizzip';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface DocxText {
  /** Every paragraph of the body outside tables, in order. */
  readonly paragraphs: string[];
  /** Every table: rows of cells, a cell's paragraphs joined with "\n". */
  readonly tables: string[][][];
  /** Every paragraph of the body, tables included, joined with "\n". */
  readonly text: string;
  /** The page headers' text, one string per header part. */
  readonly headers: string[];
  /** The raw parts, for style checks. */
  readonly parts: Map<string, string>;
}

const unescape = (text: string): string =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The text of one paragraph's XML: its runs' text, tabs as "\t". */
function paragraphText(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)]
    .map((m) => (m[0] === '<w:tab/>' ? '\t' : unescape(m[1] ?? '')))
    .join('');
}

const paragraphsOf = (xml: string): string[] =>
  [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g)].map((m) => paragraphText(m[0]));

export function readDocx(bytes: Buffer): DocxText {
  const zip = new PizZip(bytes);
  const parts = new Map<string, string>();
  for (const name of Object.keys(zip.files)) {
    if (name.endsWith('.xml')) parts.set(name, zip.file(name)?.asText() ?? '');
  }
  const document = parts.get('word/document.xml') ?? '';
  const tables = [...document.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((table) =>
    [...table[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((row) =>
      [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((cell) => paragraphsOf(cell[0]).join('\n')),
    ),
  );
  const outside = document.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, '');
  const headers = [...parts.entries()]
    .filter(([name]) => /^word\/header\d*\.xml$/.test(name))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, xml]) => paragraphsOf(xml).join('\n'));
  return { paragraphs: paragraphsOf(outside), tables, text: paragraphsOf(document).join('\n'), headers, parts };
}
