import { expectGoldenWat } from '@initlab/wasm/wat';
import { it } from 'vitest';
import { buildDenseModule } from './dense-wasm.js';

it('the dense module disassembles to dense-wasm.wat', async () => {
  await expectGoldenWat(buildDenseModule(), './dense-wasm.wat');
});
