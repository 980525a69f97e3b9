import { describe, expect, it } from 'vitest';
import { formatNumber, markdownTable, median, time, timeRoundRobin } from './harness.js';
import { suites } from './suites/index.js';

describe('bench harness', () => {
  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });

  it('formats numbers to significant digits', () => {
    expect(formatNumber(123.456)).toBe('123');
    expect(formatNumber(1.23456)).toBe('1.23');
    expect(formatNumber(0.0123456)).toBe('0.0123');
    expect(formatNumber(12345.6)).toBe('12346');
  });

  it('renders markdown with numeric columns right-aligned', () => {
    expect(markdownTable({ title: 'T', columns: ['a', 'b|c', 'n'], numericFrom: 2, rows: [['x', 'y', '1']] })).toBe(
      '### T\n\n| a | b\\|c | n |\n| --- | --- | ---: |\n| x | y | 1 |\n',
    );
  });

  it('times a plan: warm-up plus reps, or fewer within a budget', () => {
    let calls = 0;
    const m = time({ case: 'c', implementation: 'i', library: 'l', values: 1e6, reps: 3, run: () => void calls++ });
    expect(calls).toBe(4);
    expect(m.runs).toBe(3);
    expect(m.mValuesPerSecond).toBeGreaterThan(0);
    calls = 0;
    const slow = time({ case: 'c', implementation: 'i', library: 'l', values: 1, reps: 10, budgetMs: 0, skipWarmup: true, run: () => void calls++ });
    expect(calls).toBe(1);
    expect(slow.runs).toBe(1);
  });

  it('runs side-by-side plans in turn, one run each per round, after one warm-up each', () => {
    const order: string[] = [];
    const plan = (name: string, reps: number) => ({ case: 'c', implementation: name, library: 'l', values: 1, reps, run: () => void order.push(name) });
    const [a, b] = timeRoundRobin([plan('a', 3), plan('b', 2)]);
    expect(order.join('')).toBe('ababab' + 'a');
    expect([a!.runs, b!.runs]).toEqual([3, 2]);
  });

  it('registers suites with unique names', () => {
    const names = suites.map((s) => s.name);
    expect(names).toContain('sampling');
    expect(new Set(names).size).toBe(names.length);
  });
});
