import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { api, createTestApp } from '../test-app.js';

const PUBLIC_PATHS = [
  '/api/units',
  '/api/units/{id}',
  '/api/clusters',
  '/api/clusters/{id}',
  '/api/clusters/{id}/years/{year}',
  '/api/clusters/{id}/years/{year}/copy-from/{prev}',
  '/api/clusters/{id}/years/{year}/results/{unitId}',
  '/api/clusters/{id}/years/{year}/standings',
  '/api/clusters/{id}/years/{year}/summary',
  '/api/years/{year}/summary',
  '/api/health',
];

describe('health and API documentation', () => {
  let app: NestFastifyApplication;
  let client: ReturnType<typeof api>;

  beforeAll(async () => {
    app = await createTestApp();
    client = api(app);
  });

  afterAll(async () => {
    await app.close();
  });

  it('GET /api/health answers 200 ok, naming the database', async () => {
    const response = await client.get('/api/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', database: process.env.DATABASE_URL ? 'postgres' : 'sqlite' });
  });

  it('GET /api/docs serves the HTML documentation page', async () => {
    const response = await client.raw({ method: 'GET', url: '/api/docs' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toMatch(/<html/i);
    expect(response.body).toMatch(/swagger/i);
  });

  it('GET /api/docs/openapi.json describes every public path with its methods', async () => {
    const response = await client.get('/api/docs/openapi.json');
    expect(response.status).toBe(200);
    const document = response.body;
    expect(document.openapi).toMatch(/^3\./);
    expect(document.info).toMatchObject({ title: 'Thi đua — API', version: '0.1.0' });
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(PUBLIC_PATHS));
    const methods = (path: string): string[] => Object.keys(document.paths[path]).sort();
    expect(methods('/api/units')).toEqual(['get', 'post']);
    expect(methods('/api/units/{id}')).toEqual(['get', 'patch']);
    expect(methods('/api/clusters')).toEqual(['get', 'post']);
    expect(methods('/api/clusters/{id}')).toEqual(['get', 'patch']);
    expect(methods('/api/clusters/{id}/years/{year}')).toEqual(['get', 'put']);
    expect(methods('/api/clusters/{id}/years/{year}/copy-from/{prev}')).toEqual(['post']);
    expect(methods('/api/clusters/{id}/years/{year}/results/{unitId}')).toEqual(['get', 'put']);
    expect(methods('/api/clusters/{id}/years/{year}/standings')).toEqual(['get']);
    expect(methods('/api/clusters/{id}/years/{year}/summary')).toEqual(['get']);
    expect(methods('/api/years/{year}/summary')).toEqual(['get']);
    expect(methods('/api/health')).toEqual(['get']);
    // the request bodies are described from the DTOs
    expect(document.components.schemas.PutClusterYearDto.required).toEqual(
      expect.arrayContaining(['members', 'scoringTable']),
    );
  });

  it('GET / is the app: without a session, the sign-in page (the API documentation stays at /api/docs)', async () => {
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/dang-nhap?tiep=%2F');
    expect((await client.raw({ method: 'GET', url: '/api/docs' })).statusCode).toBe(200);
  });
});
