/**
 * The server's log: Nest's console logger, without Nest's account of its own wiring (a line per
 * module and per route, about a hundred at every start) unless LOG_LEVEL is debug or verbose; so
 * that what a person starting the app reads is the address to open, and then what happens.
 */
import { ConsoleLogger } from '@nestjs/common';
import { LOG_LEVELS, type LogLevel } from '../config/app-config.js';

/** Nest's contexts that report how the app was put together. */
const WIRING = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

export class AppLogger extends ConsoleLogger {
  private readonly wiring: boolean;

  constructor(level: LogLevel) {
    super({ logLevels: LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1) });
    this.wiring = level === 'debug' || level === 'verbose';
  }

  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest.at(-1);
    if (!this.wiring && typeof context === 'string' && WIRING.has(context)) return;
    super.log(message, ...rest);
  }
}
