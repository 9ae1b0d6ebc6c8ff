/**
 * Load shedding: @fastify/under-pressure samples the event-loop delay, the heap and the resident
 * memory; above a threshold (OVERLOAD_* variables, 0 turns a check off) every request is answered
 * 503 SERVER_OVERLOADED with Retry-After, in the API's error shape, before the process falls over.
 * /api/health is exempt, so that an operator and a load balancer still see the process answer.
 */
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyUnderPressure from '@fastify/under-pressure';
import type { OverloadLimits } from '../config/app-config.js';
import { statusOf, type ErrorBody } from './app-exception.js';

const HEALTH = '/api/health';
const MB = 1024 * 1024;

const WHAT: Readonly<Record<string, (value: number | undefined) => string>> = {
  eventLoopDelay: (ms) => `phản hồi chậm ${Math.round(ms ?? 0)} ms`,
  heapUsedBytes: (bytes) => `bộ nhớ heap ${Math.round((bytes ?? 0) / MB)} MB`,
  rssBytes: (bytes) => `bộ nhớ ${Math.round((bytes ?? 0) / MB)} MB`,
};

export async function registerLoadShedding(app: NestFastifyApplication, limits: OverloadLimits): Promise<void> {
  const logger = new Logger('LoadShedding');
  let lastLog = 0;
  await app.register(fastifyUnderPressure, {
    maxEventLoopDelay: limits.maxEventLoopDelayMs,
    maxHeapUsedBytes: limits.maxHeapUsedMb * MB,
    maxRssBytes: limits.maxRssMb * MB,
    retryAfter: limits.retryAfterSeconds,
    pressureHandler: (request, reply, type, value) => {
      // Returning without a reply lets the request through (the plugin's documented behaviour).
      if (request.url === HEALTH || request.url.startsWith(`${HEALTH}?`)) return;
      const what = (WHAT[type] ?? (() => type))(value);
      const now = Date.now();
      if (now - lastLog > 10_000) {
        lastLog = now;
        logger.warn(`Quá tải (${what}): từ chối yêu cầu với 503 trong lúc quá tải.`);
      }
      const body: ErrorBody = {
        statusCode: statusOf('SERVER_OVERLOADED'),
        code: 'SERVER_OVERLOADED',
        message: `Máy chủ đang quá tải (${what}); yêu cầu chưa được xử lý, không có gì được ghi. Hãy thử lại sau ${limits.retryAfterSeconds} giây.`,
      };
      void reply
        .status(body.statusCode)
        .header('retry-after', String(limits.retryAfterSeconds))
        .header('content-type', 'application/json; charset=utf-8')
        .send(body);
    },
  });
}
