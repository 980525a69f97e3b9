/**
 * Where the site serves the data set files the playground trains on: copied into `public/` by `scripts/assets.ts`
 * at build time (git-ignored, like the other generated files) and fetched from there by the browser. One module, so
 * the build step and the page agree on the address.
 */
import { getDatasetInfo } from '@initlab/data';

/** The folder under the site root (`docs/public/data/`, beside evidence.json). */
export const SITE_DATA_FOLDER = 'data';

/** Registry sets the site serves a copy of (scikit-learn CSVs, read in the browser with `parseSklearnSet`). */
export const SITE_DATASETS = ['digits'] as const;
export type SiteDatasetId = (typeof SITE_DATASETS)[number];

/** The file name of a served set: its registry file's name, decompressed (e.g. `digits.csv`). */
export function siteDataFile(id: SiteDatasetId): string {
  const file = getDatasetInfo(id).files?.find((f) => f.role === 'data');
  if (file === undefined) throw new Error(`site data: ${id} has no data file in the registry`);
  return file.path;
}
