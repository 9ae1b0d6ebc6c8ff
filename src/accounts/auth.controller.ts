import { Body, Controller, Get, HttpCode, Inject, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {} from '@fastify/cookie';
import type { FastifyReply } from 'fastify';
import { AppException } from '../common/app-exception.js';
import { AnyRole, Public } from '../common/auth/access.decorator.js';
import { SESSION_COOKIE, type AuthenticatedRequest } from '../common/auth/auth.guard.js';
import { ApiResult } from '../common/openapi.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AccountsService, type IssuedToken } from './accounts.service.js';
import { PASSWORD_RATE_LIMITER, type LoginRateLimiter } from './login-rate-limiter.js';
import { ChangePasswordDto, LoginDto, LoginResponse, SessionResponse, UserResponse } from './dto/accounts.dto.js';

const actorOf = (request: AuthenticatedRequest) => {
  if (!request.actor) throw new AppException('UNAUTHENTICATED', 'Cần đăng nhập.');
  return request.actor;
};

@ApiTags('Đăng nhập (auth)')
@ApiBearerAuth()
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly accounts: AccountsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PASSWORD_RATE_LIMITER) private readonly passwordLimiter: LoginRateLimiter,
  ) {}

  /** The attempt was already counted against the client's address (loginAttemptHook, before the body was read). */
  private attempt(request: AuthenticatedRequest, dto: LoginDto): Promise<IssuedToken> {
    return this.accounts.login(dto.username, dto.password, request.ip);
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Đăng nhập cho API: trả về mã (Bearer token) có thời hạn' })
  @ApiResult(LoginResponse, { errors: [400] })
  async login(@Req() request: AuthenticatedRequest, @Body() dto: LoginDto): Promise<LoginResponse> {
    const issued = await this.attempt(request, dto);
    return { token: issued.token, expiresAt: issued.expiresAt.toISOString(), user: issued.user };
  }

  @Post('session')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Đăng nhập cho các trang: đặt cookie phiên (httpOnly, SameSite=Lax) và trả về mã chống giả mạo',
  })
  @ApiResult(SessionResponse, { errors: [400] })
  async session(
    @Req() request: AuthenticatedRequest,
    @Body() dto: LoginDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionResponse> {
    const issued = await this.attempt(request, dto);
    void reply.setCookie(SESSION_COOKIE, issued.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.cookieSecure,
      path: '/',
      expires: issued.expiresAt,
    });
    return { csrfToken: issued.csrfToken, expiresAt: issued.expiresAt.toISOString(), user: issued.user };
  }

  @Post('logout')
  @AnyRole()
  @HttpCode(204)
  @ApiOperation({ summary: 'Đăng xuất: hủy mã hoặc phiên đang dùng' })
  async logout(@Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.accounts.logout(actorOf(request).tokenId, request.ip);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('me')
  @AnyRole()
  @ApiOperation({ summary: 'Tài khoản đang đăng nhập' })
  @ApiResult(UserResponse, { errors: [] })
  me(@Req() request: AuthenticatedRequest): Promise<UserResponse> {
    return this.accounts.get(actorOf(request).userId);
  }

  @Patch('password')
  @AnyRole()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Đổi mật khẩu của chính mình (các phiên khác bị hủy); số lần thử có giới hạn theo tài khoản và địa chỉ',
  })
  async changePassword(
    @Req() request: AuthenticatedRequest,
    @Body() dto: ChangePasswordDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const actor = actorOf(request);
    // Both counted on every attempt: a stolen token cannot guess faster by changing address, nor
    // several stolen tokens by sharing one address.
    const wait = Math.max(
      this.passwordLimiter.hit(`user:${actor.userId}`),
      this.passwordLimiter.hit(`ip:${request.ip}`),
    );
    if (wait > 0) {
      void reply.header('retry-after', String(wait));
      throw new AppException('TOO_MANY_REQUESTS', `Đổi mật khẩu quá nhiều lần; thử lại sau ${wait} giây.`);
    }
    await this.accounts.changeOwnPassword(actor, dto.currentPassword, dto.newPassword);
  }
}
