import { describe, expect, it } from 'vitest';
import { inspectFolder, readResults, ResultStore } from './store.js';

describe('unknown options', () => {
  it('are refused by readResults, inspectFolder and ResultStore.open before touching the folder', async () => {
    await expect(readResults('/no/such/folder', { planRunId: () => null } as never)).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      message: 'readResults: unknown option "planRunId" (did you mean "planRunIds"?); allowed: planRunIds',
    });
    await expect(inspectFolder('/no/such/folder', { name: 'x' }, { replac: true } as never)).rejects.toMatchObject({
      message: expect.stringMatching(/^inspectFolder: unknown option "replac" \(did you mean "replace"\?\); allowed: optionStyle, planChange, replace, resume$/),
    });
    await expect(ResultStore.open('/no/such/folder', { name: 'x' }, true, { resume: true } as never)).rejects.toMatchObject({
      message: 'ResultStore.open: unknown option "resume"; allowed: optionStyle, planChange, replace',
    });
  });
});
