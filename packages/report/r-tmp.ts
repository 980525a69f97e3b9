import { readResults } from '@initlab/results';
import { renderReport } from '@initlab/report';
import fs from 'node:fs';
const dir = process.argv[2]!;
const { meta, results, warnings } = await readResults(dir);
const { html } = await renderReport({ meta, results, warnings });
fs.writeFileSync(process.argv[3]!, html);
