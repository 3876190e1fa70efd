import { type VaultBody, vaultFailure } from './envelope';
import type { SessionStore } from './sessions';
import type { FakeVaultDefinition, FakeVaultUser } from './types';

interface UserState {
  userId: number;
  username: string;
  password: string;
  vaultIds: number[];
  active: boolean;
  apiAccess: boolean;
  passwordChangeRequired: boolean;
  failures: number;
}

export interface AuthSettings {
  loginsPerMinute: number;
  lockoutAfterFailures: number;
}

export interface LoginOutcome {
  body: VaultBody;
  vaultId: number;
  userId?: number;
}

const FIRST_USER_ID = 12021;

/** `vaultDNS` may come as a bare host or a URL; Vault matches the host. */
const normaliseDns = (value: string | undefined): string | undefined => {
  const trimmed = value?.trim().toLowerCase();
  if (!trimmed) return undefined;
  return trimmed.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
};

/**
 * Username/password logins with Vault's failure modes: every failure is HTTP 200 with
 * responseStatus FAILURE; wrong passwords count towards a lockout; a per-user-and-DNS
 * per-minute limit answers API_LIMIT_EXCEEDED; a DNS the user cannot reach defaults to the
 * user's first vault (auth defaulting).
 */
export class Authenticator {
  private users = new Map<string, UserState>();
  private readonly loginWindows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    private readonly configuredUsers: FakeVaultUser[],
    private readonly vaults: FakeVaultDefinition[],
    private readonly settings: AuthSettings,
    private readonly sessions: SessionStore,
    private readonly now: () => number,
  ) {
    this.reset();
  }

  reset(): void {
    this.users = new Map(
      this.configuredUsers.map((user, index) => [
        user.username.toLowerCase(),
        {
          userId: FIRST_USER_ID + index,
          username: user.username,
          password: user.password,
          vaultIds: [...user.vaultIds],
          active: user.active ?? true,
          apiAccess: user.apiAccess ?? true,
          passwordChangeRequired: user.passwordChangeRequired ?? false,
          failures: 0,
        },
      ]),
    );
    this.loginWindows.clear();
  }

  setPassword(username: string, password: string): void {
    const user = this.users.get(username.toLowerCase());
    if (!user) throw new Error(`fake vault: unknown user ${username}`);
    user.password = password;
  }

  loginFailures(username?: string): number {
    if (username !== undefined) return this.users.get(username.toLowerCase())?.failures ?? 0;
    let total = 0;
    for (const user of this.users.values()) total += user.failures;
    return total;
  }

  login(form: URLSearchParams, hostHeader: string | undefined): LoginOutcome {
    const username = form.get('username') ?? '';
    const password = form.get('password') ?? '';
    const requestedDns = normaliseDns(form.get('vaultDNS') ?? undefined) ?? normaliseDns(hostHeader);
    const requestedVault = this.vaults.find((vault) => vault.dns.toLowerCase() === requestedDns);
    const fallbackVaultId = requestedVault?.id ?? (this.vaults[0] as FakeVaultDefinition).id;
    const user = this.users.get(username.toLowerCase());
    const fail = (type: string, message: string): LoginOutcome => ({
      body: {
        ...vaultFailure(type, message),
        responseMessage: `Authentication failed for user: ${username}`,
        errorType: 'AUTHENTICATION_FAILED',
      },
      vaultId: fallbackVaultId,
      userId: user?.userId,
    });

    if (this.overLoginLimit(username.toLowerCase(), requestedDns ?? '')) {
      return fail('API_LIMIT_EXCEEDED', 'Authentication API rate limit exceeded; try again next minute.');
    }
    if (!user) return fail('USERNAME_OR_PASSWORD_INCORRECT', 'Username or password is incorrect.');
    if (password.length === 0)
      return fail('NO_PASSWORD_PROVIDED', 'No password was provided for the login call.');
    if (user.failures >= this.settings.lockoutAfterFailures) {
      return fail('USER_LOCKED_OUT', 'The user is locked out after too many failed login attempts.');
    }
    if (password !== user.password) {
      user.failures += 1;
      return fail('USERNAME_OR_PASSWORD_INCORRECT', 'Username or password is incorrect.');
    }
    if (!user.active) return fail('INACTIVE_USER', 'The user is inactive.');
    if (user.passwordChangeRequired) {
      return fail(
        'PASSWORD_CHANGE_REQUIRED',
        'The password has expired and must be changed before logging in.',
      );
    }
    user.failures = 0;

    const reachable = requestedVault && user.vaultIds.includes(requestedVault.id);
    const vaultId = reachable ? requestedVault.id : (user.vaultIds[0] as number);
    const session = this.sessions.create({
      userId: user.userId,
      username: user.username,
      vaultId,
      apiAccess: user.apiAccess,
    });
    return {
      body: {
        responseStatus: 'SUCCESS',
        sessionId: session.id,
        userId: user.userId,
        vaultIds: user.vaultIds.map((id) => {
          const vault = this.vaults.find((candidate) => candidate.id === id) as FakeVaultDefinition;
          return { id: vault.id, name: vault.name, url: `https://${vault.dns}/api` };
        }),
        vaultId,
      },
      vaultId,
      userId: user.userId,
    };
  }

  /** Fixed one-minute windows per username and DNS; every attempt counts, successful or not. */
  private overLoginLimit(username: string, dns: string): boolean {
    const key = `${username}|${dns}`;
    const now = this.now();
    let window = this.loginWindows.get(key);
    if (!window || now - window.startedAt >= 60_000) {
      window = { startedAt: now, count: 0 };
      this.loginWindows.set(key, window);
    }
    window.count += 1;
    return window.count > this.settings.loginsPerMinute;
  }
}
