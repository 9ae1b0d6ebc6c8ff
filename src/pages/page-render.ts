/** Rendering a page: the template with the helpers every template may use, sent as HTML, never cached. */
import type { FastifyReply } from 'fastify';
import { formatPercent, ratingClass } from './page-format.js';

type Reply = FastifyReply & { viewAsync(page: string, data: object): Promise<string> };

/** JSON to embed in a page (<script type="application/json">): nothing in it can close the tag. */
export const json = (value: unknown): string =>
  JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

/** Renders `view` with `data`, the common helpers (json, formatPercent, ratingClass) and a page's own `helpers`. */
export async function render(
  reply: FastifyReply,
  view: string,
  data: object,
  helpers: Record<string, unknown> = {},
): Promise<string> {
  const html = await (reply as Reply).viewAsync(view, { ...data, json, formatPercent, ratingClass, ...helpers });
  void reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
  return html;
}
