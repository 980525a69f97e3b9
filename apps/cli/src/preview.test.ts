import { fromRows, matrix } from '@initlab/matrix';
import { describe, expect, it } from 'vitest';
import { imageLines, parseIndexList, previewGrid } from './preview.js';
import { runCli } from './testing/run-cli.js';

const dataEnv = { INITLAB_DATA_DIR: process.env['INITLAB_DATA_DIR'] ?? '../shared/datasets', INITLAB_OFFLINE: '1' };

describe('half-block drawing', () => {
  // A 3 × 2 image (rows: [9, 0], [0, 9], [9, 9]): two character lines, the last row's lower half blank.
  const m = fromRows([[9, 0, 0, 9, 9, 9]], 'float32', [3, 2, 1]);

  it('without colour: top, bottom, both or neither pixel at half the maximum', () => {
    expect(imageLines(m, 0, false)).toEqual(['▀▄', '▀▀']);
  });

  it('with colour: grey foreground for the top pixel, background for the bottom one', () => {
    const [first] = imageLines(m, 0, true);
    expect(first).toBe('\u001b[38;5;255m\u001b[48;5;232m▀\u001b[38;5;232m\u001b[48;5;255m▀\u001b[0m');
  });

  it('an all-zero image is blank', () => {
    expect(imageLines(matrix(new Float32Array(4), 1, 4, [2, 2, 1]), 0, false)).toEqual(['  ']);
  });

  it('puts images side by side with captions under them', () => {
    const two = fromRows([[9, 9, 9, 9], [0, 0, 9, 9]], 'float32', [2, 2, 1]);
    expect(previewGrid(two, [0, 1], (i) => `#${i}`, false)).toBe('██        ▄▄\n#0        #1\n');
    expect(previewGrid(two, [0, 1], (i) => `#${i}`, false, 12)).toBe('██\n#0\n\n▄▄\n#1\n');
  });
});

describe('--index', () => {
  it('takes N, A..B with both ends included, and comma lists', () => {
    expect(parseIndexList('3', 10)).toEqual([3]);
    expect(parseIndexList('0..8', 10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseIndexList('1..2, 7', 10)).toEqual([1, 2, 7]);
  });
  it('refuses bad forms and rows past the end, in one line', () => {
    expect(() => parseIndexList('a', 10)).toThrow("--index must be N, A..B (both included) or a comma list of those, each in [0, 9], got 'a'");
    expect(() => parseIndexList('0..10', 10)).toThrow('10 is past the last row');
    expect(() => parseIndexList('4..1', 10)).toThrow("'4..1' ends before it starts");
    expect(() => parseIndexList('0..100', 1000)).toThrow('--index selects more than 64 images');
  });
});

describe('initlab datasets preview (the built CLI)', () => {
  it('draws MNIST 0..8 with the split and the labels', async () => {
    const r = await runCli(['datasets', 'preview', 'mnist', '--index', '0..8'], { env: dataEnv });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    // 9 images, 3 to a 100-column band: 3 bands of 14 picture lines and a caption line, a blank line between.
    expect(lines.filter((l) => l.startsWith('#'))).toEqual([
      '#0 train 5                    #1 train 0                    #2 train 4',
      '#3 train 1                    #4 train 9                    #5 train 2',
      '#6 train 1                    #7 train 3                    #8 train 1',
    ]);
    expect(lines).toHaveLength(3 * 15 + 2 + 1);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(100);
    expect(r.stdout).toMatch(/[▀▄█]/);
    expect(r.stdout).not.toContain('\u001b['); // NO_COLOR: no escape codes
  });

  it('names Fashion-MNIST classes and test rows; refuses a tabular set', async () => {
    const f = await runCli(['datasets', 'preview', 'fashion-mnist', '--index', '60000'], { env: dataEnv });
    expect(f.code, f.stderr).toBe(0);
    expect(f.stdout.trimEnd().split('\n').at(-1)).toBe('#60000 test Ankle boot');
    const t = await runCli(['datasets', 'preview', 'iris'], { env: dataEnv });
    expect(t.code).toBe(2);
    expect(t.stderr.trim()).toBe('initlab: datasets preview draws image data sets; iris has no image shape; image sets: mnist, fashion-mnist, digits');
  });
});
