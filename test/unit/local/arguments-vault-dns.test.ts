import { describe, expect, it } from 'vitest';
import { parseRunArguments, RunUsageError } from '../../../local/run/arguments';

describe('npm start --vault-dns with something that is not a Vault host name', () => {
  it.each([
    'https://acme-sandbox.veevavault.com',
    'acme-sandbox.veevavault.com/api',
    'acme sandbox',
    'localhost',
    '',
  ])('refuses %j before anything starts', (dns) => {
    // prepare
    const argv = ['--vault-dns', dns, '--username', 'relay@acme.com', '--file', 'mine.csv'];

    // act
    const parse = () => parseRunArguments(argv, { VAULT_PASSWORD: 'from-env' });

    // assess
    expect(parse).toThrow(RunUsageError);
    expect(parse).toThrow(/--vault-dns/);
  });
});
