import { describe, expect, it } from '@jest/globals';
import { Rational } from '../standings/domain/rational.js';
import { clusterSummary } from '../../test/factories/domain-builders.js';
import type { ClusterSummary } from '../standings/domain/types.js';
import { headTitle, initials, numberLine, paragraphsOf, resultSentence, summaryReportData } from './document-data.js';

const summary = (units: number, excellent: number, met: number, signed: number): ClusterSummary =>
  clusterSummary(
    units,
    excellent,
    met,
    signed,
    units === 0 ? null : { average: Rational.of(9519, 100), max: Rational.of(99) },
  );

describe('initials and the number line', () => {
  it.each([
    ['Cụm thi đua', 'CTĐ'],
    ['Khối thi đua', 'KTĐ'],
    ['Ban Tuyên giáo', 'BTG'],
    ['BAN THI ĐUA - KHEN THƯỞNG', 'BTĐKT'],
    ['Ủy ban nhân dân (tỉnh)', 'UBND'],
  ])('%s → %s', (name, expected) => expect(initials(name)).toBe(expected));

  it.each([
    ['12', 'Cụm thi đua', 'Số: 12/BC-CTĐ'],
    [null, 'Khối thi đua', 'Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-KTĐ'],
  ])('number %s of %s', (number, issuer, expected) => expect(numberLine(number, issuer)).toBe(expected));

  it.each([
    ['cluster', 'CỤM TRƯỞNG'],
    ['bloc', 'KHỐI TRƯỞNG'],
  ] as const)('the head of a %s signs as %s', (kind, title) => expect(headTitle(kind)).toBe(title));
});

describe('resultSentence', () => {
  it.each([
    [
      summary(12, 11, 108, 120),
      2,
      'Cụm thi đua số 5 có 11/12 đơn vị hoàn thành xuất sắc nhiệm vụ (91,67%); 108/120 chỉ tiêu đạt, đạt 90,00% so với chỉ tiêu ký kết',
    ],
    [
      summary(12, 11, 108, 120),
      0,
      'Cụm thi đua số 5 có 11/12 đơn vị hoàn thành xuất sắc nhiệm vụ (92%); 108/120 chỉ tiêu đạt, đạt 90% so với chỉ tiêu ký kết',
    ],
    [
      summary(4, 3, 0, 0),
      2,
      'Cụm thi đua số 5 có 3/4 đơn vị hoàn thành xuất sắc nhiệm vụ (75,00%); chưa có chỉ tiêu nào được ký kết',
    ],
    [summary(0, 0, 0, 0), 2, 'Cụm thi đua số 5 chưa có đơn vị nào được xếp loại'],
  ])('%#', (figures, decimals, expected) =>
    expect(resultSentence('Cụm thi đua số 5', figures, decimals)).toBe(expected),
  );
});

describe('paragraphsOf', () => {
  it.each([
    [null, []],
    ['', []],
    ['  Một.  ', ['Một.']],
    ['Một.\r\n\r\n  Hai.\n', ['Một.', 'Hai.']],
  ])('%j', (text, expected) => expect(paragraphsOf(text)).toEqual(expected));
});

describe('summaryReportData', () => {
  const input = {
    clusterName: 'Cụm thi đua số 5',
    kind: 'cluster' as const,
    year: 2021,
    header: {
      parentBody: 'THÀNH ỦY',
      issuingBody: 'BAN TUYÊN GIÁO',
      mottoLines: ['ĐẢNG CỘNG SẢN VIỆT NAM', ''],
      place: 'TP. Hồ Chí Minh',
      date: '2021-12-10',
    },
    organizer: 'Ban Tuyên giáo',
    number: null,
    summary: summary(12, 11, 108, 120),
    decimals: 2,
    rows: [],
    memberCount: 12,
    head: 'Quận 1',
    deputy: null,
    nextHead: null,
    nextDeputy: null,
    leading: ['Quận 1'],
    covenantDate: '2021-03-15',
    conferenceDate: null,
    finalizedOn: null,
    signerName: null,
    strengths: null,
    shortcomings: 'Chậm.',
  };

  it('the head unit issues the document under the cluster; a party motto has no second line', () => {
    const data = summaryReportData(input);
    expect(data).toMatchObject({
      parentBody: 'CỤM THI ĐUA SỐ 5',
      issuingBody: 'QUẬN 1',
      motto2: null,
      placeDate: 'TP. Hồ Chí Minh, ngày 10 tháng 12 năm 2021',
      draft: true,
      finalizedOn: null,
      signerAuthority: 'TM. CỤM THI ĐUA SỐ 5',
      signerTitle: 'CỤM TRƯỞNG',
      signerName: '',
      strengths: [],
      shortcomings: ['Chậm.'],
      scoreSentence: 'Điểm trung bình của các đơn vị: 95,19 điểm; điểm cao nhất: 99,00 điểm (Quận 1).',
      nextLeadership: 'Hội nghị chưa bầu cụm trưởng, cụm phó năm 2022.',
    });
    expect(data.intro).toBe(
      'Năm 2021, Cụm thi đua số 5 có 12 đơn vị thành viên, do Quận 1 làm Cụm trưởng. Các đơn vị đã ký giao ước thi đua ngày 15/03/2021.',
    );
  });

  it('without a head unit the organizer heads the document; a finalized year is no draft', () => {
    const data = summaryReportData({
      ...input,
      head: null,
      kind: 'bloc',
      finalizedOn: '2021-12-20',
      nextHead: 'Sở A',
      nextDeputy: 'Sở B',
    });
    expect(data).toMatchObject({
      parentBody: 'THÀNH ỦY',
      issuingBody: 'CỤM THI ĐUA SỐ 5',
      draft: false,
      finalizedOn: '20/12/2021',
      signerTitle: 'KHỐI TRƯỞNG',
      nextLeadership: 'Hội nghị thống nhất bầu Sở A làm Khối trưởng, Sở B làm Khối phó năm 2022.',
    });
  });
});
