import { z } from 'zod';
import { SecretInvalidError } from './vault-errors';

/** What the client needs from the secret, resolved: where to send requests and which vault must answer. */
export interface VaultCredentials {
  /** The vault the session must belong to (lowercase host name); sent as `vaultDNS` on /auth. */
  vaultDns: string;
  /** Origin requests go to: `https://{vaultDns}` unless the secret's `vaultUrl` overrides it (local runs). */
  baseUrl: string;
  username: string;
  password: string;
  clientId?: string;
}

const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const CLIENT_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Plain http is tolerated only where nothing leaves the machine. */
const isLoopbackHost = (hostname: string): boolean =>
  hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);

const vaultUrl = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: 'must be an absolute URL such as https://myvault.veevavault.com',
    });
    return;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    ctx.addIssue({ code: 'custom', message: 'must use https (plain http only for a loopback host)' });
  }
  if (
    url.username ||
    url.password ||
    url.search ||
    url.hash ||
    (url.pathname !== '/' && url.pathname !== '')
  ) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be a bare origin: no credentials, path, query or fragment',
    });
  }
});

// Secrets often carry extra keys (rotation functions add their own), so unknown keys are ignored.
// Every message is fixed text: a zod default could one day quote the input, and the input is secret.
const secretSchema = z
  .object({
    vaultDns: z
      .string({ error: 'must be a string' })
      .regex(HOST_NAME, 'must be a host name such as myvault.veevavault.com (no scheme or path)')
      .optional(),
    vaultUrl: vaultUrl.optional(),
    username: z.string({ error: 'must be a non-empty string' }).min(1, 'must be a non-empty string'),
    password: z.string({ error: 'must be a non-empty string' }).min(1, 'must be a non-empty string'),
    clientId: z
      .string({ error: 'must be a string' })
      .regex(CLIENT_ID, 'must be 1-100 letters, digits, . _ or -')
      .optional(),
  })
  .refine((secret) => secret.vaultDns !== undefined || secret.vaultUrl !== undefined, {
    path: ['vaultDns'],
    message: 'is required (or vaultUrl)',
  });

/** Validates the decoded secret. Throws SecretInvalidError naming the fields, never their values. */
export const validateVaultCredentials = (value: unknown): VaultCredentials => {
  const result = secretSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => ({
      field: issue.path.join('.') || '(secret)',
      text:
        issue.code === 'invalid_type' && issue.path.length === 0 ? 'must be a JSON object' : issue.message,
    }));
    throw new SecretInvalidError(
      `the Vault secret is invalid: ${problems.map((p) => `${p.field} ${p.text}`).join('; ')}`,
      [...new Set(problems.map((p) => p.field))],
    );
  }
  const secret = result.data;
  const override = secret.vaultUrl === undefined ? undefined : new URL(secret.vaultUrl);
  const vaultDns = (secret.vaultDns ?? override?.hostname ?? '').toLowerCase();
  return {
    vaultDns,
    baseUrl: override?.origin ?? `https://${vaultDns}`,
    username: secret.username,
    password: secret.password,
    ...(secret.clientId === undefined ? {} : { clientId: secret.clientId }),
  };
};

/** Parses the secret string. JSON.parse's own message quotes the input, so it is never passed on. */
export const parseVaultCredentials = (secretString: string): VaultCredentials => {
  let value: unknown;
  try {
    value = JSON.parse(secretString);
  } catch {
    throw new SecretInvalidError('the Vault secret is not valid JSON', ['(secret)']);
  }
  return validateVaultCredentials(value);
};
