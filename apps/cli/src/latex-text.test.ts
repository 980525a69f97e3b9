import { listInitializers } from '@initlab/initializers';
import { describe, expect, it } from 'vitest';
import { latexToText } from './latex-text.js';

describe('latexToText', () => {
  it('writes fractions, roots, scripts and laws as plain text', () => {
    expect(latexToText('\\frac{2}{n_{in}}')).toBe('2/nᵢₙ');
    expect(latexToText('W_{ij} \\sim \\mathcal{N}\\left(0,\\ g^2 \\frac{2}{n_{in} + n_{out}}\\right)')).toBe('Wᵢⱼ ~ N(0, g²·2/(nᵢₙ + nₒᵤₜ))');
    expect(latexToText('\\sigma = \\frac{\\sqrt{s / n}}{0.8796}')).toBe('σ = √(s / n)/0.8796');
    expect(latexToText('\\sqrt{3}\\frac{g}{\\sqrt{n}}')).toBe('√3·g/√n');
    expect(latexToText('\\frac{1}{\\frac{n_{in} + n_{out}}{2}}')).toBe('1/((nᵢₙ + nₒᵤₜ)/2)');
    expect(latexToText('W = g\\,Q^\\top,\\ o_g')).toBe('W = g Qᵀ, o_g');
    expect(latexToText('A \\in \\mathbb{R}^{\\max(r,c) \\times \\min(r,c)}')).toBe('A ∈ ℝ^(max(r,c) × min(r,c))');
    expect(latexToText('\\text{fan\\_in}')).toBe('fan_in');
  });

  it('gives an aligned block one line per row and a cases block its conditions', () => {
    expect(latexToText('\\begin{aligned} s &= 1, & n &= n_{in} \\\\ \\operatorname{Var}(W_{ij}) &= s / n \\end{aligned}')).toBe('s = 1, n = nᵢₙ\nVar(Wᵢⱼ) = s / n');
    expect(latexToText('W_{ij} = \\begin{cases} g & i = j \\\\ 0 & i \\ne j \\end{cases}')).toBe('Wᵢⱼ = { g if i = j; 0 if i ≠ j }');
  });

  it('refuses a construct it does not know, naming it', () => {
    expect(() => latexToText('\\hat{x}')).toThrow(/unsupported command '\\hat'/);
    expect(() => latexToText('\\begin{matrix} a \\end{matrix}')).toThrow(/unsupported environment 'matrix'/);
    expect(() => latexToText('\\frac{a')).toThrow(/unclosed/);
  });

  it('converts every formula and variance in the catalogue, leaving no LaTeX behind', () => {
    for (const info of listInitializers()) {
      for (const latex of [info.formula, info.targetVariance.latex]) {
        // Braces are text here (sets, cases); a backslash, an '&' or a braced script is LaTeX left over.
        const residue = latexToText(latex);
        expect(residue, `${info.name}: ${latex}`).not.toMatch(/[\\&]|[_^]\{/);
      }
    }
  });
});
