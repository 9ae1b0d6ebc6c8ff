/**
 * The benchmark's province, made from a fixed seed: the same numbers on every run and every
 * database. Pure data (no app code): `bench/generate.mjs` writes it through the app's services.
 */

/** Sizes: the full province of the issue, and a tiny one for CI. */
export const SIZES = {
  full: { clusters: 40, unitsPerCluster: 15, years: 10, importUnits: 200 },
  small: { clusters: 2, unitsPerCluster: 5, years: 2, importUnits: 10 },
};

/** The first year; the last one (FIRST_YEAR + years - 1) is the one measured. */
export const FIRST_YEAR = 2016;

/** The bench's login (admin: reads everything, may import). */
export const BENCH_USER = { username: 'bench.admin', password: 'bench-thidua-2026' };

/** Mulberry32: a small seeded PRNG, enough to spread made-up results. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLACES = [
  'Tân Phú',
  'Bình Thạnh',
  'Phú Nhuận',
  'Gò Vấp',
  'Thủ Đức',
  'Hóc Môn',
  'Củ Chi',
  'Nhà Bè',
  'Cần Giờ',
  'Bình Chánh',
  'Long Điền',
  'Đất Đỏ',
  'Xuyên Mộc',
  'Châu Đức',
  'Tân Thành',
];

/**
 * The scoring table: 30 leaves under five groups, two levels deep in group II. Targets 40 points,
 * graded 40, per-occurrence 20 (maximum 100), then 4 bonus and 3 penalty leaves.
 */
export function scoringTable() {
  const table = [{ code: 'I', title: 'Thực hiện các chỉ tiêu ký kết', parentCode: null, maxPoints: 40 }];
  const targets = [
    ['proportional', 'at-least', 95, '%'],
    ['proportional', 'at-least', 12, 'buổi'],
    ['proportional', 'at-least', 90, '%'],
    ['proportional', 'at-least', 120, 'tin, bài'],
    ['all-or-nothing', 'at-least', 4, 'lớp'],
    ['proportional', 'at-most', 2, 'báo cáo'],
    ['all-or-nothing', 'at-least', 2, 'cuộc'],
    ['proportional', 'at-least', 90, '%'],
    ['relative-to-leader', 'at-least', 3, 'mô hình'],
    ['proportional', 'at-least', 95, '%'],
  ];
  targets.forEach(([method, direction, defaultTarget, unitOfMeasure], i) => {
    table.push({
      code: `1.${i + 1}`,
      title: `Chỉ tiêu ${i + 1}: ${unitOfMeasure === '%' ? 'tỷ lệ' : 'số'} ${unitOfMeasure} đạt được trong năm`,
      parentCode: 'I',
      maxPoints: 4,
      kind: 'target',
      method,
      direction,
      defaultTarget,
      unitOfMeasure,
    });
  });
  table.push({ code: 'II', title: 'Công tác chuyên môn', parentCode: null, maxPoints: 40 });
  for (const sub of [1, 2]) {
    table.push({ code: `2.${sub}`, title: `Nhóm nhiệm vụ ${sub}`, parentCode: 'II', maxPoints: 20 });
    for (let i = 1; i <= 4; i += 1) {
      table.push({
        code: `2.${sub}.${i}`,
        title: `Nhiệm vụ ${sub}.${i}: chất lượng tham mưu, báo cáo`,
        parentCode: `2.${sub}`,
        maxPoints: 5,
        kind: 'graded',
        method: 'direct',
      });
    }
  }
  /** Leaves scored per occurrence (1 point each, capped at maxPoints). */
  const perOccurrence = (group, prefix, count, kind, maxPoints, title, unitOfMeasure) => {
    const method = { method: 'per-occurrence', pointsPerOccurrence: 1 };
    for (let i = 1; i <= count; i += 1) {
      const code = `${prefix}.${i}`;
      table.push({ code, title: `${title} ${i}`, parentCode: group.code, maxPoints, kind, unitOfMeasure, ...method });
    }
  };
  const activities = { code: 'III', title: 'Phong trào, hoạt động', parentCode: null, maxPoints: 20 };
  table.push(activities);
  perOccurrence(activities, 3, 5, 'graded', 4, 'Số buổi tổ chức hoạt động', 'buổi');
  const bonus = { code: 'IV', title: 'Điểm cộng', parentCode: null };
  table.push(bonus);
  perOccurrence(bonus, 4, 4, 'bonus', 2, 'Sáng kiến, mô hình mới', 'sáng kiến');
  table.push({ code: 'V', title: 'Điểm trừ', parentCode: null });
  for (let i = 1; i <= 3; i += 1) {
    table.push({
      code: `5.${i}`,
      title: `Vi phạm ${i}`,
      parentCode: 'V',
      maxPoints: 5,
      kind: 'penalty',
      method: 'direct',
    });
  }
  return table;
}

export const RULE_SET = {
  thresholds: { excellent: 90, good: 70, completed: 50 },
  vetoCap: 'COMPLETED',
  tieBreakers: [{ kind: 'targets-met' }, { kind: 'group-score', criterionCode: 'II' }, { kind: 'fewer-penalty' }],
  displayDecimals: 2,
  maxTotal: 100,
};

/** Scored leaves, in table order. */
export const leaves = () => scoringTable().filter((c) => c.kind !== undefined);

/** One unit's entries for a year: every leaf has a value (30 result rows). */
export function unitResults(random, strength) {
  return leaves().map((c) => {
    const r = random();
    if (c.kind === 'target') {
      const spread = c.direction === 'at-most' ? Math.floor(r * 4) : c.defaultTarget * (0.8 + 0.3 * strength + 0.1 * r);
      return { criterionCode: c.code, actual: round1(spread) };
    }
    if (c.method === 'per-occurrence')
      return { criterionCode: c.code, actual: Math.floor(r * (c.kind === 'bonus' ? 3 : 6)) };
    if (c.kind === 'penalty') return { criterionCode: c.code, selfScore: r < 0.9 ? 0 : 1 };
    return { criterionCode: c.code, selfScore: round1(c.maxPoints * Math.min(1, 0.6 + 0.35 * strength + 0.1 * r)) };
  });
}

const round1 = (x) => Math.round(x * 10) / 10;

/** Codes and names: clusters CUM01…, units DV0001…, the import cluster's units NT001…. */
export function province(size) {
  const clusters = [];
  for (let c = 1; c <= size.clusters; c += 1) {
    const code = `CUM${String(c).padStart(2, '0')}`;
    const units = [];
    for (let u = 1; u <= size.unitsPerCluster; u += 1) {
      const n = (c - 1) * size.unitsPerCluster + u;
      units.push({
        code: `DV${String(n).padStart(4, '0')}`,
        name: `Ban Tuyên giáo ${PLACES[(n - 1) % PLACES.length]} số ${n}`,
      });
    }
    clusters.push({ code, name: `Cụm thi đua số ${c}`, kind: c % 5 === 0 ? 'bloc' : 'cluster', units });
  }
  const importUnits = [];
  for (let u = 1; u <= size.importUnits; u += 1) {
    importUnits.push({ code: `NT${String(u).padStart(3, '0')}`, name: `Đơn vị nhập thử số ${u}` });
  }
  return {
    clusters,
    importCluster: { code: 'NHAP-THU', name: 'Cụm nhập thử Excel', kind: 'cluster', units: importUnits },
  };
}
