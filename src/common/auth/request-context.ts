import { AsyncLocalStorage } from 'node:async_hooks';
import type { Role } from '../../accounts/user-account.entity.js';

/** Who is making the request, as the guard found them. */
export interface Actor {
  readonly userId: number;
  readonly username: string;
  readonly role: Role;
  /** Clusters a secretary may change. */
  readonly clusterIds: readonly number[];
  readonly tokenId: number;
  /** How the request was authenticated: an Authorization bearer token, or the pages' session cookie. */
  readonly via: 'bearer' | 'cookie';
}

interface RequestStore {
  actor: Actor | null;
}

const storage = new AsyncLocalStorage<RequestStore>();

/** Runs one request in its own context (installed as a Fastify onRequest hook). */
export const runInRequestContext = (next: () => void): void => storage.run({ actor: null }, next);

export const setActor = (actor: Actor): void => {
  const store = storage.getStore();
  if (store) store.actor = actor;
};

/** The current actor; null outside a request (CLI, seed) or before authentication. */
export const currentActor = (): Actor | null => storage.getStore()?.actor ?? null;
