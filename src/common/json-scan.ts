/**
 * A linear, non-recursive scan of a JSON text, run before JSON.parse: JSON.parse recurses, so a
 * body nested millions deep froze the server. The scan counts nesting outside strings and looks
 * at every escape inside strings; it leaves syntax errors to JSON.parse.
 */

/** Deepest nesting of arrays and objects accepted in a request body. */
export const JSON_MAX_DEPTH = 32;

export type JsonScanProblem =
  | { readonly kind: 'too-deep'; readonly position: number }
  | { readonly kind: 'control-character'; readonly position: number; readonly codePoint: number }
  | { readonly kind: 'lone-surrogate'; readonly position: number };

/**
 * C0 controls (U+0000–U+001F) and DEL (U+007F), except tab, line feed and carriage return, which
 * multi-line text (notes, reasons) needs. PostgreSQL refuses U+0000 in text; none of them belongs
 * in a name, a code or a note.
 */
export const isForbiddenControl = (codePoint: number): boolean =>
  (codePoint < 0x20 && codePoint !== 0x09 && codePoint !== 0x0a && codePoint !== 0x0d) || codePoint === 0x7f;

/** The first forbidden control character in a string, or -1. */
export function findForbiddenControl(text: string): number {
  for (let i = 0; i < text.length; i += 1) if (isForbiddenControl(text.charCodeAt(i))) return i;
  return -1;
}

const hexValue = (text: string, at: number): number => {
  const digits = text.slice(at, at + 4);
  return /^[0-9a-fA-F]{4}$/.test(digits) ? parseInt(digits, 16) : -1;
};

const isHighSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff;

/** The first problem in a JSON text (too deep, a control character, a lone surrogate), or null. */
export function scanJson(text: string, maxDepth = JSON_MAX_DEPTH): JsonScanProblem | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (!inString) {
      if (unit === 0x22 /* " */) inString = true;
      else if (unit === 0x5b /* [ */ || unit === 0x7b /* { */) {
        depth += 1;
        if (depth > maxDepth) return { kind: 'too-deep', position: i };
      } else if (unit === 0x5d /* ] */ || unit === 0x7d /* } */) depth -= 1;
      continue;
    }
    if (unit === 0x22) {
      inString = false;
      continue;
    }
    if (unit === 0x7f) return { kind: 'control-character', position: i, codePoint: unit };
    if (isLowSurrogate(unit)) return { kind: 'lone-surrogate', position: i };
    if (isHighSurrogate(unit)) {
      if (!isLowSurrogate(text.charCodeAt(i + 1))) return { kind: 'lone-surrogate', position: i };
      i += 1;
      continue;
    }
    if (unit !== 0x5c /* \ */) continue; // raw controls are invalid JSON: JSON.parse refuses them
    const escape = text.charCodeAt(i + 1);
    if (escape === 0x62 /* b */ || escape === 0x66 /* f */) {
      return { kind: 'control-character', position: i, codePoint: escape === 0x62 ? 0x08 : 0x0c };
    }
    if (escape !== 0x75 /* u */) {
      i += 1;
      continue;
    }
    const value = hexValue(text, i + 2);
    if (value < 0) return null; // malformed escape: JSON.parse says so
    if (isForbiddenControl(value)) return { kind: 'control-character', position: i, codePoint: value };
    if (isLowSurrogate(value)) return { kind: 'lone-surrogate', position: i };
    if (isHighSurrogate(value)) {
      const next = text.charCodeAt(i + 6) === 0x5c && text.charCodeAt(i + 7) === 0x75 ? hexValue(text, i + 8) : -1;
      if (!isLowSurrogate(next)) return { kind: 'lone-surrogate', position: i };
      i += 11;
      continue;
    }
    i += 5;
  }
  return null;
}
