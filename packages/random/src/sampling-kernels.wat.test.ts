import { expectGoldenWat } from '@initlab/wasm/wat';
import { it } from 'vitest';
import { buildSamplingModule } from './sampling-kernels.js';

it('the sampling module disassembles to sampling-kernels.wat', async () => {
  await expectGoldenWat(buildSamplingModule(), './sampling-kernels.wat');
});
