import { defaultSeed } from './default-seed';
import { type ParsedSeed, parseSeed } from './seed-schema';
import type { BurstOptions, FakeVaultDefinition, FakeVaultOptions, FakeVaultUser } from './types';

export const DEFAULT_VAULTS: FakeVaultDefinition[] = [
  { id: 1776, name: 'PromoMats Sandbox', dns: 'promomats-sandbox.veevavault.com' },
  { id: 1777, name: 'Clinical Sandbox', dns: 'clinical-sandbox.veevavault.com' },
];

/** The one user of a default fake; a local sandbox credential, not a secret. */
export const DEFAULT_USER: FakeVaultUser = {
  username: 'integration@promomats-sandbox.com',
  password: 'Sandbox-Passw0rd!',
  vaultIds: [1776, 1777],
};

export const DEFAULT_API_VERSIONS = [
  'v21.1',
  'v22.3',
  'v23.3',
  'v24.1',
  'v24.2',
  'v24.3',
  'v25.1',
  'v25.2',
  'v25.3',
];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface ResolvedOptions {
  port: number;
  vaults: FakeVaultDefinition[];
  users: FakeVaultUser[];
  seed: ParsedSeed;
  sessionIdleTimeoutMs: number;
  sessionMaxLifetimeMs: number;
  burst: BurstOptions;
  loginsPerMinute: number;
  lockoutAfterFailures: number;
  duplicate: 'success-id-0' | 'failure';
  duplicateErrorType: string;
  bulkPartialFailureStatus: 'SUCCESS' | 'WARNING';
  lowercaseHeaders: boolean;
  latencyMs: number;
  faultLatencyMs: number;
  faults: FakeVaultOptions['faults'];
  apiVersions: string[];
  now: () => number;
}

/** Applies defaults and reports every inconsistent setting at once. */
export const resolveOptions = (options: FakeVaultOptions): ResolvedOptions => {
  const vaults = options.vaults ?? DEFAULT_VAULTS;
  const users = options.users ?? [DEFAULT_USER];
  const problems: string[] = [];
  if (vaults.length === 0) problems.push('vaults: at least one vault is needed');
  const vaultIds = new Set(vaults.map((vault) => vault.id));
  if (vaultIds.size !== vaults.length) problems.push('vaults: ids must be unique');
  for (const user of users) {
    if (user.vaultIds.length === 0) problems.push(`users: ${user.username} has no vault`);
    const unknown = user.vaultIds.filter((id) => !vaultIds.has(id));
    if (unknown.length > 0)
      problems.push(`users: ${user.username} refers to unknown vault(s) ${unknown.join(', ')}`);
  }
  const faults = options.faults;
  if (faults && (faults.rate < 0 || faults.rate > 1)) problems.push('faults.rate must be between 0 and 1');
  if (problems.length > 0) throw new Error(`fake vault: invalid options:\n- ${problems.join('\n- ')}`);

  return {
    port: options.port ?? 0,
    vaults,
    users,
    seed: options.seed ? parseSeed(options.seed, 'options.seed') : defaultSeed(),
    sessionIdleTimeoutMs: options.sessionIdleTimeoutMs ?? 20 * MINUTE,
    sessionMaxLifetimeMs: options.sessionMaxLifetimeMs ?? 48 * HOUR,
    burst: {
      limit: options.burst?.limit ?? 2000,
      windowMs: options.burst?.windowMs ?? 5 * MINUTE,
      delayMs: options.burst?.delayMs ?? 500,
    },
    loginsPerMinute: options.loginsPerMinute ?? 20,
    lockoutAfterFailures: options.lockoutAfterFailures ?? 5,
    duplicate: options.duplicate ?? 'success-id-0',
    duplicateErrorType: options.duplicateErrorType ?? 'INVALID_DATA',
    bulkPartialFailureStatus: options.bulkPartialFailureStatus ?? 'SUCCESS',
    lowercaseHeaders: options.lowercaseHeaders ?? false,
    latencyMs: options.latencyMs ?? 0,
    faultLatencyMs: options.faultLatencyMs ?? 250,
    faults,
    apiVersions: options.apiVersions ?? DEFAULT_API_VERSIONS,
    now: options.now ?? Date.now,
  };
};
