import { describe, expect, it } from 'vitest';
import { DEFAULT_FILE, parseRunArguments } from '../../../local/run/arguments';

describe('parseRunArguments', () => {
  it('defaults to the example file and the fake Vault', () => {
    const { options } = parseRunArguments([], {});

    expect(options).toMatchObject({
      file: DEFAULT_FILE,
      json: false,
      vault: { kind: 'fake', faultRate: 0 },
      maxAttempts: 5,
      concurrency: 2,
      batchSize: 10,
      replayCode: 'VAULT_INVALID_DATA',
    });
  });

  it('points at a real sandbox Vault with the password from the environment', () => {
    const argv = [
      '--vault-dns',
      'acme-sandbox.veevavault.com',
      '--username',
      'relay@acme.com',
      '--file',
      'mine.csv',
    ];

    const { options } = parseRunArguments(argv, { VAULT_PASSWORD: 'from-env' });

    expect(options.vault).toEqual({
      kind: 'real',
      dns: 'acme-sandbox.veevavault.com',
      username: 'relay@acme.com',
      password: 'from-env',
    });
  });

  it.each([
    [
      'a real Vault without a password',
      ['--vault-dns', 'v.veevavault.com', '--username', 'u', '--file', 'f.csv'],
      {},
      /VAULT_PASSWORD/,
    ],
    [
      'a real Vault with the example file',
      ['--vault-dns', 'v.veevavault.com', '--username', 'u'],
      { VAULT_PASSWORD: 'p' },
      /--file/,
    ],
    ['a user without a Vault', ['--username', 'u'], {}, /go together/],
    [
      'a big batch without a window',
      ['--batch-size', '50', '--batching-window-ms', '0'],
      {},
      /at least 1000/,
    ],
    ['a fault rate above 1', ['--fault-rate', '2'], {}, /from 0 to 1/],
    ['an unknown flag', ['--nope'], {}, /unknown option/],
  ])('refuses %s', (_, argv, env, reason) => {
    const parse = () => parseRunArguments(argv, env);

    expect(parse).toThrow(reason);
  });
});
