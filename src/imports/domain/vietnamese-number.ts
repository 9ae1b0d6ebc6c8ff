/**
 * A number typed as text the Vietnamese way: the dot groups thousands ("1.250" is one thousand
 * two hundred and fifty), the comma marks decimals ("83,7"), both together "1.250,5". What could
 * be read two ways is refused with a message saying how to write it, never guessed:
 * - "1,250" (a comma then exactly three digits, no dot): 1,25 or one thousand two hundred and fifty?
 * - "1.25", "0.5" (a dot not followed by groups of exactly three digits): an English decimal point;
 * - "1,250.5" (a dot after a comma): English thousands and decimals;
 * - inconsistent grouping ("1.25.000", "12.50,5").
 * Spaces (also non-breaking) at either end are ignored; inside, a space may group thousands like
 * the dot ("1 250"). Only the text is read here: a numeric cell of a workbook is taken as it is.
 */

export type VietnameseNumber =
  { readonly ok: true; readonly value: number } | { readonly ok: false; readonly reason: string };

/** Every kind of space a spreadsheet or a copy from a web page may hold. */
const SPACES = /[\s\u00a0\u2007\u2009\u202f]/g;

const refuse = (reason: string): VietnameseNumber => ({ ok: false, reason });

export function parseVietnameseNumber(input: string): VietnameseNumber {
  const shown = `'${input.trim()}'`;
  const text = input.replace(/^[\s\u00a0\u2007\u2009\u202f]+|[\s\u00a0\u2007\u2009\u202f]+$/g, '');
  if (text === '') return refuse('ô trống');
  const sign = /^[+-]/.test(text) ? text[0] : '';
  const body = text.slice(sign.length).replace(SPACES, (space, offset: number, whole: string) =>
    // A space between digits groups thousands, like the dot.
    /\d/.test(whole[offset - 1] ?? '') && /\d/.test(whole[offset + 1] ?? '') ? '.' : space,
  );
  if (!/^[\d.,]+$/.test(body) || !/\d/.test(body)) return refuse(`${shown} không phải là số`);

  const commas = body.split(',').length - 1;
  const lastDot = body.lastIndexOf('.');
  const comma = body.indexOf(',');
  if (commas > 1) {
    return refuse(`${shown} có nhiều dấu phẩy; dấu phẩy chỉ dùng một lần, làm dấu thập phân (ví dụ 1.250,5)`);
  }
  if (commas === 1 && lastDot > comma) {
    return refuse(
      `${shown} viết theo kiểu tiếng Anh; hãy dùng dấu chấm ngăn cách hàng nghìn và dấu phẩy thập phân (ví dụ 1.250,5)`,
    );
  }
  const integerPart = commas === 1 ? body.slice(0, comma) : body;
  const decimalPart = commas === 1 ? body.slice(comma + 1) : '';
  if (commas === 1 && !/^\d+$/.test(decimalPart)) return refuse(`${shown} không phải là số`);

  let digits: string;
  if (integerPart.includes('.')) {
    if (!/^\d{1,3}(\.\d{3})+$/.test(integerPart)) {
      const suggestion =
        commas === 0 && /^\d+\.\d+$/.test(integerPart)
          ? ` (nếu là số thập phân, viết ${integerPart.replace('.', ',')})`
          : '';
      return refuse(
        `${shown} có dấu chấm không đúng chỗ: dấu chấm chỉ dùng ngăn cách hàng nghìn (1.250 là một nghìn hai trăm năm mươi), ` +
          `số thập phân viết bằng dấu phẩy${suggestion}`,
      );
    }
    digits = integerPart.replace(/\./g, '');
  } else {
    digits = integerPart === '' ? '0' : integerPart;
    if (commas === 1 && decimalPart.length === 3 && !/^0*$/.test(digits)) {
      const thousands = `${digits}.${decimalPart}`;
      const fraction = decimalPart.replace(/0+$/, '');
      const decimal = fraction === '' ? digits : `${digits},${fraction}`;
      return refuse(
        `${shown} không rõ là số thập phân hay số hàng nghìn; hãy viết ${thousands} nếu là hàng nghìn, ` +
          `hoặc ${decimal} nếu là số thập phân`,
      );
    }
  }
  const value = Number(`${sign}${digits}${decimalPart === '' ? '' : `.${decimalPart}`}`);
  if (!Number.isFinite(value)) return refuse(`${shown} không phải là số`);
  return { ok: true, value: value === 0 ? 0 : value };
}
