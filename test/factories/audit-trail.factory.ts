import { expect } from '@jest/globals';
import type { Api } from './units.factory.js';

/** One entry of GET /api/audit. */
export interface AuditItem {
  id: number;
  at: string;
  userId: number | null;
  username: string;
  action: string;
  entityType: string;
  entityId: string;
  clusterId: number | null;
  year: number | null;
  unitId: number | null;
  reason: string | null;
  changes: { path: string; from: unknown; to: unknown }[];
  before: any;
  after: any;
}

export interface AuditPage {
  page: number;
  pageSize: number;
  total: number;
  items: AuditItem[];
}

/** GET /api/audit with these filters; fails the test unless it answers 200. */
export async function auditPage(client: Api, query: Record<string, string | number> = {}): Promise<AuditPage> {
  const search = new URLSearchParams(
    Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]),
  );
  const text = search.toString();
  const response = await client.get<AuditPage>(`/api/audit${text ? `?${text}` : ''}`);
  expect({ status: response.status, body: response.status === 200 ? 'ok' : response.body }).toEqual({
    status: 200,
    body: 'ok',
  });
  return response.body;
}

/** How many entries match the filters. */
export async function auditTotal(client: Api, query: Record<string, string | number> = {}): Promise<number> {
  return (await auditPage(client, { ...query, pageSize: 1 })).total;
}

/** Every entry matching the filters, newest first, across all pages. */
export async function auditAll(client: Api, query: Record<string, string | number> = {}): Promise<AuditItem[]> {
  const items: AuditItem[] = [];
  for (let page = 1; ; page += 1) {
    const body = await auditPage(client, { ...query, page, pageSize: 200 });
    items.push(...body.items);
    if (items.length >= body.total || body.items.length === 0) return items;
  }
}

/** The newest entry matching the filters (fails when there is none). */
export async function latestAudit(client: Api, query: Record<string, string | number> = {}): Promise<AuditItem> {
  const body = await auditPage(client, { ...query, pageSize: 1 });
  expect(body.items.length).toBe(1);
  return body.items[0];
}

/** Who a token belongs to (GET /api/auth/me). */
export async function whoAmI(client: Api): Promise<{ id: number; username: string }> {
  const response = await client.get<{ id: number; username: string }>('/api/auth/me');
  expect(response.status).toBe(200);
  return { id: response.body.id, username: response.body.username };
}
