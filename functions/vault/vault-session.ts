import { createHash } from 'node:crypto';
import type { CallContext, Clock } from '../relationships/ports';
import type { CredentialsSource } from './credentials-source';
import type { LoginBreaker } from './login-breaker';
import type { VaultClient, VaultTarget } from './vault-client';
import type { VaultCredentials } from './vault-credentials';
import {
  VaultCredentialsError,
  VaultRejectedError,
  VaultSessionExpiredError,
  VaultTransientError,
  VaultUnavailableError,
  WrongVaultError,
} from './vault-errors';
import type { VaultLogger } from './vault-logger';
import { loginToVault } from './vault-login';

/** A live Vault session. The id is a bearer credential: it never goes into logs or errors. */
export interface VaultSession extends VaultTarget {
  id: string;
  /** Whose session on which vault: compared with the secret so a re-pointed secret takes effect. */
  vaultDns: string;
  username: string;
  startedAt: number;
  lastUsedAt: number;
}

export interface VaultSessionsOptions {
  credentials: CredentialsSource;
  client: VaultClient;
  breaker: LoginBreaker;
  clock: Clock;
  logger: VaultLogger;
  /** VAULT_CLIENT_ID, used when the secret names no clientId. */
  defaultClientId: string;
  /** Vault ends every session after 48 h; a new one is made before that. */
  maxAgeMs: number;
  /** Vault ends idle sessions (10 min to 8 h, per vault); after this much idleness a new one is made first. */
  idleRenewMs: number;
  /** How long this call can afford to wait before it must start; without it an open breaker refuses at once. */
  waitBudgetMs?: (context: CallContext) => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Runs Vault calls on one shared session: logs in once, renews it, and retries a call once after INVALID_SESSION_ID. */
export interface VaultSessions {
  run<T>(context: CallContext, call: (session: VaultSession) => Promise<T>): Promise<T>;
}

// Errors that mean the login itself reached Vault (or tried to) and failed; only these open the breaker.
const isLoginFailure = (error: unknown) =>
  error instanceof VaultCredentialsError ||
  error instanceof WrongVaultError ||
  error instanceof VaultTransientError ||
  error instanceof VaultRejectedError ||
  error instanceof VaultUnavailableError;

/** Refusals that are about this password, not the user's state (locked, inactive): retrying it cannot work. */
const PASSWORD_REFUSALS = new Set(['USERNAME_OR_PASSWORD_INCORRECT', 'NO_PASSWORD_PROVIDED']);

// A digest, so no second copy of the password is kept just to recognise it.
const fingerprint = (credentials: VaultCredentials) =>
  createHash('sha256')
    .update(
      JSON.stringify([credentials.username, credentials.password, credentials.vaultDns, credentials.baseUrl]),
    )
    .digest('hex');

const sameAccount = (a: VaultCredentials, b: VaultCredentials) =>
  a.password === b.password &&
  a.username === b.username &&
  a.vaultDns === b.vaultDns &&
  a.baseUrl === b.baseUrl;

export const createVaultSessions = (options: VaultSessionsOptions): VaultSessions => {
  const { clock, logger, breaker } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let current: VaultSession | undefined;
  let pending: Promise<VaultSession> | undefined;

  // Set after Vault refused the credentials: the cached secret is suspect, so the next attempt reads
  // the store first instead of spending a login on a password already known to fail.
  let credentialsSuspect = false;
  // Vault locks a user out after a few wrong passwords in a row, however slowly they come: a password
  // it called incorrect is never sent again by this container; only a changed secret is tried.
  let refusedPassword: string | undefined;

  const targetFor = (credentials: VaultCredentials): VaultTarget => ({
    baseUrl: credentials.baseUrl,
    clientId: credentials.clientId ?? options.defaultClientId,
  });

  const attempt = async (credentials: VaultCredentials, context: CallContext): Promise<VaultSession> => {
    if (refusedPassword !== undefined && refusedPassword === fingerprint(credentials)) {
      throw new VaultCredentialsError(
        'USERNAME_OR_PASSWORD_INCORRECT',
        'this password was refused before; waiting for a rotated secret',
      );
    }
    const target = targetFor(credentials);
    let id: string;
    try {
      id = await loginToVault(options.client, target, credentials, context);
    } catch (error) {
      if (error instanceof VaultCredentialsError && PASSWORD_REFUSALS.has(String(error.vaultErrorType))) {
        refusedPassword = fingerprint(credentials);
      }
      throw error;
    }
    const now = clock.now();
    return {
      ...target,
      id,
      vaultDns: credentials.vaultDns,
      username: credentials.username,
      startedAt: now,
      lastUsedAt: now,
    };
  };

  // A rejected password may just have been rotated: read the secret once more and try again only if
  // it changed, so each login attempt costs at most one refused login per password, never a loop.
  const login = async (context: CallContext): Promise<VaultSession> => {
    const reread = credentialsSuspect;
    const credentials = await (reread ? options.credentials.refresh() : options.credentials.get());
    try {
      try {
        return await attempt(credentials, context);
      } catch (error) {
        if (!(error instanceof VaultCredentialsError) || reread) throw error;
        const fresh = await options.credentials.refresh().catch(() => credentials);
        if (sameAccount(fresh, credentials)) throw error;
        logger.info('Vault refused the cached credentials; retrying once with the re-read secret', {
          vaultErrorType: error.vaultErrorType,
        });
        return await attempt(fresh, context);
      }
    } catch (error) {
      if (error instanceof VaultCredentialsError) credentialsSuspect = true;
      if (isLoginFailure(error)) {
        breaker.recordFailure((error as VaultCredentialsError).code);
        logger.warn('Vault login failed; logins paused', { code: (error as VaultCredentialsError).code });
      }
      throw error;
    }
  };

  const usable = (session: VaultSession) => {
    const now = clock.now();
    return now - session.startedAt < options.maxAgeMs && now - session.lastUsedAt < options.idleRenewMs;
  };

  // A session lives up to 47 h under steady traffic: without this check, an operator re-pointing the
  // secret at another vault (or user) would see the relay keep writing to the old one all that time.
  // The secret is read through its cache, so this costs a Secrets Manager call only when the cache
  // expires; if the secret cannot be read or parsed, the working session is kept.
  const stillConfigured = async (session: VaultSession): Promise<boolean> => {
    let credentials: VaultCredentials;
    try {
      credentials = await options.credentials.get();
    } catch {
      return true;
    }
    return (
      credentials.vaultDns === session.vaultDns &&
      credentials.baseUrl === session.baseUrl &&
      credentials.username === session.username
    );
  };

  // Single flight: concurrent callers wait for the same login instead of each logging in.
  // An open breaker is a refusal "not started because we are holding back": refusing the batch at
  // once would let this container bounce the queue's backlog, a receive per message each time
  // (soak finding F1). It is sat out when the call can afford it, else held for what the call can
  // afford; check() then refuses with the time still left open, the messages' visibility delay.
  const sitOutBreaker = async (context: CallContext): Promise<void> => {
    const affordable = options.waitBudgetMs?.(context) ?? 0;
    if (affordable <= 0) return;
    await sleep(Math.min(breaker.openForMs(), affordable));
  };

  const ensureSession = async (context: CallContext, satOut = false): Promise<VaultSession> => {
    const live = current && usable(current) ? current : undefined;
    if (live) {
      if (await stillConfigured(live)) return live;
      if (current === live) {
        current = undefined;
        logger.info('The Vault secret names another vault or user; logging in again', {
          vaultUrl: live.baseUrl,
        });
      }
    }
    if (pending) return pending;
    if (!satOut && breaker.openForMs() > 0) {
      await sitOutBreaker(context);
      // Another caller may have logged in meanwhile; look again, but sit out only once.
      return ensureSession(context, true);
    }
    breaker.check();
    pending = login(context)
      .then((session) => {
        breaker.recordSuccess();
        credentialsSuspect = false;
        current = session;
        logger.info('Vault session started', { vaultUrl: session.baseUrl });
        return session;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };

  const callOn = async <T>(
    session: VaultSession,
    call: (session: VaultSession) => Promise<T>,
  ): Promise<T> => {
    try {
      return await call(session);
    } finally {
      session.lastUsedAt = clock.now();
    }
  };

  return {
    async run(context, call) {
      const session = await ensureSession(context);
      try {
        return await callOn(session, call);
      } catch (error) {
        if (!(error instanceof VaultSessionExpiredError)) throw error;
        // Only the first caller to notice drops the session; the others then share its new login.
        if (current === session) current = undefined;
        logger.info('Vault session expired; logging in again once');
        return callOn(await ensureSession(context), call);
      }
    },
  };
};
