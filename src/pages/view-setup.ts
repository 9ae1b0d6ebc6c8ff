/**
 * The pages' plumbing: Eta templates from templates/views (escaped by default), and the assets they
 * use, every one served by the app itself from npm packages or templates/assets (no CDN: offices
 * often work on an intranet without internet access).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import { Eta } from 'eta';
import type { FastifyInstance } from 'fastify';

export const VIEWS_DIR = path.resolve('templates/views');
export const ASSETS_DIR = path.resolve('templates/assets');

const require = createRequire(import.meta.url);

/** The folder of a file of an installed package (found the way Node finds the package). */
const folderOf = (specifier: string): string => path.dirname(require.resolve(specifier));

/** URL prefix → folder. */
export const ASSET_ROOTS: ReadonlyArray<readonly [string, string]> = [
  ['/assets/app/', ASSETS_DIR],
  ['/assets/chart/', folderOf('chart.js')],
  ['/assets/font/', folderOf('@fontsource/be-vietnam-pro/400.css')],
];

export async function registerViews(fastify: FastifyInstance, production: boolean): Promise<void> {
  const eta = new Eta({ views: VIEWS_DIR, autoEscape: true, cache: production, autoTrim: [false, 'nl'] });
  await fastify.register(fastifyView, {
    engine: { eta },
    templates: VIEWS_DIR,
    production,
    defaultContext: {},
  });
  for (const [prefix, root] of ASSET_ROOTS) {
    await fastify.register(fastifyStatic, {
      root,
      prefix,
      decorateReply: false,
      index: false,
      list: false,
      dotfiles: 'deny',
      maxAge: production ? '1d' : 0,
    });
  }
}
