import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { AppLogger } from './app-logger.js';

describe('AppLogger', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  /** What the logger writes for these calls. */
  function written(level: 'log' | 'debug' | 'warn', calls: (logger: AppLogger) => void): string {
    const out: string[] = [];
    const collect = (chunk: unknown): boolean => {
      out.push(String(chunk));
      return true;
    };
    jest.spyOn(process.stdout, 'write').mockImplementation(collect);
    jest.spyOn(process.stderr, 'write').mockImplementation(collect);
    calls(new AppLogger(level));
    return out.join('');
  }

  const start = (logger: AppLogger): void => {
    logger.log('Mapped {/api/health, GET} route', 'RouterExplorer');
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('Đang chạy. Mở http://localhost:3000/', 'Thi đua');
  };

  it('leaves out Nest wiring at the log level, keeps the rest', () => {
    const out = written('log', start);
    expect(out).toContain('Đang chạy. Mở http://localhost:3000/');
    expect(out).not.toContain('Mapped');
    expect(out).not.toContain('dependencies initialized');
  });

  it('shows the wiring at the debug level', () => {
    const out = written('debug', start);
    expect(out).toContain('Mapped {/api/health, GET} route');
    expect(out).toContain('AppModule dependencies initialized');
  });

  it('warn shows warnings and errors only', () => {
    const out = written('warn', (logger) => {
      start(logger);
      logger.warn('Quá tải', 'LoadShedding');
    });
    expect(out).toContain('Quá tải');
    expect(out).not.toContain('Đang chạy');
  });
});
