import type { Seed, SeedDocument } from './seed-schema';

/** The ways the fake can misbehave, scripted per route or drawn at random from a seeded generator. */
export type FaultKind =
  | 'latency'
  | 'exception'
  | 'unexpected_error'
  | 'invalid_session'
  | 'api_limit'
  | 'http_502'
  | 'http_503'
  | 'reset'
  | 'hang';

export const FAULT_KINDS: readonly FaultKind[] = [
  'latency',
  'exception',
  'unexpected_error',
  'invalid_session',
  'api_limit',
  'http_502',
  'http_503',
  'reset',
  'hang',
];

/** Route keys used by `calls()` and `injectFaults()`. */
export type RouteKey =
  | 'versions'
  | 'auth'
  | 'keep_alive'
  | 'session_delete'
  | 'create_single'
  | 'create_bulk'
  | 'retrieve'
  | 'delete_single'
  | 'metadata'
  | 'unknown';

export interface FakeVaultDefinition {
  id: number;
  name: string;
  dns: string;
}

export interface FakeVaultUser {
  username: string;
  password: string;
  /** Vaults the user can reach; the first one is where auth defaulting lands. */
  vaultIds: number[];
  active?: boolean;
  /** Without API access the user can log in but every other call answers INSUFFICIENT_ACCESS. */
  apiAccess?: boolean;
  /** A correct password is still refused with PASSWORD_CHANGE_REQUIRED (an expired password). */
  passwordChangeRequired?: boolean;
}

export interface BurstOptions {
  limit: number;
  windowMs: number;
  delayMs: number;
}

export interface RandomFaultOptions {
  /** PRNG seed: the same seed and the same request sequence give the same faults. */
  seed: number;
  /** Probability (0..1) that a request gets a fault. */
  rate: number;
  /** Kinds to draw from; default every kind except `hang`. */
  kinds?: FaultKind[];
  /** Routes eligible for random faults; default every route except `auth`. */
  routes?: RouteKey[];
}

export interface FakeVaultOptions {
  port?: number;
  vaults?: FakeVaultDefinition[];
  users?: FakeVaultUser[];
  seed?: Seed;
  /** Inactivity timeout, counted from the end of the last request (default 20 min). */
  sessionIdleTimeoutMs?: number;
  /** Absolute session lifetime (default 48 h). */
  sessionMaxLifetimeMs?: number;
  burst?: Partial<BurstOptions>;
  /** Logins per user and DNS per minute before API_LIMIT_EXCEEDED (default 20). */
  loginsPerMinute?: number;
  /** Consecutive wrong passwords after which the user is locked out (default 5). */
  lockoutAfterFailures?: number;
  /** How a duplicate create is answered (default 'success-id-0'). */
  duplicate?: 'success-id-0' | 'failure';
  /** Error type of the duplicate FAILURE when `duplicate: 'failure'` (default INVALID_DATA). */
  duplicateErrorType?: string;
  /** Top-level responseStatus of a bulk call where some rows failed (default SUCCESS; WARNING adds warnings[]). */
  bulkPartialFailureStatus?: 'SUCCESS' | 'WARNING';
  /** Send every header name in lowercase, as HTTP/2 Vaults do. */
  lowercaseHeaders?: boolean;
  /** Added to every response. */
  latencyMs?: number;
  /** Extra delay of a `latency` fault (default 250 ms). */
  faultLatencyMs?: number;
  faults?: RandomFaultOptions;
  /** Versions listed by GET /api/ (any vNN.N is accepted in URLs regardless). */
  apiVersions?: string[];
  /** Clock for session and window arithmetic; tests may pass a controllable one. */
  now?: () => number;
}

/** A relationship as a create request names it, before the vault stores it. */
export interface NewRelationship {
  source_doc_id__v: number;
  source_major_version__v: number;
  source_minor_version__v: number;
  target_doc_id__v: number;
  target_major_version__v?: number;
  target_minor_version__v?: number;
  relationship_type__v: string;
}

export interface CreatedRelationship extends NewRelationship {
  id: number;
  vaultId: number;
  createdBy: number;
  createdAt: string;
}

export interface BurstState {
  limit: number;
  remaining: number;
  windowStartedAt: number;
  delayedResponses: number;
}

export interface InjectedFault {
  route: RouteKey;
  kind: FaultKind;
  source: 'scripted' | 'random';
}

export interface FakeVault {
  /** Base URL, e.g. http://127.0.0.1:54321 (append /api/v25.2/...). */
  url: string;
  /** DNS of the first vault, the one the default user lands on. */
  dns: string;
  relationships(vaultId?: number): CreatedRelationship[];
  calls(): Partial<Record<RouteKey, number>>;
  /** Requests per X-VaultAPI-ClientID value received (requests without the header are not counted). */
  clientIds(): Record<string, number>;
  burstState(vaultId?: number): BurstState;
  loginFailures(username?: string): number;
  injectFaults(route: RouteKey, kinds: FaultKind[]): void;
  /** Every fault applied so far, in order (random and scripted). */
  faultsInjected(): InjectedFault[];
  setPassword(username: string, password: string): void;
  addDocument(vaultId: number | undefined, document: SeedDocument): void;
  /** Number of live sessions (expired ones are swept lazily). */
  sessionCount(): number;
  /** Every session id issued since start (for leak checks: none may appear in a log). */
  issuedSessionIds(): string[];
  /** Back to the state right after start: seed, passwords, counters, sessions, faults. */
  reset(): void;
  stop(): Promise<void>;
}
