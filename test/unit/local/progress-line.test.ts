import { describe, expect, it } from 'vitest';
import { createProgressLine } from '../../../local/run/report';
import { MemoryStream } from '../../support/memory-io';

describe('createProgressLine', () => {
  it('in a log, ends a phase with its final state even when the last update fell inside the 2 s throttle', () => {
    const stream = new MemoryStream();
    let now = 0;
    const progress = createProgressLine(stream, false, () => now);

    progress.update('first pass: 0/4 settled');
    now = 500;
    progress.update('first pass: 4/4 settled');
    progress.done();

    expect(stream.text()).toBe('first pass: 0/4 settled\nfirst pass: 4/4 settled\n');
  });

  it('in a log, does not print the final state twice', () => {
    const stream = new MemoryStream();
    let now = 0;
    const progress = createProgressLine(stream, false, () => now);

    progress.update('replay: 0/2 settled');
    now = 3_000;
    progress.update('replay: 2/2 settled');
    progress.done();

    expect(stream.text()).toBe('replay: 0/2 settled\nreplay: 2/2 settled\n');
  });

  it('at a terminal, leaves the final state on screen instead of erasing it', () => {
    const stream = new MemoryStream();
    const progress = createProgressLine(stream, true, () => 0);

    progress.update('replay: 10/18 settled');
    progress.update('replay: 18/18 settled');
    progress.done();

    expect(stream.text().split('\r\x1b[K').at(-1)).toBe('replay: 18/18 settled\n');
  });
});
