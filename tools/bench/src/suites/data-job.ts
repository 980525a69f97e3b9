// One data-loading job in its own process, so that its peak resident memory is its own: `node --import tsx
// data-job.ts <job>` prints one JSON line { ms, maxRssMb, rows }. Run by the data suite, not by hand.
import { loadDataset } from '@initlab/data';
import { selectRows, toRows, type Matrix } from '@initlab/matrix';
import { PixelScaler, trainTestSplitIndices } from '@initlab/preprocess';

const job = process.argv[2];
const dataDir = process.env['INITLAB_DATA_DIR'];
const t0 = performance.now();
const data = await loadDataset('mnist', { offline: true, ...(dataDir === undefined ? {} : { dataDir }) });
const trainRows = data.predefinedSplit?.trainRows ?? data.X.rows;
let rows = data.X.rows;
if (job === 'load-typed') {
  // Loading alone: the typed matrix as loadDataset returns it.
} else if (job === 'load-rows') {
  // The same values as number[][], the shape the data path had before the typed matrix.
  rows = toRows(data.X).length;
} else if (job === 'prepare-typed' || job === 'prepare-rows') {
  // Scale to [0, 1] and split the training set 80/20, stratified by class, as scikit-learn would.
  const train = Array.from({ length: trainRows }, (_, i) => i);
  const split = trainTestSplitIndices(trainRows, { testSize: 0.2, randomState: 42, stratify: data.y.slice(0, trainRows) });
  if (job === 'prepare-typed') {
    // What prepareData does: gather each part from the typed matrix, fit on the training part, scale both.
    const trainPart = selectRows(data.X, split.train.map((i) => train[i]!));
    const testPart = selectRows(data.X, split.test.map((i) => train[i]!));
    const scaler = new PixelScaler().fit(trainPart);
    const xTrain: Matrix = scaler.transform(trainPart);
    const xTest: Matrix = scaler.transform(testPart);
    rows = xTrain.rows + xTest.rows;
  } else {
    const all = toRows(data.X);
    const scaler = new PixelScaler().fit(split.train.map((i) => all[i]!));
    const xTrain = scaler.transform(split.train.map((i) => all[i]!));
    const xTest = scaler.transform(split.test.map((i) => all[i]!));
    rows = xTrain.length + xTest.length;
  }
} else {
  process.stderr.write(`data-job: unknown job ${JSON.stringify(job)}\n`);
  process.exit(2);
}
const ms = performance.now() - t0;
process.stdout.write(`${JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, rows })}\n`);
