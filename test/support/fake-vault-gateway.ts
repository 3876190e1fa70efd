import { noPacing } from '../../functions/vault/burst-pacer';
import type { CredentialsSource } from '../../functions/vault/credentials-source';
import { validateVaultCredentials } from '../../functions/vault/vault-credentials';
import { createVaultGateway, type VaultGatewayOptions } from '../../functions/vault/vault-gateway';
import type { FakeVault } from '../../local/fake-vault';
import { createManualClock } from './manual-clock';

export const FAKE_USER = 'integration@promomats-sandbox.com';
export const FAKE_PASSWORD = 'Sandbox-Passw0rd!';

/** Credentials that point the client at a running fake Vault, as a local secret would. */
export const fakeVaultCredentials = (
  fake: FakeVault,
  overrides: { password?: string; username?: string; vaultDns?: string } = {},
): CredentialsSource => {
  const credentials = validateVaultCredentials({
    vaultDns: overrides.vaultDns ?? fake.dns,
    vaultUrl: fake.url,
    username: overrides.username ?? FAKE_USER,
    password: overrides.password ?? FAKE_PASSWORD,
  });
  return { get: async () => credentials, refresh: async () => credentials };
};

/** The real gateway over real HTTP against a fake Vault; clock and pacing injectable. */
export const fakeVaultGateway = (fake: FakeVault, options: Partial<VaultGatewayOptions> = {}) => {
  const clock = createManualClock(1_700_000_000_000);
  const gateway = createVaultGateway({
    credentials: fakeVaultCredentials(fake),
    apiVersion: 'v25.2',
    clientId: 'vault-relationship-relay-test',
    timeoutMs: 5_000,
    safetyMarginMs: 1_000,
    pacer: noPacing,
    clock,
    ...options,
  });
  return { gateway, clock };
};
