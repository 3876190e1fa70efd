import { describe, expect, it } from 'vitest';
import { runDlqInspect } from '../../../cli/commands/dlq-inspect';
import type { EmbeddedSqs } from '../../../local/embedded-sqs';
import { aRelationshipBody, aRelayFailure, putDeadLetter } from '../../support/dead-letter-builder';
import { embeddedSqsForSuite } from '../../support/embedded-sqs-suite';
import { memoryIo } from '../../support/memory-io';

const ESC = '\u001b';

describe('relay dlq inspect printing text that came off the queue', () => {
  let sqs: EmbeddedSqs;

  embeddedSqsForSuite((started) => {
    sqs = started;
  });

  it('shows control characters escaped, so a dead letter cannot rewrite or hide lines on the terminal', async () => {
    // prepare: terminal escapes and a carriage return in the body, the code and the reason
    const pair = await sqs.createQueuePair({ name: 'hostile-text', maxReceiveCount: 8 });
    await putDeadLetter(sqs.client, pair.dlqUrl, {
      body: aRelationshipBody(548, { relationship_type__v: `x${ESC}[2J${ESC}[1;1H` }),
      failure: aRelayFailure({
        code: `FAKE${ESC}[8m`,
        message: `first\r${ESC}[2Kall good\nsecond line`,
      }),
    });
    const io = memoryIo();

    // act
    await runDlqInspect(
      { dlqUrl: pair.dlqUrl, samples: 1, json: false, visibilityTimeoutSeconds: 30, waitTimeSeconds: 0 },
      { sqs: sqs.client, io },
    );

    // assess
    const out = io.stdout.text();
    expect(out).not.toContain(ESC);
    expect(out).not.toContain('\r');
    expect(out).toContain('first\\u000d\\u001b[2Kall good\\u000asecond line');
    expect(out).toContain('FAKE\\u001b[8m');
  });
});
