import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { api, createTestApp } from '../test-app.js';

describe('demo data (seeded on first start with an empty database)', () => {
  let app: NestFastifyApplication;
  let client: ReturnType<typeof api>;

  beforeAll(async () => {
    app = await createTestApp({ demoSeed: 'auto' });
    client = api(app);
  });

  afterAll(async () => {
    await app.close();
  });

  it('reproduces the published case: cluster 5, 2021, 11/12 excellent and 108/120 targets met', async () => {
    const clusters = await client.get('/api/clusters');
    const cluster5 = clusters.body.find((c: { code: string }) => c.code === 'CUM5');
    const summary = await client.get(`/api/clusters/${cluster5.id}/years/2021/summary`);
    expect(summary.status).toBe(200);
    expect(summary.body.unitCount).toBe(12);
    expect(summary.body.ratings.EXCELLENT).toMatchObject({ count: 11, of: 12, display: '11/12 (91,67%)' });
    expect(summary.body.ratings.EXCELLENT.percent).toBeCloseTo(91.6667, 4);
    expect(summary.body.targets).toMatchObject({ met: 108, signed: 120, percent: 90, display: '108/120 (90,00%)' });
    expect(summary.body.sentence).toBe(
      '11/12 đơn vị hoàn thành xuất sắc nhiệm vụ (91,67%); 108/120 chỉ tiêu đạt (90,00%)',
    );
    expect(summary.body.nextHead).not.toBeNull();
    expect(summary.body.nextDeputy).not.toBeNull();
  });
});
