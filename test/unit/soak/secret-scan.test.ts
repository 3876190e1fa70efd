import { describe, expect, it } from 'vitest';
import { findSecrets } from '../../../local/soak/secret-scan';

describe('findSecrets', () => {
  it('finds each secret wherever it sits in a line, once per line', () => {
    // prepare
    const lines = [
      '{"level":"INFO","message":"created","id":12}',
      '{"authorization":"Bearer SESSION-abc123def456"}',
      'password=Old-Passw0rd! and again Old-Passw0rd!',
      'SESSION-zzz999',
    ];
    const secrets = [
      { label: 'password (before rotation)', value: 'Old-Passw0rd!' },
      { label: 'session id #1', value: 'SESSION-abc123def456' },
      { label: 'session id #2', value: 'SESSION-zzz999' },
    ];

    // act
    const findings = findSecrets(lines, secrets);

    // assess
    expect(findings).toEqual([
      { line: 1, label: 'session id #1' },
      { line: 2, label: 'password (before rotation)' },
      { line: 3, label: 'session id #2' },
    ]);
  });

  it('reports nothing for clean lines, near misses and too-short secrets', () => {
    // prepare
    const lines = ['Old-Passw0rd', 'SESSION-abc123def45', 'abc'];
    const secrets = [
      { label: 'password', value: 'Old-Passw0rd!' },
      { label: 'session', value: 'SESSION-abc123def456' },
      { label: 'tiny', value: 'abc' },
    ];

    // act
    const findings = findSecrets(lines, secrets);

    // assess
    expect(findings).toEqual([]);
  });

  it('tells apart secrets of the same length', () => {
    // prepare
    const secrets = Array.from({ length: 500 }, (_, i) => ({
      label: `session id #${i}`,
      value: `sess${String(i).padStart(12, '0')}`,
    }));
    const lines = ['x'.repeat(1000), `prefix sess000000000417 suffix`];

    // act
    const findings = findSecrets(lines, secrets);

    // assess
    expect(findings).toEqual([{ line: 1, label: 'session id #417' }]);
  });
});
