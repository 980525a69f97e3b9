import { rankByCloseness } from '@initlab/errors';
import { DataError } from './errors.js';
import { DEFAULT_SYNTHETIC_SEED, SYNTHETIC_DEFAULTS } from './synthetic.js';
import type { DatasetInfo } from './types.js';

/**
 * Id of the data set the CLI's main job uses when none is named: the synthetic two-class
 * spirals, generated in code (no download) and hard enough for initialization to matter.
 *
 * @example
 * ```ts
 * const ds = await loadDataset(DEFAULT_DATASET_ID); // 600 rows, 2 features, binary
 * ```
 */
export const DEFAULT_DATASET_ID = 'spirals';

const WINE_FEATURES = [
  'fixed acidity',
  'volatile acidity',
  'citric acid',
  'residual sugar',
  'chlorides',
  'free sulfur dioxide',
  'total sulfur dioxide',
  'density',
  'pH',
  'sulphates',
  'alcohol',
];

const SYNTHETIC_LICENCE = 'Generated in code by @initlab/data (MIT); no third-party data.';

const REGISTRY: readonly DatasetInfo[] = [
  {
    id: 'boston-housing',
    title: 'Boston housing (Udacity MLND variant)',
    description:
      'Median home values of 489 Boston-area census tracts from three features: average rooms per dwelling (RM), ' +
      'percentage of lower-status population (LSTAT) and pupil-teacher ratio (PTRATIO). The file the Boston seed notebook uses.',
    task: 'regression',
    rows: 489,
    features: ['RM', 'LSTAT', 'PTRATIO'],
    target: 'MEDV',
    targetVariants: [{ name: 'MEDV', task: 'regression', description: 'Median home value in dollars (original MEDV × 21,000).' }],
    licence:
      'No explicit licence: public research data (Harrison & Rubinfeld 1978, distributed by StatLib and the UCI repository); ' +
      'this derived file is published in Udacity\'s public "machine-learning" repository.',
    citation:
      'D. Harrison and D. L. Rubinfeld, "Hedonic housing prices and the demand for clean air", ' +
      'Journal of Environmental Economics and Management 5(1):81-102, 1978; variant from the Udacity Machine Learning Nanodegree (MLND) boston_housing project.',
    notes: [
      'Provenance: the 1978 Boston housing data (506 census tracts of the 1970 census) of Harrison & Rubinfeld, distributed through StatLib (Carnegie Mellon) and the UCI repository.',
      'The Udacity MLND variant drops the 16 rows whose MEDV is censored at the original cap of 50.0 and one outlier (RM 8.78), leaving 489 rows.',
      'It keeps 3 of the 13 features (RM, LSTAT, PTRATIO) and scales MEDV by 21,000 to account for about 35 years of inflation (MEDV mean 454,342.9).',
      "It omits the original's `B` column, 1000(Bk - 0.63)^2 of the share Bk of Black residents, built on an assumption of racial self-segregation; this ethically contested column is why scikit-learn deprecated `load_boston` in 1.0 and removed it in 1.2.",
      'Comma-separated with an unquoted header and LF line ends.',
    ],
    synthetic: false,
    url: 'https://raw.githubusercontent.com/udacity/machine-learning/master/projects/boston_housing/housing.csv',
    fileName: 'housing.csv',
    sha256: '2382fadd49b76e0fbe0c168fa71381d892e56130a6c3b4a3dc14da4931dc2124',
    bytes: 12_435,
    parser: { delimiter: ',', targetColumn: 'MEDV', features: ['RM', 'LSTAT', 'PTRATIO'], quotedHeader: false, lineEnding: 'LF' },
  },
  {
    id: 'wine-quality-red',
    title: 'Wine Quality (red)',
    description:
      'Physicochemical tests (11 features) and a sensory quality score (0-10, observed 3-8) of 1,599 red Portuguese "Vinho Verde" wines. ' +
      'The file the wine seed notebook uses; by default the target is binarised as good (quality >= 6) or bad.',
    task: 'binary',
    rows: 1599,
    features: WINE_FEATURES,
    target: 'quality-binary',
    targetVariants: [
      {
        name: 'quality-binary',
        task: 'binary',
        description: 'good when quality >= 6 (855 rows), else bad (744 rows); LabelEncoder codes bad = 0, good = 1. The seed notebook\'s target.',
        classes: ['bad', 'good'],
      },
      { name: 'quality', task: 'regression', description: 'The quality score itself (3-8) as a number.' },
      {
        name: 'quality-class',
        task: 'multiclass',
        description: 'Each distinct quality score is a class, coded in sorted order: "3" = 0 ... "8" = 5 (10, 53, 681, 638, 199, 18 rows).',
        classes: ['3', '4', '5', '6', '7', '8'],
      },
    ],
    licence: 'CC BY 4.0',
    citation:
      'P. Cortez, A. Cerdeira, F. Almeida, T. Matos and J. Reis, "Modeling wine preferences by data mining from physicochemical properties", ' +
      'Decision Support Systems 47(4):547-553, 2009. UCI Machine Learning Repository, doi:10.24432/C56S3T.',
    notes: [
      'The file holds 240 rows that exactly repeat an earlier row (1,359 distinct rows). They are kept by default, as pandas and the seed notebook keep them (the published split facts depend on them); pass dropDuplicates: true to keep only the first of each.',
      'Semicolon-separated with a quoted header and LF line ends.',
    ],
    synthetic: false,
    url: 'https://archive.ics.uci.edu/ml/machine-learning-databases/wine-quality/winequality-red.csv',
    fileName: 'winequality-red.csv',
    sha256: '4a402cf041b025d4566d954c3b9ba8635a3a8a01e039005d97d6a710278cf05e',
    bytes: 84_199,
    parser: { delimiter: ';', targetColumn: 'quality', features: WINE_FEATURES, quotedHeader: true, lineEnding: 'LF' },
  },
  {
    id: 'spirals',
    title: 'Two spirals (synthetic)',
    description: `Two interleaved spiral arms, one per class, ${SYNTHETIC_DEFAULTS.spirals.turns} turns each; a hard non-linear two-class set. The CLI's default data set.`,
    task: 'binary',
    rows: SYNTHETIC_DEFAULTS.spirals.nSamples,
    features: ['x0', 'x1'],
    target: 'label',
    targetVariants: [{ name: 'label', task: 'binary', description: 'Arm index (0 or 1); 300 rows each at the default size.', classes: ['0', '1'] }],
    licence: SYNTHETIC_LICENCE,
    citation: 'Two-spirals benchmark after K. J. Lang and M. J. Witbrock, "Learning to tell two spirals apart", Proceedings of the 1988 Connectionist Models Summer School.',
    notes: [
      'Generated from a seed with @initlab/random (default seed 42): the same seed and size give the same rows everywhere.',
      'Arm 0 gets floor(n/2) rows, arm 1 the rest; rows are shuffled.',
    ],
    synthetic: true,
    generator: {
      formula: 'arm c, point i of m: t = (i + 0.5)/m, r = t, θ = 2π·turns·t + cπ; x = (r cos θ, r sin θ) + N(0, noise²) per coordinate',
      defaultSeed: DEFAULT_SYNTHETIC_SEED,
      defaultNSamples: SYNTHETIC_DEFAULTS.spirals.nSamples,
      parameters: { noise: SYNTHETIC_DEFAULTS.spirals.noise, turns: SYNTHETIC_DEFAULTS.spirals.turns },
    },
  },
  {
    id: 'moons',
    title: 'Two moons (synthetic)',
    description: 'Two interleaving half circles with Gaussian noise (scikit-learn make_moons construction); a gently non-linear two-class set.',
    task: 'binary',
    rows: SYNTHETIC_DEFAULTS.moons.nSamples,
    features: ['x0', 'x1'],
    target: 'label',
    targetVariants: [{ name: 'label', task: 'binary', description: 'Moon index (0 = upper, 1 = lower); 250 rows each at the default size.', classes: ['0', '1'] }],
    licence: SYNTHETIC_LICENCE,
    citation: 'Construction of scikit-learn\'s sklearn.datasets.make_moons (Pedregosa et al., "Scikit-learn: Machine Learning in Python", JMLR 12, 2011).',
    notes: [
      'Generated from a seed with @initlab/random (default seed 42); the numbers differ from scikit-learn\'s, the construction is the same.',
      'Class 0 gets floor(n/2) rows, class 1 the rest; rows are shuffled.',
    ],
    synthetic: true,
    generator: {
      formula: 'class 0: (cos t, sin t); class 1: (1 − cos t, 0.5 − sin t); t = linspace(0, π) per class; + N(0, noise²) per coordinate',
      defaultSeed: DEFAULT_SYNTHETIC_SEED,
      defaultNSamples: SYNTHETIC_DEFAULTS.moons.nSamples,
      parameters: { noise: SYNTHETIC_DEFAULTS.moons.noise },
    },
  },
  {
    id: 'blobs',
    title: 'Gaussian blobs (synthetic)',
    description: 'Three isotropic Gaussian clusters in 2 dimensions, one class each (scikit-learn make_blobs construction); a multiclass set.',
    task: 'multiclass',
    rows: SYNTHETIC_DEFAULTS.blobs.nSamples,
    features: ['x0', 'x1'],
    target: 'label',
    targetVariants: [{ name: 'label', task: 'multiclass', description: 'Cluster index 0-2; 200 rows each at the default size.', classes: ['0', '1', '2'] }],
    licence: SYNTHETIC_LICENCE,
    citation: 'Construction of scikit-learn\'s sklearn.datasets.make_blobs (Pedregosa et al., "Scikit-learn: Machine Learning in Python", JMLR 12, 2011).',
    notes: [
      'Generated from a seed with @initlab/random (default seed 42): centres uniform in [-10, 10]², cluster standard deviation 1.',
      'Cluster k gets floor(n/3) rows plus one if k < n mod 3; rows are shuffled. Clusters can overlap for some seeds, as in scikit-learn.',
    ],
    synthetic: true,
    generator: {
      formula: 'centre_k ~ U(low, high)^d; row = centre_k + N(0, clusterStd²) per coordinate',
      defaultSeed: DEFAULT_SYNTHETIC_SEED,
      defaultNSamples: SYNTHETIC_DEFAULTS.blobs.nSamples,
      parameters: {
        centers: SYNTHETIC_DEFAULTS.blobs.centers,
        nFeatures: SYNTHETIC_DEFAULTS.blobs.nFeatures,
        clusterStd: SYNTHETIC_DEFAULTS.blobs.clusterStd,
        centerBoxLow: SYNTHETIC_DEFAULTS.blobs.centerBoxLow,
        centerBoxHigh: SYNTHETIC_DEFAULTS.blobs.centerBoxHigh,
      },
    },
  },
  {
    id: 'friedman1',
    title: 'Friedman #1 (synthetic)',
    description: 'Regression on 10 uniform features of which 5 matter, through a sine interaction, a quadratic and two linear terms (scikit-learn make_friedman1 formula).',
    task: 'regression',
    rows: SYNTHETIC_DEFAULTS.friedman1.nSamples,
    features: Array.from({ length: SYNTHETIC_DEFAULTS.friedman1.nFeatures }, (_, j) => `x${j}`),
    target: 'y',
    targetVariants: [{ name: 'y', task: 'regression', description: 'y = 10 sin(π x0 x1) + 20 (x2 − 0.5)² + 10 x3 + 5 x4 + N(0, 1).' }],
    licence: SYNTHETIC_LICENCE,
    citation: 'J. H. Friedman, "Multivariate Adaptive Regression Splines", The Annals of Statistics 19(1):1-67, 1991.',
    notes: [
      'Generated from a seed with @initlab/random (default seed 42); features x5..x9 are independent of y (distractors).',
      'Noise standard deviation 1, as in Friedman (1991); the noise-free target has mean about 14.4 and lies in [0, 30).',
    ],
    synthetic: true,
    generator: {
      formula: 'x ~ U[0, 1)^p; y = 10 sin(π x0 x1) + 20 (x2 − 0.5)² + 10 x3 + 5 x4 + noise · N(0, 1)',
      defaultSeed: DEFAULT_SYNTHETIC_SEED,
      defaultNSamples: SYNTHETIC_DEFAULTS.friedman1.nSamples,
      parameters: { nFeatures: SYNTHETIC_DEFAULTS.friedman1.nFeatures, noise: SYNTHETIC_DEFAULTS.friedman1.noise },
    },
  },
];

/**
 * Every registry data set (copies; editing them changes nothing), real files first.
 *
 * @example
 * ```ts
 * for (const info of listDatasets()) console.log(info.id, info.task, info.rows);
 * ```
 */
export function listDatasets(): DatasetInfo[] {
  return REGISTRY.map((info) => structuredClone(info));
}

/**
 * The registry entry of `id` (a copy). An unknown id throws a `DataError` with code
 * `UNKNOWN_DATASET` listing the closest known ids first.
 *
 * @example
 * ```ts
 * getDatasetInfo('boston-housing').sha256; // '2382fadd…'
 * getDatasetInfo('wine'); // throws: unknown data set "wine"; known, closest first: wine-quality-red, ...
 * ```
 */
export function getDatasetInfo(id: string): DatasetInfo {
  return structuredClone(registryEntry('getDatasetInfo', id));
}

/** The stored (shared, never handed out) entry; `fn` names the caller in the error. */
export function registryEntry(fn: string, id: string): DatasetInfo {
  const info = REGISTRY.find((entry) => entry.id === id);
  if (info !== undefined) return info;
  // Every id, closest first: the list is short, and a user reads names, not a function to call.
  const ranked = rankByCloseness(String(id), REGISTRY.map((entry) => entry.id));
  throw new DataError('UNKNOWN_DATASET', `${fn}: unknown data set ${JSON.stringify(id)}; known, closest first: ${ranked.join(', ')}`);
}
