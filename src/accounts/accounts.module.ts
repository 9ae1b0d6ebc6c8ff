import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AccountsService } from './accounts.service.js';
import { AuthController } from './auth.controller.js';
import { LoginRateLimiter, PASSWORD_RATE_LIMITER } from './login-rate-limiter.js';
import { UsersController } from './users.controller.js';

@Module({
  imports: [AuditModule],
  controllers: [AuthController, UsersController],
  providers: [
    AccountsService,
    {
      provide: LoginRateLimiter,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new LoginRateLimiter(config.loginAttemptsPerMinute),
    },
    {
      provide: PASSWORD_RATE_LIMITER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new LoginRateLimiter(config.loginAttemptsPerMinute),
    },
  ],
  exports: [AccountsService],
})
export class AccountsModule {}
