import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import type { RelationshipMessage } from '../../../functions/relationships/message';
import { createSecretsManagerCredentialsSource } from '../../../functions/secrets/secrets-manager-credentials-source';
import { noPacing } from '../../../functions/vault/burst-pacer';
import { LoginCircuitOpenError, VaultCredentialsError } from '../../../functions/vault/vault-errors';
import { createVaultGateway } from '../../../functions/vault/vault-gateway';
import { LOCAL_AWS_CREDENTIALS, LOCAL_REGION } from '../../../local/embedded-sqs';
import { type FakeSecretsManager, startFakeSecretsManager } from '../../../local/fake-secrets-manager';
import { type FakeVault, startFakeVault } from '../../../local/fake-vault';
import { FAKE_PASSWORD, FAKE_USER } from '../../support/fake-vault-gateway';
import { createManualClock } from '../../support/manual-clock';
import { seedRelationshipMessage } from '../../support/sqs-event-builder';
import { callContext } from '../../support/vault-gateway-harness';

const SECRET_ID = 'vault-relationship-relay/vault';
const ROTATED = 'Rotated-Passw0rd#2';
const ROW: RelationshipMessage = seedRelationshipMessage();

let vault: FakeVault | undefined;
let secrets: FakeSecretsManager | undefined;

afterEach(async () => {
  await vault?.stop();
  await secrets?.stop();
  vault = undefined;
  secrets = undefined;
});

const setup = async (password: string) => {
  vault = await startFakeVault({ lockoutAfterFailures: 3 });
  secrets = await startFakeSecretsManager();
  const secret = (value: string) => ({
    vaultDns: vault?.dns,
    vaultUrl: vault?.url,
    username: FAKE_USER,
    password: value,
  });
  secrets.putSecret(SECRET_ID, secret(password));
  const client = new SecretsManagerClient({
    endpoint: secrets.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_AWS_CREDENTIALS,
  });
  const clock = createManualClock(1_700_000_000_000);
  const gateway = createVaultGateway({
    credentials: createSecretsManagerCredentialsSource({ secretId: SECRET_ID, maxAgeSeconds: 300, client }),
    apiVersion: 'v25.2',
    clientId: 'vault-relationship-relay-test',
    timeoutMs: 5_000,
    safetyMarginMs: 1_000,
    pacer: noPacing,
    clock,
    sleep: clock.sleep,
  });
  return {
    vault,
    secrets,
    gateway,
    clock,
    rotateSecret: (value: string) => secrets?.putSecret(SECRET_ID, secret(value)),
  };
};

describe('Vault credentials rotation through Secrets Manager', () => {
  it('recovers from a wrong password once the secret is rotated, without locking the user out', async () => {
    // Prepare
    const { vault, secrets, gateway, clock, rotateSecret } = await setup('Wrong-Passw0rd');

    // Act
    const refused = gateway.createRelationships([ROW], callContext());
    await expect(refused).rejects.toBeInstanceOf(VaultCredentialsError);
    const failuresAfterFirstAttempt = vault.loginFailures(FAKE_USER);
    vault.setPassword(FAKE_USER, ROTATED);
    rotateSecret(ROTATED);
    // Just the 6 s a call needs, none to sit out the open breaker: refused at once.
    const whileOpen = gateway.createRelationships([ROW], callContext(6_000));
    await expect(whileOpen).rejects.toBeInstanceOf(LoginCircuitOpenError);
    clock.advance(30_000);
    const [result] = await gateway.createRelationships([ROW], callContext());

    // Assess
    expect(result?.status).toBe('fulfilled');
    expect(failuresAfterFirstAttempt).toBe(1);
    expect(vault.calls().auth).toBe(2);
    expect(vault.relationships(1776)).toHaveLength(1);
    expect(secrets.reads(SECRET_ID)).toBe(3);
  });

  it('picks up a password rotated in both places with one refused login', async () => {
    // Prepare
    const { vault, gateway, rotateSecret } = await setup(FAKE_PASSWORD);
    await gateway.createRelationships([ROW], callContext());
    vault.setPassword(FAKE_USER, ROTATED);
    rotateSecret(ROTATED);
    vault.injectFaults('create_single', ['invalid_session']);

    // Act
    const [result] = await gateway.createRelationships(
      [{ ...ROW, target_doc_id__v: 550, target_minor_version__v: 1 }],
      callContext(),
    );

    // Assess
    expect(result?.status).toBe('fulfilled');
    expect(vault.calls().auth).toBe(3);
    expect(vault.relationships(1776)).toHaveLength(2);
  });

  it('sends a refused password only once, however long it stays in the secret', async () => {
    // Prepare
    const { vault, gateway, clock } = await setup('Wrong-Passw0rd');

    // Act
    for (let minute = 0; minute < 10; minute += 1) {
      await gateway.createRelationships([ROW], callContext()).catch(() => undefined);
      clock.advance(60_000);
    }

    // Assess
    expect(vault.loginFailures(FAKE_USER)).toBe(1);
    expect(vault.calls().auth).toBe(1);
    expect(vault.relationships()).toEqual([]);
  });
});
