import { describe, expect, it } from 'vitest';
import { useBackend } from './index.js';

describe('useBackend options', () => {
  it('refuses a key it does not read, naming the closest', async () => {
    await expect(useBackend('cpu', { quite: true } as never)).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
      message: 'useBackend: unknown option "quite" (did you mean "quiet"?); allowed: quiet, wasmPaths',
    });
  });
});
