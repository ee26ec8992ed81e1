import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { register } from './detect.js';

const dir = mkdtempSync(join(tmpdir(), 'tickwatch-detect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

async function detect(csv: string, ...args: string[]): Promise<{ out: string; stderr: string }> {
  const input = join(dir, 'in.csv');
  const out = join(dir, 'out.csv');
  writeFileSync(input, csv);
  writeFileSync(out, '');
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  const program = new Command().exitOverride();
  register(program);
  await program.parseAsync(['node', 'tickwatch', 'detect', '--input', input, '--out', out, ...args]);
  return { out: readFileSync(out, 'utf8'), stderr };
}

describe('tickwatch detect', () => {
  it('writes every row as given, in order, with an anomaly_score in [0, 1] (0 while warming up)', async () => {
    const rows = ['time,cpu,"host, name"'];
    for (let i = 0; i < 400; i++) {
      const value = i === 350 ? 95 : 20 + (i % 7);
      rows.push(`${new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString()},${value},"a, b"`);
    }
    const { out } = await detect(`${rows.join('\n')}\n`, '--time-column', 'time', '--value-columns', 'cpu');
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(401);
    expect(lines[0]).toBe('time,cpu,"host, name",anomaly_score');
    const scores = lines.slice(1).map((line, i) => {
      expect(line.startsWith(`${rows[i + 1] as string},`)).toBe(true);
      return Number(line.slice(line.lastIndexOf(',') + 1));
    });
    for (const score of scores) expect(score >= 0 && score <= 1).toBe(true);
    expect(scores.slice(0, 100).every((s) => s === 0)).toBe(true);
    expect(scores[350]).toBe(Math.max(...scores)); // the one spike is the most anomalous row
  });

  it('reports bad input with its line and column and a non-zero exit code', async () => {
    const { stderr } = await detect('timestamp,value\n1,2\n2,x\n');
    expect(stderr).toContain('line 3, column value: "x" is not a finite number');
    expect(process.exitCode).toBe(1);
  });

  it('refuses a detector that reads bars', async () => {
    const { stderr } = await detect('timestamp,value\n1,2\n', '--detector', 'gap');
    expect(stderr).toContain('gap reads market bars');
    expect(process.exitCode).toBe(1);
  });
});
