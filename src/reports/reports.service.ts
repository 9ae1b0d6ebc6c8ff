import { PassThrough, type Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { asciiFileName } from '../common/xlsx-file.js';
import { Injectable } from '@nestjs/common';
import { AppException } from '../common/app-exception.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type ExcelJS from 'exceljs';
import { loadExcel } from '../common/exceljs.js';
import { DataSource, type EntityManager } from 'typeorm';
import { Cluster } from '../clusters/cluster.entity.js';
import { byCode, CLUSTER_KIND_LABELS, ClustersService } from '../clusters/clusters.service.js';
import { ClusterYear } from '../covenants/cluster-year.entity.js';
import { ClusterYearsService } from '../covenants/cluster-years.service.js';
import { formatDate, summarySentence } from '../standings/domain/format.js';
import { Rational } from '../standings/domain/rational.js';
import { groupMaximum } from '../standings/domain/scoring-table.js';
import { fraction } from '../standings/domain/summary.js';
import { RATING_LABELS, type CriterionInput, type UnitScore } from '../standings/domain/types.js';
import { viewOf, type ClusterYearView } from '../standings/cluster-year-view.js';
import { ComputedClusterYears } from '../standings/computed-cluster-years.service.js';
import { StandingsCalculator, type ComputedClusterYear } from '../standings/standings-calculator.service.js';
import {
  changeScalars,
  figureScalars,
  fractionValue,
  headerScalars,
  scoreRow,
  type ReportHeader,
  type ScoreRowInput,
} from './report-data.js';
import { ReportTemplatesService } from './report-templates.service.js';
import { PdfConverterService } from './pdf-converter.service.js';
import { SettingsService } from './settings.service.js';
import { CLUSTER_REPORT_TEMPLATE, OVERVIEW_TEMPLATE, SHEETS } from './template/template-files.js';
import { fillSheet, tableRowOf, type TableRow } from './template/xlsx-template.js';
import type { DocumentOptions } from './dto/document-query.dto.js';
import {
  clusterSigner,
  DRAFT_PAGE_HEADER,
  leadershipLabels,
  signatureScalars,
  statusLine,
  summaryReportData,
} from './document-data.js';
import { fillDocx } from './template/docx-fill.js';
import { SUMMARY_REPORT_TEMPLATE } from './template/docx-template.js';

/**
 * The overview's progress, for the command line's progress bar: `done` of `total` clusters
 * computed (phase 'computed'), then written to the workbook (phase 'written').
 */
export type OverviewProgress = (progress: {
  readonly phase: 'computed' | 'written';
  readonly done: number;
  readonly total: number;
}) => void;

@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly templates: ReportTemplatesService,
    private readonly settings: SettingsService,
    private readonly clusters: ClustersService,
    private readonly clusterYears: ClusterYearsService,
    private readonly calculator: StandingsCalculator,
    private readonly computed: ComputedClusterYears,
    private readonly pdfConverter: PdfConverterService,
  ) {}

  /** The cluster annual report: "Tổng hợp", "Chi tiết tiêu chí", "So sánh năm trước". */
  async clusterReport(
    clusterId: number,
    year: number,
    options: DocumentOptions = NO_OPTIONS,
  ): Promise<{ fileName: string; content: Buffer }> {
    const em = this.dataSource.manager;
    const clusterYear = await this.clusterYears.findOrFail(em, clusterId, year);
    const cluster = await this.clusters.findOrFail(em, clusterId);
    const { current, previous } = await this.calculator.computeWithPrevious(em, clusterYear);
    const header = await this.header(em, options.date ?? clusterYear.conferenceDate);
    const settings = await this.settings.get(em);
    const finalizedOn = finalizedOnOf(clusterYear);

    const workbook = await this.templates.open(CLUSTER_REPORT_TEMPLATE);
    const kindLabel = CLUSTER_KIND_LABELS[cluster.kind];
    // The name says what it is ("Cụm thi đua số 5"): the kind is not said twice.
    const named = cluster.name.toLocaleLowerCase('vi').startsWith(kindLabel.toLocaleLowerCase('vi'))
      ? cluster.name
      : `${kindLabel}: ${cluster.name}`;
    const subtitle = `${named} — năm ${year}`;
    const names = current.names;
    const unitName = (id: number | null): string => (id === null ? '' : (names.get(id) ?? ''));
    const common = {
      ...headerScalars(header),
      ...signatureScalars(
        clusterSigner(cluster.name, cluster.kind, clusterYear.reportSignerName),
        settings.issuingBody,
        options.number,
        kindLabel,
      ),
      ...leadershipLabels(cluster.kind),
      status: statusLine(finalizedOn),
      subtitle,
      year,
      nextYear: year + 1,
    };
    const summarySheet = workbook.getWorksheet(SHEETS.summary);
    if (summarySheet) {
      fillSheet(summarySheet, {
        scalars: {
          ...common,
          title: `BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM, XẾP LOẠI THI ĐUA NĂM ${year}`,
          ...figureScalars('summary', current.summary),
          'summary.leading': current.summary.leadingUnitIds.map((id) => unitName(id)).join('; '),
          'summary.head': unitName(clusterYear.headUnitId),
          'summary.deputy': unitName(clusterYear.deputyUnitId),
          'summary.nextHead': unitName(clusterYear.nextHeadUnitId),
          'summary.nextDeputy': unitName(clusterYear.nextDeputyUnitId),
          sentence: current.summary.unitCount === 0 ? '' : `Kết quả: ${sentenceOf(current)}.`,
          // Real dates, built in UTC, shown as dd/mm/yyyy by the template's number format.
          covenantDate: utcDate(clusterYear.covenantDate),
          conferenceDate: utcDate(clusterYear.conferenceDate),
        },
        rows: scoreRows(viewOf(current)).map((row, index) => scoreRow(index, row)),
      });
    }
    const detailSheet = workbook.getWorksheet(SHEETS.detail);
    if (detailSheet) {
      const rows = detailRows(current);
      const firstRow = tableRowOf(detailSheet);
      fillSheet(detailSheet, { scalars: { ...common, title: `CHI TIẾT ĐIỂM THEO TIÊU CHÍ NĂM ${year}` }, rows });
      styleDetailRows(detailSheet, firstRow, rows);
    }
    const comparisonSheet = workbook.getWorksheet(SHEETS.comparison);
    if (comparisonSheet) {
      const cur = figureScalars('cur', current.summary);
      const prev = figureScalars('prev', previous?.summary ?? null);
      fillSheet(comparisonSheet, {
        scalars: {
          ...common,
          title: `SO SÁNH KẾT QUẢ NĂM ${year} VỚI NĂM ${year - 1}`,
          subtitle: previous ? subtitle : `${subtitle} (chưa có số liệu năm ${year - 1})`,
          previousYear: year - 1,
          ...cur,
          ...prev,
          ...changeScalars(current.summary, previous?.summary ?? null),
        },
      });
    }
    for (const sheet of workbook.worksheets) markDraft(sheet, finalizedOn === null);
    workbook.creator = 'Thi đua';
    workbook.created = new Date();
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    return { fileName: `bao-cao-${asciiFileName(cluster.code, 'cum')}-${year}.xlsx`, content };
  }

  /**
   * The written summary report (báo cáo tổng kết công tác thi đua) of a cluster-year, from the Word
   * template: header, result sentence, standings, the secretary's strengths and shortcomings, next
   * year's head and deputy, the signature block. A year that is not finalized is marked as a draft.
   */
  async summaryReport(
    clusterId: number,
    year: number,
    options: DocumentOptions,
  ): Promise<{ fileName: string; content: Buffer }> {
    const em = this.dataSource.manager;
    const clusterYear = await this.clusterYears.findOrFail(em, clusterId, year);
    const cluster = await this.clusters.findOrFail(em, clusterId);
    const computed = await this.calculator.computeOne(em, clusterYear);
    const settings = await this.settings.get(em);
    const name = (id: number | null): string | null => (id === null ? null : (computed.names.get(id) ?? null));
    const data = summaryReportData({
      clusterName: cluster.name,
      kind: cluster.kind,
      year,
      header: await this.header(em, options.date ?? clusterYear.conferenceDate),
      organizer: settings.issuingBody,
      number: options.number,
      summary: computed.summary,
      decimals: computed.ruleSet.displayDecimals,
      rows: scoreRows(viewOf(computed)),
      memberCount: computed.memberships.length,
      head: name(clusterYear.headUnitId),
      deputy: name(clusterYear.deputyUnitId),
      nextHead: name(clusterYear.nextHeadUnitId),
      nextDeputy: name(clusterYear.nextDeputyUnitId),
      leading: computed.summary.leadingUnitIds.map((id) => name(id) ?? ''),
      covenantDate: clusterYear.covenantDate,
      conferenceDate: clusterYear.conferenceDate,
      finalizedOn: finalizedOnOf(clusterYear),
      signerName: clusterYear.reportSignerName,
      strengths: clusterYear.reportStrengths,
      shortcomings: clusterYear.reportShortcomings,
    });
    const content = fillDocx(this.templates.docx(SUMMARY_REPORT_TEMPLATE), data);
    return { fileName: `bao-cao-tong-ket-${asciiFileName(cluster.code, 'cum')}-${year}.docx`, content };
  }

  /** A document as PDF, made by LibreOffice from the .docx or .xlsx (501 where it is not installed). */
  async pdf(
    document: { kind: 'summary' | 'workbook'; clusterId: number } | { kind: 'overview' },
    year: number,
    options: DocumentOptions,
  ): Promise<{ fileName: string; content: Buffer }> {
    const source = document.kind === 'summary' ? 'docx' : 'xlsx';
    this.pdfConverter.assertAvailable(source);
    const made =
      document.kind === 'overview'
        ? await this.overview(year, undefined, options).then(async ({ fileName, stream }) => ({
            fileName,
            content: await buffer(stream),
          }))
        : document.kind === 'summary'
          ? await this.summaryReport(document.clusterId, year, options)
          : await this.clusterReport(document.clusterId, year, options);
    return {
      fileName: made.fileName.replace(/\.(docx|xlsx)$/, '.pdf'),
      content: await this.pdfConverter.convert(source, made.content),
    };
  }

  /**
   * The organizer's overview of a year: one row per cluster with totals, then one sheet per cluster's
   * score summary. The figures are the stored read model's (those not current are computed together
   * and stored); each sheet is written straight into exceljs's streaming writer from the template
   * read once per process (StreamedSheetTemplate).
   */
  async overview(
    year: number,
    onProgress?: OverviewProgress,
    options: DocumentOptions = NO_OPTIONS,
  ): Promise<{ fileName: string; stream: Readable }> {
    const em = this.dataSource.manager;
    const clusterYears = await em.find(ClusterYear, { where: { year } });
    if (clusterYears.length === 0) {
      throw new AppException(
        'CLUSTER_YEAR_NOT_FOUND',
        `Năm ${year} chưa có cụm, khối nào có dữ liệu: không có gì để tổng hợp. Hãy chọn năm khác.`,
      );
    }
    const clusters = new Map((await em.find(Cluster)).map((c) => [c.id, c] as const));
    const ordered = [...clusterYears].sort((a, b) =>
      byCode(clusters.get(a.clusterId) ?? { code: '' }, clusters.get(b.clusterId) ?? { code: '' }),
    );
    // The date line: the date asked for; else, for a year whose conferences were held, the last of them.
    const lastConference = ordered
      .map((c) => c.conferenceDate)
      .filter((d): d is string => d !== null)
      .sort()
      .at(-1);
    const header = await this.header(em, options.date ?? lastConference ?? null);
    const settings = await this.settings.get(em);
    const headerCells = headerScalars(header);
    const finalizedCount = ordered.filter((c) => c.status === 'finalized').length;
    const stream = new PassThrough();
    const writer = new (await loadExcel()).stream.xlsx.WorkbookWriter({
      stream,
      useStyles: true,
      useSharedStrings: false,
    });
    writer.creator = 'Thi đua';

    const run = async (): Promise<void> => {
      // The stored figures where current; the others computed together (and stored, as reads do).
      const views = await this.computed.views(ordered, em);
      const rows: TableRow[] = [];
      let units = 0;
      let excellent = 0;
      let met = 0;
      let signed = 0;
      // Per cluster only its plain score rows are kept; its sheet is filled and streamed afterwards.
      const sheets: { name: string; subtitle: string; finalizedOn: string | null; rows: ScoreRowInput[] }[] = [];
      const usedNames = new Set<string>([SHEETS.overview.toLowerCase()]);
      for (const [index, clusterYear] of ordered.entries()) {
        const cluster = clusters.get(clusterYear.clusterId);
        const view = views.get(clusterYear.id);
        if (view === undefined) throw new Error(`cluster-year ${clusterYear.id} was not computed`);
        const s = view.summary;
        const names = view.names;
        const name = (id: number | null): string => (id === null ? '' : (names.get(id) ?? ''));
        units += s.unitCount;
        excellent += s.ratings.EXCELLENT.count;
        met += s.targets.met;
        signed += s.targets.signed;
        rows.push({
          values: {
            stt: index + 1,
            cluster: cluster?.name ?? '',
            kind: cluster ? CLUSTER_KIND_LABELS[cluster.kind] : '',
            units: s.unitCount,
            excellent: s.ratings.EXCELLENT.count,
            excellentPercent: fractionValue(s.ratings.EXCELLENT.percent),
            targetsMet: s.targets.met,
            targetsSigned: s.targets.signed,
            targetsPercent: fractionValue(s.targets.percent),
            status: clusterYear.status === 'finalized' ? 'Đã chốt' : 'Chưa chốt',
            leading: s.leadingUnitIds.map((id) => name(id)).join('; '),
            nextHead: name(clusterYear.nextHeadUnitId),
            nextDeputy: name(clusterYear.nextDeputyUnitId),
          },
        });
        sheets.push({
          name: uniqueSheetName(cluster?.code ?? String(clusterYear.clusterId), usedNames),
          subtitle: cluster?.name ?? '',
          finalizedOn: finalizedOnOf(clusterYear),
          rows: scoreRows(view),
        });
        onProgress?.({ phase: 'computed', done: index + 1, total: ordered.length });
      }
      const template = await this.templates.streamedSheets(OVERVIEW_TEMPLATE);
      const overviewSheet = template.get(SHEETS.overview);
      if (overviewSheet) {
        overviewSheet.write(
          writer,
          SHEETS.overview,
          {
            scalars: {
              ...headerCells,
              ...signatureScalars(
                { authority: settings.signerAuthority, title: settings.signerTitle, name: settings.signerName },
                settings.issuingBody,
                options.number,
                settings.issuingBody,
              ),
              title: `TỔNG HỢP KẾT QUẢ THI ĐUA CỦA CÁC CỤM, KHỐI NĂM ${year}`,
              subtitle: `${ordered.length} cụm, khối thi đua`,
              status:
                finalizedCount === ordered.length
                  ? 'Mọi cụm, khối đã chốt kết quả.'
                  : `DỰ THẢO: ${finalizedCount}/${ordered.length} cụm, khối đã chốt kết quả; số liệu của các cụm, khối chưa chốt còn có thể thay đổi.`,
              'total.clusters': ordered.length,
              'total.units': units,
              'total.excellent': excellent,
              'total.excellentPercent': fractionValue(fraction(excellent, units).percent),
              'total.targetsMet': met,
              'total.targetsSigned': signed,
              'total.targetsPercent': fractionValue(fraction(met, signed).percent),
            },
            rows,
          },
          draftHeader(finalizedCount < ordered.length),
        );
      }
      onProgress?.({ phase: 'written', done: 0, total: sheets.length });
      const clusterSheet = template.get(SHEETS.cluster);
      for (const [index, { name, subtitle, finalizedOn, rows: clusterRows }] of sheets.entries()) {
        if (clusterSheet) {
          clusterSheet.write(
            writer,
            name,
            {
              scalars: {
                ...headerCells,
                numberLine: '',
                title: `BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM, XẾP LOẠI THI ĐUA NĂM ${year}`,
                subtitle,
                status: statusLine(finalizedOn),
              },
              rows: clusterRows.map((row, i) => scoreRow(i, row)),
            },
            draftHeader(finalizedOn === null),
          );
        }
        onProgress?.({ phase: 'written', done: index + 1, total: sheets.length });
      }
      await writer.commit();
    };
    run().catch((error: unknown) => stream.destroy(error instanceof Error ? error : new Error(String(error))));
    return { fileName: `tong-hop-cum-khoi-${year}.xlsx`, stream };
  }

  private async header(em: EntityManager, isoDate: string | null): Promise<ReportHeader> {
    const settings = await this.settings.get(em);
    return {
      parentBody: settings.parentBody,
      issuingBody: settings.issuingBody,
      mottoLines: settings.mottoLines,
      place: settings.place,
      date: isoDate ?? new Date().toISOString().slice(0, 10),
    };
  }
}

const NO_OPTIONS: DocumentOptions = { number: null, date: null };

/** The day a finalized year's figures were adopted (YYYY-MM-DD); null while it is a draft. */
const finalizedOnOf = (clusterYear: ClusterYear): string | null =>
  clusterYear.status === 'finalized' ? (clusterYear.finalizedAt?.toISOString().slice(0, 10) ?? null) : null;

/** "DỰ THẢO" at the top of every printed page of a draft (the template's own header otherwise). */
function markDraft(sheet: ExcelJS.Worksheet, draft: boolean): void {
  const oddHeader = draftHeader(draft);
  if (oddHeader !== undefined) sheet.headerFooter = { ...sheet.headerFooter, oddHeader };
}

/** The printed page header of a draft; undefined: the template's own. */
const draftHeader = (draft: boolean): string | undefined => (draft ? DRAFT_PAGE_HEADER : undefined);

function sentenceOf(computed: ComputedClusterYear): string {
  return summarySentence(computed.summary, computed.ruleSet.displayDecimals);
}

/** The score summary rows in ranking order (units that left last). */
function scoreRows(view: ClusterYearView): ScoreRowInput[] {
  return view.rows.map((row, i) => {
    const printed = view.printed[i];
    const notes = [
      row.vetoReason ? `Phủ quyết: ${row.vetoReason}` : null,
      row.overrideReason ? `Xếp loại do hội nghị quyết định: ${row.overrideReason}` : null,
      row.leftOn ? `Rời cụm ngày ${formatDate(row.leftOn)}` : null,
      printed?.joinedOn ? `Vào cụm ngày ${formatDate(printed.joinedOn)}` : null,
      row.tied ? 'Đồng hạng' : null,
    ].filter((n): n is string => n !== null);
    return {
      name: row.unit.name,
      selfTotal: printed?.selfTotal ?? 0,
      reviewedTotal: row.base,
      bonus: row.bonus,
      penalty: row.penalty,
      total: row.total,
      targetsMet: row.targetsMet,
      targetsSigned: row.targetsSigned,
      rank: row.rank,
      rating: row.rating,
      active: row.active,
      note: notes.length === 0 ? null : notes.join('; '),
    };
  });
}

/** A row of "Chi tiết tiêu chí": a unit's heading, a group of criteria, or a criterion. */
interface DetailRow extends TableRow {
  readonly kind: 'unit' | 'group' | 'leaf';
}

/**
 * "Chi tiết tiêu chí": one block per unit in ranking order, its heading (rank, rating, total) then
 * every criterion. Penalties are shown as what they take away (−), in the criterion's row as in its group's.
 */
function detailRows(computed: ComputedClusterYear): DetailRow[] {
  const children = new Map<string | null, CriterionInput[]>();
  for (const c of computed.criterionInputs) children.set(c.parentCode, [...(children.get(c.parentCode) ?? []), c]);
  const penaltyOnly = (code: string): boolean => {
    const below = children.get(code) ?? [];
    return below.length > 0 && below.every((c) => (c.kind === null ? penaltyOnly(c.code) : c.kind === 'penalty'));
  };
  const sign = (criterion: CriterionInput): number =>
    criterion.kind === 'penalty' || (criterion.kind === null && penaltyOnly(criterion.code)) ? -1 : 1;
  const units = new Map(computed.units.map((u) => [u.unitId, u]));
  return computed.rows.flatMap((standing, index): DetailRow[] => {
    const unit = units.get(standing.unitId) as UnitScore;
    const leaves = new Map(unit.leaves.map((l) => [l.code, l]));
    const rating = standing.rating === null ? 'không xếp loại' : RATING_LABELS[standing.rating].toLocaleLowerCase('vi');
    const heading: DetailRow = {
      kind: 'unit',
      values: {
        code: String(index + 1),
        title: `${standing.name} — ${standing.rank === null ? 'không xếp hạng' : `hạng ${standing.rank}`}, ${rating}`,
        max: computed.maxTotal.toNumber(),
        final: unit.total.toNumber(),
      },
    };
    const criteria = computed.criterionInputs.map((criterion): DetailRow => {
      const factor = sign(criterion);
      if (criterion.kind === null) {
        // A group of penalties has no maximum: each of its criteria says how much it may take away.
        const max =
          unit.groups.has(criterion.code) && factor === 1
            ? groupMaximum(computed.criterionInputs, criterion.code).toNumber()
            : null;
        const final = (unit.groups.get(criterion.code) ?? Rational.ZERO).toNumber();
        return { kind: 'group', values: { code: criterion.code, title: criterion.title, max, final } };
      }
      const leaf = leaves.get(criterion.code);
      const actual = leaf?.actual ?? null;
      const target = leaf?.target ?? null;
      return {
        kind: 'leaf',
        values: {
          code: criterion.code,
          title: criterion.title,
          max: criterion.maxPoints === null ? null : criterion.maxPoints * factor,
          actualTarget:
            actual === null && target === null
              ? null
              : target === null
                ? (actual ?? null)
                : `${actual === null ? '—' : formatPlain(actual)} / ${formatPlain(target)}`,
          self: leaf?.selfScore ?? null,
          reviewed: leaf?.reviewedScore ?? null,
          final: (leaf?.final.toNumber() ?? 0) * factor,
        },
      };
    });
    return [heading, ...criteria];
  });
}

const UNIT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

/** Bold unit headings (shaded) and groups; each unit's block starts a printed page. */
function styleDetailRows(sheet: ExcelJS.Worksheet, firstRow: number | undefined, rows: readonly DetailRow[]): void {
  if (firstRow === undefined) return;
  rows.forEach((row, i) => {
    if (row.kind === 'leaf') return;
    const sheetRow = sheet.getRow(firstRow + i);
    sheetRow.eachCell({ includeEmpty: true }, (cell) => {
      // A new style object: the rows of a table share their template row's.
      cell.style = {
        ...cell.style,
        font: { ...cell.style.font, bold: true },
        ...(row.kind === 'unit' ? { fill: UNIT_FILL } : {}),
      };
    });
    if (row.kind === 'unit' && i > 0) sheet.getRow(firstRow + i - 1).addPageBreak();
  });
}

const utcDate = (isoDate: string | null): Date | null => (isoDate === null ? null : new Date(`${isoDate}T00:00:00Z`));

const formatPlain = (value: number): string => String(Math.round(value * 10000) / 10000).replace('.', ',');

/**
 * Sheet names as Excel accepts them: at most 31 characters, none of []:*?/\, no apostrophe at either
 * end, not "History", and unique ignoring case.
 */
function uniqueSheetName(base: string, used: Set<string>): string {
  const clean =
    base
      .replace(/[[\]:*?/\\]/g, '-')
      .replace(/^'+|'+$/g, '')
      .slice(0, 31)
      .replace(/'+$/, '') || 'Cum';
  const taken = (name: string): boolean => used.has(name.toLowerCase()) || name.toLowerCase() === 'history';
  let name = clean;
  for (let i = 2; taken(name); i += 1) name = `${clean.slice(0, 26)} (${i})`;
  used.add(name.toLowerCase());
  return name;
}
