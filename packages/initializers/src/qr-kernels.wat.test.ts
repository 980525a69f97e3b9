import { expectGoldenWat } from '@initlab/wasm/wat';
import { it } from 'vitest';
import { buildReflectModule } from './qr-kernels.js';

it('the reflect module disassembles to qr-kernels.wat', async () => {
  await expectGoldenWat(buildReflectModule(), './qr-kernels.wat');
});
