/**
 * Pure mapping from a cluster-year's figures to what the signed documents print: the issuing
 * body and number line, the signature block, the result sentence and the summary report's data.
 */
import type { ClusterKind } from '../clusters/cluster.entity.js';
import { formatDate, formatNumber, formatPercent } from '../standings/domain/format.js';
import { RATING_LABELS, type ClusterSummary } from '../standings/domain/types.js';
import { placeDateLine, type ReportHeader, type ScoreRowInput } from './report-data.js';

const KIND_WORDS: Readonly<
  Record<ClusterKind, { readonly name: string; readonly head: string; readonly deputy: string }>
> = {
  cluster: { name: 'Cụm thi đua', head: 'Cụm trưởng', deputy: 'Cụm phó' },
  bloc: { name: 'Khối thi đua', head: 'Khối trưởng', deputy: 'Khối phó' },
};

/** The head's title in the signature block: "CỤM TRƯỞNG" or "KHỐI TRƯỞNG". */
export const headTitle = (kind: ClusterKind): string => KIND_WORDS[kind].head.toLocaleUpperCase('vi');

/**
 * The initials a document number uses for its issuer: "Cụm thi đua" → "CTĐ", "Ủy ban nhân dân" →
 * "UBND" (tone and vowel marks dropped; Đ stays Đ).
 */
export function initials(name: string): string {
  return name
    .split(/[\s-]+/)
    .filter((word) => /^\p{L}/u.test(word))
    .map((word) => word.charAt(0).normalize('NFD').replace(/\p{M}/gu, '').toLocaleUpperCase('vi'))
    .join('');
}

/** "Số: 12/BC-CTĐ"; without a number, room to write it by hand: "Số:       /BC-CTĐ". */
export function numberLine(number: string | null, issuer: string): string {
  return `Số: ${number ?? '\u00a0'.repeat(6)}/BC-${initials(issuer)}`;
}

/** Lines of text a person wrote: one paragraph per non-blank line. */
export const paragraphsOf = (text: string | null): string[] =>
  (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');

/**
 * "Cụm thi đua số 5 có 11/12 đơn vị hoàn thành xuất sắc nhiệm vụ (91,67%); 108/120 chỉ tiêu đạt,
 * đạt 90,00% so với chỉ tiêu ký kết" (no full stop: the template adds it).
 */
export function resultSentence(clusterName: string, summary: ClusterSummary, decimals: number): string {
  if (summary.unitCount === 0) return `${clusterName} chưa có đơn vị nào được xếp loại`;
  const excellent = summary.ratings.EXCELLENT;
  const units = `${formatNumber(excellent.count, 0)}/${formatNumber(excellent.of, 0)} đơn vị ${RATING_LABELS.EXCELLENT.toLocaleLowerCase('vi')} (${formatPercent(excellent.percent, decimals)})`;
  const { met, signed, percent } = summary.targets;
  const targets =
    signed === 0
      ? 'chưa có chỉ tiêu nào được ký kết'
      : `${formatNumber(met, 0)}/${formatNumber(signed, 0)} chỉ tiêu đạt, đạt ${formatPercent(percent, decimals)} so với chỉ tiêu ký kết`;
  return `${clusterName} có ${units}; ${targets}`;
}

export interface SummaryReportInput {
  readonly clusterName: string;
  readonly kind: ClusterKind;
  readonly year: number;
  /** The organizer's settings (motto, place) with the date chosen for the date line. */
  readonly header: ReportHeader;
  /** Who the organizer is, for "Nơi nhận". */
  readonly organizer: string;
  readonly number: string | null;
  readonly summary: ClusterSummary;
  readonly decimals: number;
  readonly rows: readonly ScoreRowInput[];
  readonly memberCount: number;
  readonly head: string | null;
  readonly deputy: string | null;
  readonly nextHead: string | null;
  readonly nextDeputy: string | null;
  readonly leading: readonly string[];
  readonly covenantDate: string | null;
  readonly conferenceDate: string | null;
  /** The day the figures were adopted (YYYY-MM-DD); null: a draft. */
  readonly finalizedOn: string | null;
  readonly signerName: string | null;
  readonly strengths: string | null;
  readonly shortcomings: string | null;
}

/** Everything the summary report template's tags read (see template/docx-template.ts). */
export function summaryReportData(input: SummaryReportInput): Record<string, unknown> {
  const words = KIND_WORDS[input.kind];
  const upper = (text: string): string => text.toLocaleUpperCase('vi');
  const points = (value: number): string => formatNumber(value, input.decimals);
  const { summary } = input;
  const leadership = [
    input.head ? `${input.head} làm ${words.head}` : null,
    input.deputy ? `${input.deputy} làm ${words.deputy}` : null,
  ].filter((part): part is string => part !== null);
  const intro = [
    `Năm ${input.year}, ${input.clusterName} có ${formatNumber(input.memberCount, 0)} đơn vị thành viên` +
      (leadership.length > 0 ? `, do ${leadership.join(', ')}.` : '.'),
    input.covenantDate ? `Các đơn vị đã ký giao ước thi đua ngày ${formatDate(input.covenantDate)}.` : null,
    input.conferenceDate ? `Hội nghị tổng kết họp ngày ${formatDate(input.conferenceDate)}.` : null,
  ]
    .filter((part): part is string => part !== null)
    .join(' ');
  const scoreSentence =
    summary.averageTotal === null || summary.maxTotal === null
      ? null
      : `Điểm trung bình của các đơn vị: ${points(summary.averageTotal.toNumber())} điểm; điểm cao nhất: ` +
        `${points(summary.maxTotal.toNumber())} điểm` +
        (input.leading.length > 0 ? ` (${input.leading.join(', ')}).` : '.');
  const nextLeadership = input.nextHead
    ? `Hội nghị thống nhất bầu ${input.nextHead} làm ${words.head}` +
      (input.nextDeputy ? `, ${input.nextDeputy} làm ${words.deputy}` : '') +
      ` năm ${input.year + 1}.`
    : `Hội nghị chưa bầu ${words.head.toLocaleLowerCase('vi')}, ${words.deputy.toLocaleLowerCase('vi')} năm ${input.year + 1}.`;
  return {
    parentBody: upper(input.head ? input.clusterName : input.header.parentBody),
    issuingBody: upper(input.head ?? input.clusterName),
    motto1: input.header.mottoLines[0] ?? '',
    motto2: input.header.mottoLines[1] || null,
    placeDate: placeDateLine(input.header.place, input.header.date),
    draft: input.finalizedOn === null,
    finalizedOn: input.finalizedOn === null ? null : formatDate(input.finalizedOn),
    subject: `Tổng kết công tác thi đua năm ${input.year} của ${input.clusterName}`,
    intro,
    resultSentence: resultSentence(input.clusterName, summary, input.decimals),
    scoreSentence,
    rows: input.rows.map((row, index) => ({
      stt: String(index + 1),
      name: row.name,
      total: points(row.total),
      targets: row.targetsSigned === 0 ? '' : `${row.targetsMet}/${row.targetsSigned}`,
      rank: row.rank === null ? '' : String(row.rank),
      rating: row.rating === null ? (row.active ? '' : 'Đã rời cụm') : RATING_LABELS[row.rating],
    })),
    strengths: paragraphsOf(input.strengths),
    shortcomings: paragraphsOf(input.shortcomings),
    nextLeadershipHeading: upper(`${words.head}, ${words.deputy} năm ${input.year + 1}`),
    nextLeadership,
    recipients: [`${input.organizer} (để báo cáo);`, `Các đơn vị thành viên ${input.clusterName};`, 'Lưu: VT.'],
    ...signatureScalars(
      clusterSigner(input.clusterName, input.kind, input.signerName),
      input.organizer,
      input.number,
      words.name,
    ),
  };
}

/** "Cụm trưởng" / "Khối trưởng" and their deputies, as the summary labels them. */
export const leadershipLabels = (kind: ClusterKind): { headLabel: string; deputyLabel: string } => ({
  headLabel: KIND_WORDS[kind].head,
  deputyLabel: KIND_WORDS[kind].deputy,
});

/** The line saying whether the figures are adopted: printed under the summary of every workbook. */
export function statusLine(finalizedOn: string | null): string {
  return finalizedOn === null
    ? 'DỰ THẢO: kết quả chưa chốt, số liệu còn có thể thay đổi.'
    : `Kết quả đã được hội nghị tổng kết thông qua và chốt ngày ${formatDate(finalizedOn)}.`;
}

/** The page header of a draft's every printed page (Excel's header codes: right part, bold 14 pt). */
export const DRAFT_PAGE_HEADER = '&R&"Times New Roman,Bold"&14DỰ THẢO';

export interface Signer {
  /** "TM. CỤM THI ĐUA SỐ 5", "KT. TRƯỞNG BAN"…; null: none. */
  readonly authority: string | null;
  readonly title: string;
  readonly name: string | null;
}

/** A cluster's signer: on behalf of the cluster, its head. */
export const clusterSigner = (clusterName: string, kind: ClusterKind, name: string | null): Signer => ({
  authority: `TM. ${clusterName.toLocaleUpperCase('vi')}`,
  title: headTitle(kind),
  name,
});

/** The cells of the number line, "Nơi nhận" and the signature block of a workbook. */
export function signatureScalars(signer: Signer, organizer: string, number: string | null, issuer: string) {
  return {
    numberLine: numberLine(number, issuer),
    organizer,
    signerAuthority: signer.authority ?? signer.title,
    signerTitle: signer.authority === null ? '' : signer.title,
    signerName: signer.name ?? '',
  };
}
