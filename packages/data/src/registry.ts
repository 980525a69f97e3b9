import { rankByCloseness } from '@initlab/errors';
import { DataError } from './errors.js';
import { DEFAULT_SYNTHETIC_SEED, SYNTHETIC_DEFAULTS } from './synthetic.js';
import type { DatasetFile, DatasetInfo } from './types.js';

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

const MNIST_URL = 'https://storage.googleapis.com/cvdf-datasets/mnist/';
const FASHION_URL = 'https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/';
const SKLEARN_URL = 'https://raw.githubusercontent.com/scikit-learn/scikit-learn/1.2.1/sklearn/datasets/data/';
const IMAGE_SIZES = { trainImages: 47_040_016, trainLabels: 60_008, testImages: 7_840_016, testLabels: 10_008 } as const;

/** The four IDX files of an MNIST-style set, under `<folder>/` in the data folder and the cache. */
function idxFiles(folder: string, url: string, sha256: { trainImages: string; trainLabels: string; testImages: string; testLabels: string }): DatasetFile[] {
  const file = (role: DatasetFile['role'], name: string, key: keyof typeof IMAGE_SIZES): DatasetFile => ({
    role,
    path: `${folder}/${name}`,
    url: `${url}${name}.gz`,
    gzip: true,
    sha256: sha256[key],
    bytes: IMAGE_SIZES[key],
  });
  return [
    file('train-images', 'train-images-idx3-ubyte', 'trainImages'),
    file('train-labels', 'train-labels-idx1-ubyte', 'trainLabels'),
    file('test-images', 't10k-images-idx3-ubyte', 'testImages'),
    file('test-labels', 't10k-labels-idx1-ubyte', 'testLabels'),
  ];
}

/** `pixel_<row>_<col>` for an h × w image, row-major (scikit-learn's digits names). */
const pixelNames = (h: number, w: number): string[] => Array.from({ length: h * w }, (_, k) => `pixel_${Math.floor(k / w)}_${k % w}`);

const DIGIT_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
/** Fashion-MNIST's class names for labels 0–9, from its README. */
const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const IDX_NOTES = [
  'Four gzip-compressed IDX files (training images and labels, test images and labels). The SHA-256 checked is that of the decompressed bytes, because the same content compresses to different gzip bytes; the data folder may hold the .gz or the uncompressed file.',
  'Loaded as one Float32Array matrix of 70,000 × 784 raw pixel values 0–255 (training rows first, then test rows) with sample shape [28, 28, 1]; the official split is predefinedSplit.trainRows = 60,000 (use split.predefined: true in an experiment). Scale pixels to [0, 1] by dividing by 255 (the Keras convention) in preprocessing.',
];
const SKLEARN_NOTE =
  'The file as scikit-learn 1.2.1 ships it in sklearn/datasets/data (checked against the copy in Debian\'s python3-sklearn 1.2.1); a copy downloaded from the scikit-learn repository is verified against the same SHA-256 and refused if it differs.';

const IMAGE_REGISTRY: readonly DatasetInfo[] = [
  {
    id: 'mnist',
    title: 'MNIST handwritten digits',
    description:
      '70,000 grey-scale 28 × 28 images of handwritten digits 0-9 (60,000 training, 10,000 test), size-normalised and centred. The data set of most weight-initialization papers (Glorot & Bengio 2010, He et al. 2015, Saxe et al. 2014).',
    task: 'multiclass',
    rows: 70_000,
    features: pixelNames(28, 28),
    target: 'digit',
    targetVariants: [{ name: 'digit', task: 'multiclass', description: 'The digit shown, 0-9 (class code = digit).', classes: DIGIT_CLASSES }],
    licence:
      'CC BY-SA 3.0, as Keras and TensorFlow Datasets document it; the data set\'s page (Y. LeCun, C. Cortes, C. J. C. Burges) gives the terms of use.',
    citation:
      'Y. LeCun, L. Bottou, Y. Bengio and P. Haffner, "Gradient-based learning applied to document recognition", Proceedings of the IEEE 86(11):2278-2324, 1998; ' +
      'Y. LeCun, C. Cortes and C. J. C. Burges, "The MNIST database of handwritten digits", http://yann.lecun.com/exdb/mnist/.',
    notes: [...IDX_NOTES, 'Public copies from the mirror TensorFlow Datasets uses (storage.googleapis.com/cvdf-datasets/mnist).'],
    synthetic: false,
    format: 'idx',
    sampleShape: [28, 28, 1],
    pixelMax: 255,
    predefinedSplit: { trainRows: 60_000 },
    files: idxFiles('mnist', MNIST_URL, {
      trainImages: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
      trainLabels: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
      testImages: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
      testLabels: 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
    }),
  },
  {
    id: 'fashion-mnist',
    title: 'Fashion-MNIST',
    description:
      '70,000 grey-scale 28 × 28 images of Zalando clothing articles in 10 classes (60,000 training, 10,000 test): a drop-in replacement for MNIST that is harder to classify.',
    task: 'multiclass',
    rows: 70_000,
    features: pixelNames(28, 28),
    target: 'article',
    targetVariants: [
      {
        name: 'article',
        task: 'multiclass',
        description: 'The article class, coded as in the files (not sorted by name): 0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal, 6 Shirt, 7 Sneaker, 8 Bag, 9 Ankle boot.',
        classes: FASHION_CLASSES,
      },
    ],
    licence: 'MIT (Zalando SE)',
    citation: 'H. Xiao, K. Rasul and R. Vollgraf, "Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine Learning Algorithms", arXiv:1708.07747, 2017.',
    notes: [...IDX_NOTES, 'Class codes are the files\' labels, with the class names from the Fashion-MNIST README (not LabelEncoder\'s sorted order).'],
    synthetic: false,
    format: 'idx',
    sampleShape: [28, 28, 1],
    pixelMax: 255,
    predefinedSplit: { trainRows: 60_000 },
    files: idxFiles('fashion-mnist', FASHION_URL, {
      trainImages: 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
      trainLabels: 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
      testImages: '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
      testLabels: '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
    }),
  },
  {
    id: 'digits',
    title: 'Optical recognition of handwritten digits (scikit-learn load_digits)',
    description:
      '1,797 images of handwritten digits, 8 × 8 pixels with values 0-16 (counts of set pixels in 4 × 4 blocks of 32 × 32 bitmaps): scikit-learn\'s load_digits, small enough to train on in a browser.',
    task: 'multiclass',
    rows: 1797,
    features: pixelNames(8, 8),
    target: 'digit',
    targetVariants: [{ name: 'digit', task: 'multiclass', description: 'The digit shown, 0-9 (class code = digit).', classes: DIGIT_CLASSES }],
    licence: 'CC BY 4.0',
    citation: 'E. Alpaydin and C. Kaynak, "Optical Recognition of Handwritten Digits", UCI Machine Learning Repository, 1998, doi:10.24432/C50P49.',
    notes: [
      'The test part of the UCI data set, as scikit-learn ships it (digits.csv.gz: 64 pixel values and the label per row, no header).',
      SKLEARN_NOTE,
      'The SHA-256 checked is that of the decompressed CSV; the data folder may hold digits.csv.gz or digits.csv. Loaded as a Float32Array matrix with sample shape [8, 8, 1].',
    ],
    synthetic: false,
    format: 'sklearn-csv',
    sampleShape: [8, 8, 1],
    pixelMax: 16,
    files: [{ role: 'data', path: 'digits.csv', url: `${SKLEARN_URL}digits.csv.gz`, gzip: true, sha256: '6ebb3d2fee246a4e99363262ddf8a00a3c41bee6014c373ed9d9216ba7f651b8', bytes: 264_712 }],
  },
  {
    id: 'iris',
    title: 'Iris (scikit-learn load_iris)',
    description: 'Sepal and petal length and width (cm) of 150 iris flowers, 50 of each of three species: setosa, versicolor and virginica.',
    task: 'multiclass',
    rows: 150,
    features: ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'],
    target: 'species',
    targetVariants: [{ name: 'species', task: 'multiclass', description: 'The species: 0 setosa, 1 versicolor, 2 virginica (50 rows each).', classes: ['setosa', 'versicolor', 'virginica'] }],
    licence: 'CC BY 4.0',
    citation: 'R. A. Fisher, "The use of multiple measurements in taxonomic problems", Annals of Eugenics 7(2):179-188, 1936; UCI Machine Learning Repository, doi:10.24432/C56C76.',
    notes: ['iris.csv: a header line "150,4,setosa,versicolor,virginica", then 4 features and the class index per row.', SKLEARN_NOTE],
    synthetic: false,
    format: 'sklearn-csv',
    files: [{ role: 'data', path: 'iris.csv', url: `${SKLEARN_URL}iris.csv`, gzip: false, sha256: 'f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449', bytes: 2734 }],
  },
  {
    id: 'breast-cancer',
    title: 'Breast Cancer Wisconsin (Diagnostic) (scikit-learn load_breast_cancer)',
    description: '30 features of cell nuclei computed from images of fine-needle aspirates of 569 breast masses, diagnosed malignant (212) or benign (357).',
    task: 'binary',
    rows: 569,
    features: [
      'mean radius', 'mean texture', 'mean perimeter', 'mean area', 'mean smoothness', 'mean compactness', 'mean concavity',
      'mean concave points', 'mean symmetry', 'mean fractal dimension', 'radius error', 'texture error', 'perimeter error',
      'area error', 'smoothness error', 'compactness error', 'concavity error', 'concave points error', 'symmetry error',
      'fractal dimension error', 'worst radius', 'worst texture', 'worst perimeter', 'worst area', 'worst smoothness',
      'worst compactness', 'worst concavity', 'worst concave points', 'worst symmetry', 'worst fractal dimension',
    ],
    target: 'diagnosis',
    targetVariants: [
      { name: 'diagnosis', task: 'binary', description: 'The diagnosis as scikit-learn codes it: 0 malignant (212 rows), 1 benign (357 rows).', classes: ['malignant', 'benign'] },
    ],
    licence: 'CC BY 4.0',
    citation:
      'W. Wolberg, O. Mangasarian, N. Street and W. Street, "Breast Cancer Wisconsin (Diagnostic)", UCI Machine Learning Repository, 1993, doi:10.24432/C5DW2B; ' +
      'W. N. Street, W. H. Wolberg and O. L. Mangasarian, "Nuclear feature extraction for breast tumor diagnosis", IS&T/SPIE Biomedical Image Processing and Biomedical Visualization 1905:861-870, 1993.',
    notes: [
      'breast_cancer.csv: a header line "569,30,malignant,benign", then 30 features and the class index per row.',
      'Class codes are scikit-learn\'s (0 malignant, 1 benign), not LabelEncoder\'s sorted order (which would make benign 0).',
      SKLEARN_NOTE,
    ],
    synthetic: false,
    format: 'sklearn-csv',
    files: [{ role: 'data', path: 'breast_cancer.csv', url: `${SKLEARN_URL}breast_cancer.csv`, gzip: false, sha256: 'fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed', bytes: 119_913 }],
  },
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
  ...IMAGE_REGISTRY,
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
