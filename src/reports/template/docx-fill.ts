/**
 * Fills Word templates with docxtemplater: the file's own paragraphs, tables and styles are kept,
 * only the tags change (see docx-template.ts for the tags). Values are always written as text.
 */
import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';

/** Errors are reported through the app (a template refused at start), not logged by docxtemplater. */
const OPTIONS = { paragraphLoop: true, linebreaks: true, errorLogging: false, nullGetter: (): string => '' } as const;

/** Why a template cannot be compiled, in words a person can act on (docxtemplater's explanations joined). */
export function templateProblem(error: unknown): string {
  const properties = (error as { properties?: { errors?: { properties?: { explanation?: string } }[] } }).properties;
  const explanations = (properties?.errors ?? [])
    .map((e) => e.properties?.explanation)
    .filter((e): e is string => typeof e === 'string');
  if (explanations.length > 0) return explanations.join('; ');
  return error instanceof Error ? error.message : String(error);
}

/**
 * Every tag of a template's body, those inside a section as "rows.name". Throws (docxtemplater's
 * error) when the file is not a usable template: not a .docx, or a section left open.
 */
export function docxTags(template: Buffer): Set<string> {
  const document = new Docxtemplater(new PizZip(template), OPTIONS);
  const keys = new Set<string>();
  const open: string[] = [];
  for (const match of document.getFullText().matchAll(/\{([#^/]?)\s*([^{}]*?)\s*\}/g)) {
    const [, sign, name = ''] = match;
    if (sign === '/') {
      open.pop();
      continue;
    }
    keys.add([...open, name].join('.'));
    if (sign === '#' || sign === '^') open.push(name);
  }
  return keys;
}

/** The filled document's bytes. */
export function fillDocx(template: Buffer, data: Record<string, unknown>): Buffer {
  const document = new Docxtemplater(new PizZip(template), OPTIONS);
  document.render(data);
  return document.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}
