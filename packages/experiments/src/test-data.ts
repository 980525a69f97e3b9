import { useBackend } from '@initlab/backends';
import * as tf from '@tensorflow/tfjs-core';
import { fileURLToPath } from 'node:url';

/** The reference data files for tests: `INITLAB_DATA_DIR`, else `<repo>/../shared/datasets`. */
export const TEST_DATA_DIR: string =
  process.env['INITLAB_DATA_DIR'] ?? fileURLToPath(new URL('../../../../shared/datasets/', import.meta.url));

/** Runs `work` on the cpu backend and counts the tfjs tensors alive before and after it, so a test can prove none leaked. */
export async function countTensorsAround(work: () => Promise<void>): Promise<{ tensorsBefore: number; tensorsAfter: number }> {
  await useBackend('cpu');
  const tensorsBefore = tf.memory().numTensors;
  await work();
  return { tensorsBefore, tensorsAfter: tf.memory().numTensors };
}
