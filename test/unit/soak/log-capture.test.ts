import { Console } from 'node:console';
import { afterEach, describe, expect, it } from 'vitest';
import { type LogCapture, startLogCapture } from '../../../local/soak/log-capture';

describe('startLogCapture', () => {
  let capture: LogCapture | undefined;
  afterEach(() => {
    capture?.stop();
    capture = undefined;
  });

  it('captures the global console, a Console bound to the streams (as Powertools uses) and raw writes', () => {
    // prepare
    capture = startLogCapture();
    const bound = new Console({ stdout: process.stdout, stderr: process.stderr });

    // act
    console.log('from console.log');
    console.error('from console.error');
    bound.info('{"level":"INFO","message":"from a bound Console"}');
    process.stdout.write('partial ');
    process.stdout.write(Buffer.from('line\n'));
    process.stderr.write('unterminated');
    const lines = capture.stop();
    capture = undefined;

    // assess
    expect(lines).toEqual([
      'from console.log',
      'from console.error',
      '{"level":"INFO","message":"from a bound Console"}',
      'partial line',
      'unterminated',
    ]);
  });

  it('restores the streams on stop', () => {
    // prepare
    const original = process.stdout.write;
    const originalLog = console.log;
    capture = startLogCapture();

    // act
    capture.stop();
    capture = undefined;

    // assess
    expect(process.stdout.write).toBe(original);
    expect(console.log).toBe(originalLog);
  });
});
