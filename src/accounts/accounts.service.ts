import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Cluster } from '../clusters/cluster.entity.js';
import { addFieldError, AppException, throwIfFieldErrors, type FieldErrors } from '../common/app-exception.js';
import type { Actor } from '../common/auth/request-context.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AccessToken } from './access-token.entity.js';
import type { CreateUserDto, UpdateUserDto, UserResponse } from './dto/accounts.dto.js';
import { hashPassword, passwordProblems, verifyPassword } from './password.js';
import { UserCluster } from './user-cluster.entity.js';
import { ROLE_LABELS, UserAccount } from './user-account.entity.js';

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** Verified against when the username is unknown, so that both answers take as long. */
const DUMMY_HASH = hashPassword(randomBytes(16).toString('hex'));

export interface IssuedToken {
  readonly token: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
  readonly user: UserResponse;
}

/**
 * How long this process trusts a token it has checked, without asking the database again. Logout,
 * lock, role, scope and password changes made through this process clear it at once; changes made
 * through another process (another app instance, the command line) reach this one within this time.
 */
export const SESSION_CACHE_MS = 5_000;
/** Sessions checked at once beyond which the cache starts over (bounded memory). */
const SESSION_CACHE_ENTRIES = 10_000;

interface CheckedSession {
  readonly until: number;
  readonly expiresAt: number;
  readonly actor: Omit<Actor, 'via'> & { csrfToken: string };
}

@Injectable()
export class AccountsService {
  private readonly sessions = new Map<string, CheckedSession>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /**
   * Checks the password and issues a token; one message for an unknown user and a wrong password.
   * Every attempt is audited (entity "session"): the username tried and the client's address, never
   * the password.
   */
  async login(username: string, password: string, address: string | null = null): Promise<IssuedToken> {
    const user = await this.dataSource.manager.findOne(UserAccount, { where: { username } });
    const ok = await verifyPassword(user?.passwordHash ?? (await DUMMY_HASH), password);
    if (!user || !ok || !user.active) {
      const reason = !user ? 'unknown-user' : !ok ? 'wrong-password' : 'locked';
      await this.audit.record(this.dataSource.manager, {
        action: 'login-failed',
        entityType: 'session',
        entityId: (user?.id ?? username).toString().slice(0, 60),
        by: { userId: user?.id ?? null, username },
        after: { address, reason },
      });
      throw new AppException(
        'INVALID_CREDENTIALS',
        user && ok && !user.active ? 'Tài khoản đã bị khóa; liên hệ quản trị.' : 'Sai tên đăng nhập hoặc mật khẩu.',
      );
    }
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.tokenTtlHours * 3_600_000);
    await this.dataSource.transaction(async (em) => {
      const saved = await em.save(
        em.create(AccessToken, { userId: user.id, tokenHash: sha256(token), csrfToken, expiresAt, revokedAt: null }),
      );
      await this.audit.record(em, {
        action: 'login',
        entityType: 'session',
        entityId: saved.id,
        by: { userId: user.id, username: user.username },
        after: { address },
      });
    });
    return { token, csrfToken, expiresAt, user: await this.get(user.id) };
  }

  /** The actor behind a token, or null when it is unknown, revoked, expired or its user is locked. */
  async authenticate(token: string, via: Actor['via']): Promise<(Actor & { csrfToken: string }) | null> {
    const hash = sha256(token);
    const now = Date.now();
    const known = this.sessions.get(hash);
    if (known !== undefined && known.until > now && known.expiresAt > now) return { ...known.actor, via };
    // One indexed query (findOne with relations would add a DISTINCT pre-query).
    const row = await this.dataSource.manager
      .createQueryBuilder(AccessToken, 'token')
      .innerJoinAndSelect('token.user', 'user')
      .leftJoinAndSelect('user.clusters', 'scope')
      .where('token.tokenHash = :hash AND token.revokedAt IS NULL', { hash })
      .getOne();
    if (!row || row.expiresAt.getTime() <= now || !row.user.active) {
      this.sessions.delete(hash);
      return null;
    }
    const actor = {
      userId: row.user.id,
      username: row.user.username,
      role: row.user.role,
      clusterIds: row.user.clusters.map((c) => c.clusterId),
      tokenId: row.id,
      csrfToken: row.csrfToken,
    };
    if (this.sessions.size >= SESSION_CACHE_ENTRIES) this.sessions.clear();
    this.sessions.set(hash, { until: now + SESSION_CACHE_MS, expiresAt: row.expiresAt.getTime(), actor });
    return { ...actor, via };
  }

  /** Runs a change to logins or accounts, then forgets every checked session (they are checked again). */
  private async changingSessions<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } finally {
      this.sessions.clear();
    }
  }

  async logout(tokenId: number, address: string | null = null): Promise<void> {
    await this.changingSessions(() =>
      this.dataSource.transaction(async (em) => {
        await em.update(AccessToken, { id: tokenId }, { revokedAt: new Date() });
        await this.audit.record(em, { action: 'logout', entityType: 'session', entityId: tokenId, after: { address } });
      }),
    );
  }

  async changeOwnPassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.findOrFail(this.dataSource.manager, actor.userId);
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      throw new AppException('VALIDATION_FAILED', 'Mật khẩu hiện tại không đúng.', {
        currentPassword: ['không đúng'],
      });
    }
    this.checkPassword(newPassword, user.username, 'newPassword');
    await this.changingSessions(() => this.storeOwnPassword(actor, user, newPassword));
  }

  private async storeOwnPassword(actor: Actor, user: UserAccount, newPassword: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await em.update(UserAccount, { id: user.id }, { passwordHash: await hashPassword(newPassword) });
      // Other logins end; this one goes on.
      await em
        .createQueryBuilder()
        .update(AccessToken)
        .set({ revokedAt: new Date() })
        .where('user_id = :userId AND id <> :tokenId AND revoked_at IS NULL', {
          userId: user.id,
          tokenId: actor.tokenId,
        })
        .execute();
      await this.audit.record(em, { action: 'change-password', entityType: 'user', entityId: user.id });
    });
  }

  async list(): Promise<UserResponse[]> {
    const users = await this.dataSource.manager.find(UserAccount, {
      relations: { clusters: true },
      order: { username: 'ASC' },
    });
    return users.map(mapUser);
  }

  async get(id: number): Promise<UserResponse> {
    return this.load(this.dataSource.manager, id);
  }

  private async load(em: EntityManager, id: number): Promise<UserResponse> {
    const user = await em.findOne(UserAccount, { where: { id }, relations: { clusters: true } });
    if (!user) throw new AppException('USER_NOT_FOUND', `Không tìm thấy tài khoản mã số ${id}.`);
    return mapUser(user);
  }

  async create(dto: CreateUserDto): Promise<UserResponse> {
    this.checkUsername(dto.username);
    this.checkPassword(dto.password, dto.username, 'password');
    const passwordHash = await hashPassword(dto.password);
    return this.dataSource.transaction(async (tx) => {
      if (await tx.exists(UserAccount, { where: { username: dto.username } })) {
        throw new AppException('USERNAME_TAKEN', `Tên đăng nhập "${dto.username}" đã có.`, {
          username: ['đã có'],
        });
      }
      const user = await tx.save(
        tx.create(UserAccount, {
          username: dto.username,
          displayName: dto.displayName,
          role: dto.role,
          passwordHash,
          active: true,
        }),
      );
      await this.replaceClusters(tx, user.id, dto.role, dto.clusterIds ?? []);
      const after = await this.load(tx, user.id);
      await this.audit.record(tx, { action: 'create', entityType: 'user', entityId: user.id, after });
      return after;
    });
  }

  async update(id: number, dto: UpdateUserDto): Promise<UserResponse> {
    return this.changingSessions(() => this.storeUpdate(id, dto));
  }

  private async storeUpdate(id: number, dto: UpdateUserDto): Promise<UserResponse> {
    return this.dataSource.transaction(async (em) => {
      const user = await this.findOrFail(em, id);
      const before = await this.load(em, id);
      const wasActiveAdmin = user.role === 'admin' && user.active;
      if (dto.displayName !== undefined) user.displayName = dto.displayName;
      if (dto.role !== undefined) user.role = dto.role;
      if (dto.active !== undefined) user.active = dto.active;
      if (wasActiveAdmin && !(user.role === 'admin' && user.active)) await this.assertAnotherAdmin(em, id);
      await em.save(user);
      if (dto.clusterIds !== undefined || dto.role !== undefined) {
        // null clears; not sent keeps them, except that only secretaries have clusters.
        const current = (await em.find(UserCluster, { where: { userId: id } })).map((c) => c.clusterId);
        const clusterIds =
          dto.clusterIds === undefined ? (user.role === 'secretary' ? current : []) : (dto.clusterIds ?? []);
        await this.replaceClusters(em, id, user.role, clusterIds);
      }
      if (dto.active === false) await this.revokeAll(em, id);
      const after = await this.load(em, id);
      await this.audit.record(em, { action: 'update', entityType: 'user', entityId: id, before, after });
      return after;
    });
  }

  async resetPassword(id: number, newPassword: string): Promise<void> {
    await this.changingSessions(() => this.storePassword(id, newPassword));
  }

  private async storePassword(id: number, newPassword: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const user = await this.findOrFail(em, id);
      this.checkPassword(newPassword, user.username, 'newPassword');
      await em.update(UserAccount, { id }, { passwordHash: await hashPassword(newPassword) });
      await this.revokeAll(em, id);
      await this.audit.record(em, { action: 'reset-password', entityType: 'user', entityId: id });
    });
  }

  async findByUsername(username: string): Promise<UserResponse | null> {
    const user = await this.dataSource.manager.findOne(UserAccount, {
      where: { username },
      relations: { clusters: true },
    });
    return user ? mapUser(user) : null;
  }

  /** Compares a request's CSRF header with its session's, in constant time. */
  static csrfMatches(expected: string, given: string | undefined): boolean {
    if (given === undefined) return false;
    const a = Buffer.from(expected);
    const b = Buffer.from(given);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private async findOrFail(em: EntityManager, id: number): Promise<UserAccount> {
    const user = await em.findOne(UserAccount, { where: { id } });
    if (!user) throw new AppException('USER_NOT_FOUND', `Không tìm thấy tài khoản mã số ${id}.`);
    return user;
  }

  /** Refuses to lock or demote the last active admin: nobody could manage accounts any more. */
  private async assertAnotherAdmin(em: EntityManager, id: number): Promise<void> {
    const others = await em
      .createQueryBuilder(UserAccount, 'u')
      .where('u.role = :role AND u.active = :active AND u.id <> :id', { role: 'admin', active: true, id })
      .getCount();
    if (others === 0) {
      throw new AppException(
        'CONFLICT',
        'Đây là tài khoản quản trị còn hoạt động duy nhất: tạo hoặc mở một tài khoản quản trị khác trước khi khóa hay đổi vai trò.',
      );
    }
  }

  private async revokeAll(em: EntityManager, userId: number): Promise<void> {
    await em.update(AccessToken, { userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  private async replaceClusters(
    em: EntityManager,
    userId: number,
    role: UserAccount['role'],
    clusterIds: readonly number[],
  ): Promise<void> {
    const errors: FieldErrors = {};
    if (role !== 'secretary' && clusterIds.length > 0) {
      addFieldError(errors, 'clusterIds', 'chỉ thư ký cụm mới được giao cụm phụ trách');
    }
    const unique = [...new Set(clusterIds)];
    const found = unique.length === 0 ? [] : await em.find(Cluster, { where: { id: In(unique) } });
    for (const id of unique) {
      if (!found.some((c) => c.id === id)) addFieldError(errors, 'clusterIds', `không có cụm/khối mã số ${id}`);
    }
    throwIfFieldErrors(errors, 'Cụm phụ trách không hợp lệ.');
    await em.delete(UserCluster, { userId });
    await em.save(unique.map((clusterId) => em.create(UserCluster, { userId, clusterId })));
  }

  private checkUsername(username: string): void {
    if (!/^[a-z0-9._-]{3,60}$/.test(username)) {
      throw new AppException(
        'VALIDATION_FAILED',
        'Tên đăng nhập gồm 3–60 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.',
        { username: ['chỉ gồm a-z, 0-9, ".", "-", "_" (3–60 ký tự)'] },
      );
    }
  }

  private checkPassword(password: string, username: string, field: string): void {
    const errors: FieldErrors = {};
    for (const problem of passwordProblems(password, username)) addFieldError(errors, field, problem);
    throwIfFieldErrors(errors, 'Mật khẩu chưa đạt yêu cầu.');
  }
}

export function mapUser(user: UserAccount): UserResponse {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    roleLabel: ROLE_LABELS[user.role],
    clusterIds: (user.clusters ?? []).map((c) => c.clusterId).sort((a, b) => a - b),
    active: user.active,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}
