import { expect } from '@jest/globals';
import type { Api } from './units.factory.js';

let sequence = 0;

export interface ClusterInput {
  code: string;
  name: string;
  kind: 'cluster' | 'bloc';
  description?: string | null;
}

/** A valid POST /api/clusters body; the code is unique within the test run. */
export function clusterBody(overrides: Partial<ClusterInput> = {}): ClusterInput {
  sequence += 1;
  return { code: `CUM${sequence}`, name: `Cụm thi đua số ${sequence}`, kind: 'cluster', ...overrides };
}

/** Creates a cluster through the API and returns its id. */
export async function createCluster(client: Api, overrides: Partial<ClusterInput> = {}): Promise<number> {
  const response = await client.post<{ id: number }>('/api/clusters', clusterBody(overrides));
  expect(response.status).toBe(201);
  return response.body.id;
}
