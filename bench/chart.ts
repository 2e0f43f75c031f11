import { readFileSync, writeFileSync } from 'node:fs';
import { renderChart } from 'bench/chart-render';
import type { BenchResults } from 'bench/results-types';

/** Writes the results chart as a PNG to `pngPath`; returns the path. */
export function writeChart(pngPath: string, res: BenchResults): string {
  writeFileSync(pngPath, renderChart(res));
  return pngPath;
}

/** `node dist/bench/chart.js bench/results/<stamp>.json`: re-renders `<stamp>.png` beside a saved run. */
function main(args: string[]): void {
  if (args.length === 0) {
    process.stderr.write('usage: node dist/bench/chart.js bench/results/<stamp>.json [...]\n');
    process.exit(2);
  }
  for (const file of args) {
    const res = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
    process.stdout.write(`${writeChart(file.replace(/\.json$/, '') + '.png', res)}\n`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2));
}
