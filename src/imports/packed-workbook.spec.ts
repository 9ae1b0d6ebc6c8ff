import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { RawRow, RawValue } from './domain/import-plan.js';
import { packWorkbook, unpackWorkbook } from './packed-workbook.js';

const markers = (units = new Map()) => ({ kind: 'nhap-ket-qua', clusterId: 3, clusterCode: 'C5', year: 2025, units });

describe('packed workbook (rows crossing threads as one string)', () => {
  it('keeps every kind of cell value as it was read, dates and non-finite numbers included', () => {
    const values: RawValue[] = [
      12.5,
      -0.25,
      0,
      -0,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
      'mười',
      '{"$date":"2025-01-01T00:00:00.000Z"}',
      true,
      new Date('2025-03-04T05:06:07.000Z'),
      new Date(Number.NaN),
      { error: '#DIV/0!' },
      { formula: 'SUM(A1:A2)' },
      null,
    ];
    const rows: RawRow[] = values.map((value, i) => ({
      row: i + 2,
      cells: { unitCode: { address: `A${i + 2}`, value: 'DV1' }, actual: { address: `I${i + 2}`, value } },
    }));
    const packed = packWorkbook({ markers: markers(), sheet: 'Kết quả', rows });
    expect(packed.identity).toEqual({ kind: 'nhap-ket-qua', clusterId: 3, clusterCode: 'C5', year: 2025 });
    expect(packed.rowCount).toBe(values.length);
    const back = unpackWorkbook(packed.packed).rows.map((r) => r.cells.actual?.value);
    expect(back).toHaveLength(values.length);
    back.forEach((value, i) => {
      const original = values[i];
      if (original instanceof Date) {
        expect(value).toBeInstanceOf(Date);
        expect((value as Date).getTime()).toEqual(original.getTime());
      } else {
        expect(value).toEqual(original);
      }
    });
  });

  it('keeps the base values per unit and leaf', () => {
    const result = {
      criterionCode: '1.1',
      actual: 3,
      selfScore: null,
      reviewedScore: 2.5,
      note: 'x',
      reviewReason: null,
    };
    const units = new Map([['DV1', { version: 4, results: new Map([['1.1', result]]) }]]);
    const { base } = unpackWorkbook(packWorkbook({ markers: markers(units), sheet: 'Kết quả', rows: [] }).packed);
    expect(base).toEqual(units);
  });

  it('round-trips any rows (property)', () => {
    const value = fc.oneof(
      fc.double(), // NaN, ±Infinity and -0 included
      fc.string(),
      fc.boolean(),
      fc.constant(null),
      fc.date({ noInvalidDate: true }),
      fc.record({ error: fc.string() }),
      fc.record({ formula: fc.string() }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), value), { maxLength: 20 }), (cells) => {
        const rows: RawRow[] = cells.map(([row, v]) => ({ row, cells: { note: { address: `M${row}`, value: v } } }));
        const back = unpackWorkbook(packWorkbook({ markers: markers(), sheet: 'S', rows }).packed).rows;
        expect(back).toEqual(rows);
      }),
    );
  });
});
