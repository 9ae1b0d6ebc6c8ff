/**
 * What every page's layout needs: who is signed in, the menu their role sees, the CSRF token the
 * page's scripts send with writes (through the JSON API, the same rules and checks as any client).
 */
import type { Role } from '../accounts/user-account.entity.js';
import { ROLE_LABELS } from '../accounts/user-account.entity.js';
import type { AuthenticatedRequest } from '../common/auth/auth.guard.js';

export interface NavItem {
  readonly href: string;
  readonly label: string;
  readonly active: boolean;
}

export interface PageUser {
  readonly username: string;
  readonly role: Role;
  readonly roleLabel: string;
}

export interface PageContext {
  readonly title: string;
  readonly user: PageUser | null;
  readonly nav: readonly NavItem[];
  readonly csrfToken: string;
  /** The page's own data. */
  readonly [key: string]: unknown;
}

/** The menu of a role; `current` marks the page shown. */
export function navFor(role: Role | null, current: string): NavItem[] {
  if (role === null) return [];
  const items: Array<[string, string]> = [
    ['/tong-quan', 'Tổng quan năm'],
    ['/cum', 'Cụm, khối'],
    ['/bao-cao', 'Báo cáo'],
  ];
  if (role === 'admin') items.push(['/quan-tri', 'Quản trị']);
  return items.map(([href, label]) => ({ href, label, active: current === href || current.startsWith(`${href}/`) }));
}

export function pageContext(
  request: AuthenticatedRequest,
  title: string,
  data: Record<string, unknown> = {},
): PageContext {
  const actor = request.actor;
  const path = request.url.split('?')[0] ?? '/';
  return {
    title,
    user: actor ? { username: actor.username, role: actor.role, roleLabel: ROLE_LABELS[actor.role] } : null,
    nav: navFor(actor?.role ?? null, path),
    csrfToken: request.csrfToken ?? '',
    ...data,
  };
}
