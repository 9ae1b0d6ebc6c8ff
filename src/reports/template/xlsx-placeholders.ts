/**
 * The `{{placeholders}}` of every sheet of an .xlsx template, read straight from the file's XML:
 * the start-up check of the report templates needs nothing more, and so the app starts without
 * loading a spreadsheet library (exceljs is loaded by the first report instead).
 *
 * Reads the workbook's sheet list and its relationships, the shared strings (rich text runs joined,
 * phonetic guides left out, as exceljs reads them) and each sheet's text cells, shared or inline
 * (not formulas' cached results, which the filler does not fill either). Plain functions; throws
 * when the file is not a readable .xlsx.
 */
import { inflateEntry, listEntries } from '../../imports/xlsx-archive.js';
import { PLACEHOLDER } from './xlsx-template.js';

/** More parts than any template has: a damaged or hostile file stops here. */
const MAX_ENTRIES = 2000;

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML text with its entities and character references decoded. */
export function xmlText(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? whole;
  });
}

/** An element's attributes by local name (`r:id` → `id`). */
function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const [, name = '', value = ''] of tag.matchAll(/(?:[\w.-]+:)?([\w.-]+)\s*=\s*"([^"]*)"/g)) {
    found.set(name, xmlText(value));
  }
  return found;
}

/** The text of every `<t>` in a fragment, joined (phonetic guides left out). */
function joinedText(xml: string): string {
  return [
    ...xml
      .replace(/<(\w+:)?rPh\b[\s\S]*?<\/(\w+:)?rPh>/g, '')
      .matchAll(/<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)<\/(?:\w+:)?t>/g),
  ]
    .map((m) => xmlText(m[1] ?? ''))
    .join('');
}

/** Each sheet's placeholder keys, by sheet name. */
export function placeholdersBySheet(bytes: Buffer): Map<string, Set<string>> {
  const entries = new Map(listEntries(bytes, MAX_ENTRIES).map((e) => [e.name.replace(/^\//, ''), e] as const));
  const part = (name: string): string | null => {
    const entry = entries.get(name);
    return entry === undefined ? null : inflateEntry(bytes, entry).toString('utf8');
  };
  const workbook = part('xl/workbook.xml');
  if (workbook === null) throw new Error('no xl/workbook.xml');
  const targets = new Map<string, string>();
  for (const [tag] of (part('xl/_rels/workbook.xml.rels') ?? '').matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const a = attributes(tag);
    const id = a.get('Id');
    const target = a.get('Target');
    if (id !== undefined && target !== undefined) {
      targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`);
    }
  }
  const shared = [
    ...(part('xl/sharedStrings.xml') ?? '').matchAll(/<(?:\w+:)?si\b[^>]*>([\s\S]*?)<\/(?:\w+:)?si>/g),
  ].map((m) => joinedText(m[1] ?? ''));
  const sheets = new Map<string, Set<string>>();
  for (const [tag] of workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const a = attributes(tag);
    const name = a.get('name');
    const target = targets.get(a.get('id') ?? '');
    if (name === undefined || target === undefined) continue;
    const keys = new Set<string>();
    for (const text of cellTexts(part(target) ?? '', shared)) {
      for (const match of text.matchAll(PLACEHOLDER)) keys.add(match[1] ?? '');
    }
    sheets.set(name, keys);
  }
  return sheets;
}

/** The text of every text cell of a sheet's XML. */
function* cellTexts(sheet: string, shared: readonly string[]): Generator<string> {
  for (const [, open = '', body = ''] of sheet.matchAll(/<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g)) {
    const type = attributes(open).get('t');
    if (type === 's') {
      const index = Number(/<(?:\w+:)?v>([^<]*)</.exec(body)?.[1]);
      const text = shared[index];
      if (text !== undefined) yield text;
    } else if (type === 'inlineStr') {
      yield joinedText(body);
    }
    // A formula's cached result ("str") is not text the user typed: the filler leaves it alone too.
  }
}

/** Required placeholders missing from a workbook's sheets, as "sheet: {{key}}" (a missing sheet names itself). */
export function missingIn(
  present: ReadonlyMap<string, ReadonlySet<string>>,
  required: Readonly<Record<string, readonly string[]>>,
): string[] {
  return Object.entries(required).flatMap(([sheetName, keys]) => {
    const found = present.get(sheetName);
    if (found === undefined) return [`trang tính "${sheetName}"`];
    return keys.filter((key) => !found.has(key)).map((key) => `"${sheetName}": {{${key}}}`);
  });
}
