#!/usr/bin/env node
/**
 * The reference for start-up time and idle memory: a Fastify "hello" on /api/health, the same
 * Fastify the app runs on, nothing else.
 *
 *   PORT=N node bench/ref-fastify.mjs
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/api/health', async () => ({ hello: 'world' }));
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
