import type { Command } from 'commander';
import { HIDDEN_ACTIVATION_NAMES } from '@initlab/models';
import { criticalSigmaW2, meanField, TheoryError, type MeanFieldResult } from '@initlab/theory';
import { UsageError } from '../errors.js';
import { num, textTable } from '../format.js';
import type { Io } from '../io.js';
import { parseChoice, parseNumber } from '../parse.js';

interface FixedPointFlags {
  activation: string;
  sigmaW2: string;
  sigmaB2: string;
  json?: boolean;
}

/** The mean-field quantities as a row of text: what `initlab theory fixed-point` prints. */
function resultRows(result: MeanFieldResult): string[][] {
  return [
    ['q*', num(result.qStar), 'fixed point of the pre-activation second moment'],
    ['c*', num(result.cStar), 'fixed point of the correlation between two inputs'],
    ['χ₁', num(result.chi1), 'σ_w² E[φ′(√q* z)²]: 1 marks the edge of chaos'],
    ['χ_c', num(result.chiC), 'slope of the correlation map at c*'],
    ['ξ_q', num(result.xiQ), 'layers over which q approaches q*'],
    ['ξ_c', num(result.xiC), 'layers over which correlations survive (trainable to about 6 ξ_c)'],
  ];
}

export function registerTheory(program: Command, io: Io): void {
  const theory = program.command('theory').description('what mean-field signal-propagation theory predicts at initialisation');
  theory
    .command('fixed-point')
    .description('q*, c*, χ₁, χ_c, ξ_q and ξ_c of a wide network (Poole et al. 2016; Schoenholz et al. 2017), and its phase')
    .option('--activation <name>', `hidden activation: ${HIDDEN_ACTIVATION_NAMES.join(', ')}`, 'tanh')
    .requiredOption('--sigma-w2 <x>', 'weight variance × fan-in, σ_w² (e.g. 1 for LeCun, 2 for He)')
    .option('--sigma-b2 <x>', 'bias variance σ_b²', '0')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nIn the wide limit the pre-activations of a layer are Gaussian with second moment q, and two inputs\n' +
        'have correlation c; χ₁ < 1 is the ordered phase (inputs become alike with depth), χ₁ > 1 the chaotic\n' +
        'one (they decorrelate), and χ₁ = 1 the edge of chaos, where signals travel deepest.\n\n' +
        'Examples:\n  initlab theory fixed-point --activation tanh --sigma-w2 1.5 --sigma-b2 0.05\n  initlab theory fixed-point --activation relu --sigma-w2 2 --json',
    )
    .action((flags: FixedPointFlags) => {
      const activation = parseChoice('--activation', flags.activation, HIDDEN_ACTIVATION_NAMES);
      const sigmaW2 = parseNumber('--sigma-w2', flags.sigmaW2, { min: 0, minInclusive: false });
      const sigmaB2 = parseNumber('--sigma-b2', flags.sigmaB2, { min: 0 });
      let result: MeanFieldResult;
      let critical: number | null = null;
      try {
        result = meanField(activation, { sigmaW2, sigmaB2 });
      } catch (err) {
        if (err instanceof TheoryError && err.kind === 'usage') throw new UsageError(`theory: ${err.message.replace(/^meanField: /, '')}`, { cause: err });
        throw err;
      }
      try {
        critical = criticalSigmaW2(activation, { sigmaB2 });
      } catch (err) {
        // No edge of chaos at this σ_b² (e.g. q* diverges first): the table says so instead.
        if (!(err instanceof TheoryError)) throw err;
      }
      if (flags.json) {
        io.stdout(`${JSON.stringify({ activation, sigmaW2, sigmaB2, ...result, criticalSigmaW2: critical }, null, 2)}\n`);
        return;
      }
      io.stdout(`${activation}, σ_w² = ${num(sigmaW2)}, σ_b² = ${num(sigmaB2)}: ${result.phase}\n\n`);
      io.stdout(`${textTable(['', 'value', 'meaning'], resultRows(result))}\n`);
      io.stdout(
        critical === null
          ? `\nno edge of chaos for ${activation} at σ_b² = ${num(sigmaB2)}\n`
          : `\nedge of chaos at σ_b² = ${num(sigmaB2)}: σ_w² = ${num(critical)}\n`,
      );
    });
}
