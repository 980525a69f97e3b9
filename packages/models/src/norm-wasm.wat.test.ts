import { expectGoldenWat } from '@initlab/wasm/wat';
import { it } from 'vitest';
import { buildNormModule } from './norm-wasm.js';

it('the norm module disassembles to norm-wasm.wat', async () => {
  await expectGoldenWat(buildNormModule(), './norm-wasm.wat');
});
