import { expect } from '@jest/globals';
import type { api } from '../test-app.js';

export type Api = ReturnType<typeof api>;

/** Creates a unit through the API (POST /api/units) and returns its id. */
export async function createUnit(client: Api, name: string, extra: Record<string, unknown> = {}): Promise<number> {
  const response = await client.post<{ id: number }>('/api/units', { name, ...extra });
  expect(response.status).toBe(201);
  return response.body.id;
}

/**
 * Creates several units named `${prefix} 1`, `${prefix} 2`, … (with `codePrefix`, coded
 * `${codePrefix}1`, `${codePrefix}2`, …) and returns their ids in order.
 */
export async function createUnits(
  client: Api,
  count: number,
  prefix = 'Đơn vị',
  codePrefix?: string,
): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 1; i <= count; i += 1) {
    ids.push(await createUnit(client, `${prefix} ${i}`, codePrefix === undefined ? {} : { code: `${codePrefix}${i}` }));
  }
  return ids;
}
