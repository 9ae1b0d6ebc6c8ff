import { describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { statusOf } from '../common/app-exception.js';
import { databaseFaultOf, FAULT_ANSWERS, type DatabaseFault } from './database-faults.js';

const driverError = (code: string, message = 'x'): Error => Object.assign(new Error(message), { code });
const queryFailed = (error: Error): QueryFailedError => new QueryFailedError('INSERT …', [], error);

describe('databaseFaultOf', () => {
  it.each<[string, unknown, DatabaseFault | undefined]>([
    ['SQLite lock held by another process', queryFailed(driverError('SQLITE_BUSY')), 'locked'],
    ['SQLite extended busy code', queryFailed(driverError('SQLITE_BUSY_SNAPSHOT')), 'locked'],
    ['SQLite table locked', driverError('SQLITE_LOCKED'), 'locked'],
    ['SQLite read-only file', queryFailed(driverError('SQLITE_READONLY')), 'read-only'],
    ['SQLite file moved away', queryFailed(driverError('SQLITE_READONLY_DBMOVED')), 'read-only'],
    ['SQLite cannot open', driverError('SQLITE_CANTOPEN'), 'read-only'],
    ['SQLite disk full', queryFailed(driverError('SQLITE_FULL')), 'full'],
    ['SQLite I/O error', queryFailed(driverError('SQLITE_IOERR_WRITE')), 'unreachable'],
    [
      'PostgreSQL refused connection',
      driverError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      'unreachable',
    ],
    ['PostgreSQL admin shutdown', queryFailed(driverError('57P01')), 'unreachable'],
    ['PostgreSQL starting up', driverError('57P03'), 'unreachable'],
    ['PostgreSQL connection exception class', driverError('08006'), 'unreachable'],
    ['PostgreSQL read-only transaction', queryFailed(driverError('25006')), 'read-only'],
    ['PostgreSQL disk full', queryFailed(driverError('53100')), 'full'],
    ['PostgreSQL lock not available', queryFailed(driverError('55P03')), 'locked'],
    ['pg: connection terminated', new Error('Connection terminated unexpectedly'), 'unreachable'],
    ['pg: connect timeout', new Error('timeout exceeded when trying to connect'), 'unreachable'],
    ['an error wrapped as cause', new Error('outer', { cause: driverError('SQLITE_FULL') }), 'full'],
    ['SQLite unique violation', queryFailed(driverError('SQLITE_CONSTRAINT_UNIQUE')), undefined],
    ['PostgreSQL unique violation', queryFailed(driverError('23505')), undefined],
    ['PostgreSQL syntax error', queryFailed(driverError('42601')), undefined],
    ['a plain error', new Error('boom'), undefined],
    ['not an error', 'SQLITE_BUSY', undefined],
    ['null', null, undefined],
  ])('%s', (_name, error, fault) => {
    expect(databaseFaultOf(error)).toBe(fault);
  });

  it.each(Object.entries(FAULT_ANSWERS))('%s answers 503 with a Vietnamese message and a Retry-After', (_, answer) => {
    expect(statusOf(answer.code)).toBe(503);
    expect(answer.message).toMatch(/chưa có gì được ghi/);
    expect(answer.retryAfterSeconds).toBeGreaterThan(0);
  });
});
