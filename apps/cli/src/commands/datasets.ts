import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { datasetRowsCsv, fetchDataset, getDatasetInfo, listDatasets, loadDataset, writeFileAtomically } from '@initlab/data';
import { trainTestSplitIndices } from '@initlab/preprocess';
import { addDataFlags, dataOptions, type DataFlags } from '../data-flags.js';
import { textTable, useColor } from '../format.js';
import { parseIndexList, previewGrid } from '../preview.js';
import type { Io } from '../io.js';
import { RunError, UsageError } from '../errors.js';
import { parseInteger, parseNumber } from '../parse.js';

interface SplitDataFlags extends DataFlags {
  target?: string;
}

export function registerDatasets(program: Command, io: Io): void {
  const cmd = program.command('datasets').description('the data set registry: list, describe, fetch into the cache, preview images, split to CSV');

  cmd
    .command('list')
    .description('every registered data set, real and synthetic')
    .option('--json', 'print the registry as JSON')
    .addHelpText('after', '\nExamples:\n  initlab datasets list\n  initlab datasets list --json')
    .action((flags: { json?: boolean }) => {
      const infos = listDatasets();
      if (flags.json) return io.stdout(`${JSON.stringify(infos, null, 2)}\n`);
      // Licence texts run to 200 characters; they are in 'datasets info', so the list fits 100 columns.
      const rows = infos.map((i) => [i.id, i.task, i.rows, i.features.length, i.target, i.synthetic ? 'synthetic (embedded)' : 'real (downloaded)']);
      const note = "'initlab datasets info ID' gives the title, licence, citation and where the file comes from.";
      io.stdout(`${textTable(['id', 'task', 'rows', 'features', 'target', 'source'], rows)}\n${note}\n`);
    });

  cmd
    .command('info')
    .argument('<id>', 'data set id')
    .description('provenance, licence, citation, checksum and notes of one data set')
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExamples:\n  initlab datasets info wine-quality-red\n  initlab datasets info spirals --json')
    .action((id: string, flags: { json?: boolean }) => {
      const i = getDatasetInfo(id);
      if (flags.json) return io.stdout(`${JSON.stringify(i, null, 2)}\n`);
      const lines = [
        `${i.id} — ${i.title}`,
        i.description,
        '',
        `task: ${i.task}; ${i.rows} rows; features: ${i.features.join(', ')}; target: ${i.target}`,
        ...(i.targetVariants.length > 1 ? [`targets: ${i.targetVariants.map((t) => t.name).join(', ')}`] : []),
        ...(i.targetVariants[0]?.classes ? [`classes: ${i.targetVariants[0].classes.map((c, k) => `${k} ${c}`).join(', ')}`] : []),
        `licence: ${i.licence}`,
        `citation: ${i.citation}`,
        ...(i.url ? [`address: ${i.url}`, `file: ${i.fileName} (${i.bytes} bytes), SHA-256 ${i.sha256}`] : []),
        ...(i.sampleShape ? [`sample shape: ${i.sampleShape.join(' × ')}${i.pixelMax === undefined ? '' : `; pixel values 0-${i.pixelMax} (preprocess.features pixels divides by ${i.pixelMax})`}`] : []),
        ...(i.predefinedSplit ? [`split: the published ${i.predefinedSplit.trainRows} training / ${i.rows - i.predefinedSplit.trainRows} test rows (split.predefined: true)`] : []),
        ...(i.files ?? []).map(
          (f) => `file: ${f.path}${f.gzip ? '(.gz)' : ''} from ${f.url}; ${f.bytes} bytes${f.gzip ? ' decompressed' : ''}, SHA-256${f.gzip ? ' of the decompressed bytes' : ''} ${f.sha256}`,
        ),
        ...(i.generator ? [`generated: ${i.generator.formula} (default seed ${i.generator.defaultSeed}, ${i.generator.defaultNSamples} rows)`] : []),
        ...i.notes.map((n) => `note: ${n}`),
      ];
      io.stdout(`${lines.join('\n')}\n`);
    });

  addDataFlags(
    cmd
      .command('fetch')
      .argument('<id>', 'a real data set id')
      .description('find or download the file, verify its SHA-256, and keep it in the cache')
      .addHelpText('after', '\nExamples:\n  initlab datasets fetch wine-quality-red\n  initlab datasets fetch boston-housing --data-dir ./data --offline'),
  ).action(async (id: string, flags: DataFlags) => {
    const got = await fetchDataset(id, dataOptions(flags));
    const files = got.files ?? [{ path: got.path, from: got.from }];
    io.stdout(files.map((f) => `${id}: ${f.path} (from ${f.from})\n`).join(''));
  });

  addDataFlags(
    cmd
      .command('preview')
      .argument('<id>', 'an image data set id (mnist, fashion-mnist, digits)')
      .description('draw images of a data set in the terminal (Unicode half blocks) with their index and label')
      .option('--index <list>', 'rows to draw: N, A..B (both included) or a comma list of those', '0..8')
      .addHelpText('after', '\nExamples:\n  initlab datasets preview mnist --index 0..8\n  initlab datasets preview fashion-mnist --index 60000..60005\n  initlab datasets preview digits --index 0,10,20'),
  ).action(async (id: string, flags: DataFlags & { index: string }) => {
    const info = getDatasetInfo(id);
    if (info.sampleShape === undefined) {
      const images = listDatasets().filter((d) => d.sampleShape !== undefined).map((d) => d.id);
      throw new UsageError(`datasets preview draws image data sets; ${id} has no image shape; image sets: ${images.join(', ')}`);
    }
    const data = await loadDataset(id, dataOptions(flags));
    const indices = parseIndexList(flags.index, data.X.rows);
    const split = data.predefinedSplit;
    const caption = (i: number): string => {
      const label = data.classes?.[data.y[i]!] ?? String(data.y[i]);
      const part = split === undefined ? '' : i < split.trainRows ? ' train' : ' test';
      return `#${i}${part} ${label}`;
    };
    io.stdout(previewGrid(data.X, indices, caption, useColor()));
  });

  addDataFlags(
    cmd
      .command('split')
      .argument('<id>', 'data set id')
      .description('write the scikit-learn-exact train/test split as train.csv and test.csv with the original row index')
      .requiredOption('--out <dir>', 'output folder')
      .option('--test-size <fraction>', 'test share in (0, 1)', '0.2')
      .option('--random-state <n>', 'seed of the split, as train_test_split(random_state=…)', '42')
      .option('--target <variant>', "target variant, e.g. quality for wine's regression target")
      .addHelpText('after', '\nExamples:\n  initlab datasets split boston-housing --out split/ --test-size 0.2 --random-state 42'),
  ).action(async (id: string, flags: SplitDataFlags & { out: string; testSize: string; randomState: string }) => {
    const testSize = parseNumber('--test-size', flags.testSize, { min: 0, max: 1, minInclusive: false, maxInclusive: false });
    const randomState = parseInteger('--random-state', flags.randomState, { allowZero: true });
    const data = await loadDataset(id, { ...dataOptions(flags), ...(flags.target ? { target: flags.target } : {}) });
    const { train, test } = trainTestSplitIndices(data.X.rows, { testSize, randomState });
    const out = path.resolve(flags.out);
    try {
      await fs.mkdir(out, { recursive: true });
      await writeFileAtomically(path.join(out, 'train.csv'), datasetRowsCsv(data, train));
      await writeFileAtomically(path.join(out, 'test.csv'), datasetRowsCsv(data, test));
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new UsageError(`--out ${out} is a file, not a folder; choose a folder for train.csv and test.csv`, { cause });
      }
      throw new RunError(`cannot write the split to ${out}: ${(cause as Error).message}; choose a writable --out folder`, { cause });
    }
    io.stdout(`${id}: ${train.length} train / ${test.length} test rows → ${path.join(out, 'train.csv')}, ${path.join(out, 'test.csv')}\n`);
  });
}
