import { SetMetadata } from '@nestjs/common';
import type { Role } from '../../accounts/user-account.entity.js';

export const ACCESS_KEY = 'thidua:access';

/**
 * Who may use a route. Every route declares one; a route without it is refused (403) by the guard.
 * - public: anyone, no login (health, login);
 * - roles: a logged-in user with one of the roles;
 * - cluster: as roles, and a secretary only for the clusters assigned to them (the `:id` of the path).
 */
export type AccessPolicy =
  | { readonly kind: 'public' }
  | { readonly kind: 'roles'; readonly roles: readonly Role[] }
  | { readonly kind: 'cluster'; readonly roles: readonly Role[] };

export const ALL_ROLES: readonly Role[] = ['admin', 'secretary', 'leader', 'reporter'];

export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_KEY, { kind: 'public' });

/** Any logged-in user with one of these roles. */
export const Allow = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_KEY, { kind: 'roles', roles });

/** Readers: every role. */
export const AnyRole = (): MethodDecorator & ClassDecorator => Allow(...ALL_ROLES);

/** Writes to one cluster: admins, and secretaries of that cluster (path parameter `:id`). */
export const ClusterWriters = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_KEY, { kind: 'cluster', roles: ['admin', 'secretary'] });
