import type { onRequestHookHandler } from 'fastify';
import { AppException } from '../common/app-exception.js';

/** The limiter of PATCH /api/auth/password attempts (per account and per address). */
export const PASSWORD_RATE_LIMITER = Symbol('PASSWORD_RATE_LIMITER');

/**
 * Counts login attempts per client address in fixed one-minute windows, in memory. (With several
 * app instances each counts its own; put a shared limit in the reverse proxy for those.)
 */
export class LoginRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limitPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records one attempt; returns the seconds to wait when it is over the limit, else 0. */
  hit(key: string): number {
    const now = this.now();
    const window = this.windows.get(key);
    if (!window || now - window.start >= 60_000) {
      this.windows.set(key, { start: now, count: 1 });
      this.sweep(now);
      return 0;
    }
    window.count += 1;
    return window.count > this.limitPerMinute ? Math.ceil((window.start + 60_000 - now) / 1000) : 0;
  }

  /** Forgets windows that have ended, so memory stays bounded. */
  private sweep(now: number): void {
    if (this.windows.size < 10_000) return;
    for (const [key, window] of this.windows) if (now - window.start >= 60_000) this.windows.delete(key);
  }
}

/**
 * Counts a login attempt before its body is even read, so that a refused login (malformed,
 * too deep, too large, invalid) counts against the limit like a wrong password; 429 beyond.
 */
export const loginAttemptHook =
  (limiter: LoginRateLimiter): onRequestHookHandler =>
  (request, reply, done) => {
    const wait = limiter.hit(request.ip);
    if (wait <= 0) return done();
    void reply.header('retry-after', String(wait));
    done(new AppException('TOO_MANY_REQUESTS', `Đăng nhập quá nhiều lần; thử lại sau ${wait} giây.`));
  };
