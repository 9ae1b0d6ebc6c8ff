import { Matches } from 'class-validator';
import { DateField, TextField } from '../../common/validation.js';

/** What is chosen when a document is downloaded: its number and the date of its date line. */
export class DocumentQueryDto {
  @TextField({
    maxLength: 10,
    optional: true,
    example: '12',
    description: 'Số văn bản (chỉ chữ số); trống: in "Số:      /BC-…" để ghi tay.',
  })
  @Matches(/^\d{1,10}$/, { message: 'chỉ gồm chữ số, ví dụ 12' })
  number?: string | null;

  @DateField({
    optional: true,
    description: 'Ngày ghi ở dòng địa danh, ngày tháng; trống: hôm nay.',
  })
  date?: string | null;
}

/** The options a service needs, from the query. */
export interface DocumentOptions {
  readonly number: string | null;
  /** YYYY-MM-DD, or null for today. */
  readonly date: string | null;
}

export const documentOptions = (query: DocumentQueryDto): DocumentOptions => ({
  number: query.number ?? null,
  date: query.date ?? null,
});
