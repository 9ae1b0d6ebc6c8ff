import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConfigError, DEFAULT_IMPORT_LIMITS, defaultImportConcurrency, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('defaults to SQLite under data/, port 3000, demo seeding outside production', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      database: { type: 'sqlite', path: path.resolve('data/thidua.sqlite') },
      demoSeed: 'auto',
      logLevel: 'log',
      tokenTtlHours: 12,
      cookieSecure: false,
      loginAttemptsPerMinute: 10,
      trustProxy: false,
      reportTemplatesDir: path.resolve('templates/reports'),
      imports: DEFAULT_IMPORT_LIMITS,
      overload: { maxEventLoopDelayMs: 1000, maxHeapUsedMb: expect.any(Number), maxRssMb: 0, retryAfterSeconds: 10 },
    });
  });

  it('reads the import and load-shedding limits, refusing values out of range', () => {
    const config = loadConfig({
      IMPORT_MAX_CONCURRENT: '3',
      IMPORT_TIMEOUT_MS: '5000',
      IMPORT_WORKER_MEMORY_MB: '256',
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
      OVERLOAD_MAX_HEAP_MB: '900',
      OVERLOAD_MAX_RSS_MB: '1500',
      OVERLOAD_RETRY_AFTER_SECONDS: '30',
    });
    expect(config.imports).toEqual({ maxConcurrent: 3, timeoutMs: 5000, workerMemoryMb: 256 });
    expect(config.overload).toEqual({
      maxEventLoopDelayMs: 0,
      maxHeapUsedMb: 900,
      maxRssMb: 1500,
      retryAfterSeconds: 30,
    });
    expect(loadConfig({}).overload.maxHeapUsedMb).toBeGreaterThan(0);
    let error: unknown;
    try {
      loadConfig({ IMPORT_MAX_CONCURRENT: '0', IMPORT_WORKER_MEMORY_MB: '8', OVERLOAD_RETRY_AFTER_SECONDS: 'soon' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.split('=')[0])).toEqual([
      'IMPORT_MAX_CONCURRENT',
      'IMPORT_WORKER_MEMORY_MB',
      'OVERLOAD_RETRY_AFTER_SECONDS',
    ]);
  });

  it('selects PostgreSQL from DATABASE_URL and turns demo seeding off in production', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/thidua', NODE_ENV: 'production', PORT: '8080' });
    expect(config.database).toEqual({ type: 'postgres', url: 'postgres://u:p@db:5432/thidua' });
    expect(config.demoSeed).toBe('off');
    expect(config.port).toBe(8080);
  });

  it('names every wrong variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: '70000', DATABASE_URL: 'mysql://x', DEMO_SEED: 'yes', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.map((p) => p.split(/[=:]/)[0])).toEqual(['PORT', 'DATABASE_URL', 'DEMO_SEED', 'LOG_LEVEL']);
  });

  it.each([['abc'], ['0'], ['3.5'], ['-1']])('refuses PORT=%s', (port) => {
    expect(() => loadConfig({ PORT: port })).toThrow(/PORT/);
  });

  it.each([
    [undefined, false],
    ['false', false],
    ['0', false],
    ['1', 1],
    ['2', 2],
    ['10.0.0.5', ['10.0.0.5']],
    ['10.0.0.5, 10.0.1.0/24,loopback', ['10.0.0.5', '10.0.1.0/24', 'loopback']],
    ['::1,fd00::/8', ['::1', 'fd00::/8']],
  ])('TRUST_PROXY=%s trusts %j', (text, trustProxy) => {
    expect(loadConfig({ TRUST_PROXY: text }).trustProxy).toEqual(trustProxy);
  });

  it.each([['true'], ['yes'], ['11'], ['proxy.example.org'], ['10.0.0.5;rm']])(
    'refuses TRUST_PROXY=%s, saying why "true" is unsafe',
    (text) => {
      expect(() => loadConfig({ TRUST_PROXY: text })).toThrow(/TRUST_PROXY=.*X-Forwarded-For/s);
    },
  );

  it('automatic backups only with BACKUP_DIR; keep 14 at 19:00 UTC by default', () => {
    expect(loadConfig({}).backup).toBeUndefined();
    expect(loadConfig({ BACKUP_DIR: 'sao-luu' }).backup).toEqual({ dir: path.resolve('sao-luu'), keep: 14, hour: 19 });
    expect(loadConfig({ BACKUP_DIR: '/b', BACKUP_KEEP: '3', BACKUP_HOUR: '0' }).backup).toEqual({
      dir: '/b',
      keep: 3,
      hour: 0,
    });
  });

  it.each([
    [{ BACKUP_KEEP: '0' }, /BACKUP_KEEP/],
    [{ BACKUP_HOUR: '24' }, /BACKUP_HOUR/],
    [{ BACKUP_HOUR: 'x' }, /BACKUP_HOUR/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig({ BACKUP_DIR: '/b', ...env })).toThrow(message);
  });
});

describe('defaultImportConcurrency', () => {
  it.each([
    [1, 1],
    [2, 1],
    [3, 2],
    [4, 2],
    [64, 2],
  ])('%i cores: %i workbooks read at once (one core left for answering requests)', (cores, expected) => {
    expect(defaultImportConcurrency(cores)).toBe(expected);
  });
});
