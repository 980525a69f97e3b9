// Every suite `pnpm bench` runs, in order. Add a suite by importing it and appending it here.
import type { Suite } from '../harness.js';
import { dataSuite } from './data.js';
import { papersSuite } from './papers.js';
import { residualSuite } from './residual.js';
import { samplingSuite } from './sampling.js';
import { scalingSuite } from './scaling.js';
import { trainingSuite } from './training.js';

/** The registered suites. */
export const suites: Suite[] = [samplingSuite, trainingSuite, scalingSuite, residualSuite, dataSuite, papersSuite];
