import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type {} from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import { AccountsService } from '../../accounts/accounts.service.js';
import { ROLE_LABELS } from '../../accounts/user-account.entity.js';
import { AppException } from '../app-exception.js';
import { ACCESS_KEY, type AccessPolicy } from './access.decorator.js';
import { setActor, type Actor } from './request-context.js';

export const SESSION_COOKIE = 'thidua_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The request's actor, set by the guard; with a session cookie, its CSRF token (the pages embed it). */
export type AuthenticatedRequest = FastifyRequest & { actor?: Actor; csrfToken?: string };

/**
 * Checks every route: its declared policy (none declared: denied), the login (bearer token or
 * session cookie with its CSRF header on writes), the role, and a secretary's cluster scope.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly accounts: AccountsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!policy) throw new AppException('FORBIDDEN', 'Đường dẫn này chưa được cấp quyền cho ai.');
    if (policy.kind === 'public') return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const cookie = request.cookies?.[SESSION_COOKIE];
    const token = bearer ?? cookie;
    if (!token) throw new AppException('UNAUTHENTICATED', 'Cần đăng nhập (POST /api/auth/login).');
    const found = await this.accounts.authenticate(token, bearer ? 'bearer' : 'cookie');
    if (!found) {
      throw new AppException('UNAUTHENTICATED', 'Phiên đăng nhập đã hết hạn hoặc không hợp lệ; hãy đăng nhập lại.');
    }
    const { csrfToken, ...actor } = found;
    if (actor.via === 'cookie' && !SAFE_METHODS.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      if (!AccountsService.csrfMatches(csrfToken, Array.isArray(header) ? header[0] : header)) {
        throw new AppException('CSRF_FAILED', 'Thiếu hoặc sai mã chống giả mạo (X-CSRF-Token); tải lại trang.');
      }
    }
    setActor(actor);
    request.actor = actor;
    if (actor.via === 'cookie') request.csrfToken = csrfToken;

    if (!policy.roles.includes(actor.role)) {
      throw new AppException('FORBIDDEN', `Vai trò "${ROLE_LABELS[actor.role]}" không được làm việc này.`);
    }
    if (policy.kind === 'cluster' && actor.role === 'secretary') {
      const clusterId = Number((request.params as Record<string, string | undefined>).id);
      if (!actor.clusterIds.includes(clusterId)) {
        throw new AppException('FORBIDDEN', 'Bạn không phải thư ký của cụm/khối thi đua này.');
      }
    }
    return true;
  }
}
