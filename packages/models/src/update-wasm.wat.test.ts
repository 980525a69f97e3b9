import { expectGoldenWat } from '@initlab/wasm/wat';
import { it } from 'vitest';
import { buildUpdateModule } from './update-wasm.js';

it('the update module disassembles to update-wasm.wat', async () => {
  await expectGoldenWat(buildUpdateModule(), './update-wasm.wat');
});
