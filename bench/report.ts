import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { figureRows, type FigureRow } from 'bench/figures';
import type { BenchResults } from 'bench/results-types';

/** Formats a number for the table: thousands separators, at most two decimals. */
function fmt(n: number): string {
  if (!Number.isFinite(n)) {
    return 'n/a';
  }
  const digits = Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2;
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function unitText(unit: FigureRow['unit']): string {
  return ` ${unit}`;
}

function targetCell(row: FigureRow): string {
  const t = row.target;
  if (!t) {
    return '';
  }
  const text = `${t.op === '<=' ? '≤' : '≥'} ${fmt(t.value)}${unitText(row.unit)}${t.note ? ` (${t.note})` : ''}`;
  if (!t.applies) {
    return `${text}: not at this size`;
  }
  const met = t.op === '<=' ? row.value <= t.value : row.value >= t.value;
  return `${text}: ${met ? 'met' : 'missed'}`;
}

/** value ÷ baseline when there is a baseline, else value ÷ target. */
function ratioCell(row: FigureRow): string {
  const ref = row.baseline?.value ?? row.target?.value;
  if (ref === undefined || !Number.isFinite(row.value) || !ref) {
    return '';
  }
  return `${(row.value / ref).toFixed(2)}×`;
}

/** The results table as Markdown, one section header row per group. */
export function markdownTable(rows: FigureRow[]): string {
  const out = ['| figure | value | baseline | target | ratio |', '|---|---|---|---|---|'];
  let section = '';
  for (const r of rows) {
    if (r.section !== section) {
      section = r.section;
      out.push(`| **${section}** | | | | |`);
    }
    const value = `${fmt(r.value)}${unitText(r.unit)}${r.detail ? ` <br><sub>${r.detail}</sub>` : ''}`;
    const baseline = r.baseline ? `${fmt(r.baseline.value)}${unitText(r.unit)} <sub>${r.baseline.label}</sub>` : '';
    out.push(`| ${r.figure} | ${value} | ${baseline} | ${targetCell(r)} | ${ratioCell(r)} |`);
  }
  return out.join('\n');
}

/** The whole Markdown report: run facts, the table, notes and failures. */
export function markdownReport(res: BenchResults): string {
  const m = res.machine;
  const lines = [
    `# kubepg benchmark, ${res.startedAt} (${res.profile} profile, ${res.durationSeconds} s)`,
    '',
    `- machine: ${m.cpus} × ${m.cpuModel}, ${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB RAM, ${m.os}, ${m.kernel}`,
    `- node ${m.node}; ${m.postgres ?? 'postgres version unknown'}; ${m.etcd ?? 'etcd: not measured'}`,
    `- load average at start ${m.loadAverageAtStart.join(' / ')}, at end ${(m.loadAverageAtEnd ?? []).join(' / ')}`,
    `- git ${m.git ? `${m.git.commit.slice(0, 12)}${m.git.dirty ? ' (src/ has uncommitted changes)' : ''}` : 'unknown'}`,
    `- pod: ${res.podBodyBytes} B request body, ${res.storedPodBytes ?? '?'} B as stored (defaults and managedFields added); baselines write values of the stored size`,
    '',
    markdownTable(figureRows(res)),
    '',
    'ratio: value ÷ baseline where there is a baseline, otherwise value ÷ target (throughputs: higher is better; latencies: lower).',
    '',
    ...(res.protobufCodec
      ? [
          '## Protobuf codec beside JSON (objects per second, single core)',
          '',
          '| kind | path | objects/s | bytes |',
          '|---|---|---|---|',
          ...res.protobufCodec.map((f) => `| ${f.kind} | ${f.path} | ${Math.round(f.perSecond)} | ${f.bytes} |`),
          '',
        ]
      : []),
    ...(res.protobufList
      ? [
          `## LIST of ${res.protobufList.items} pods: JSON beside protobuf (median of 3)`,
          '',
          '| encoding | ms | bytes |',
          '|---|---|---|',
          `| JSON | ${res.protobufList.json.ms} | ${res.protobufList.json.bytes} |`,
          `| protobuf | ${res.protobufList.protobuf.ms} | ${res.protobufList.protobuf.bytes} |`,
          '',
        ]
      : []),
    '## Phases (CPU in % of one core, averaged over the phase)',
    '',
    '| phase | seconds | apiserver | postgres | bench client | bench’s exited children (etcd) | other processes |',
    '|---|---|---|---|---|---|---|',
    ...res.phases.map(
      (p) => `| ${p.name} | ${p.seconds} | ${p.cpu.apiserver} | ${p.cpu.postgres} | ${p.cpu.bench} | ${p.cpu.benchChildren} | ${p.cpu.others} |`,
    ),
    '',
    '## Notes',
    '',
    ...res.notes.map((n) => `- ${n}`),
  ];
  if (res.failures.length > 0) {
    lines.push('', '## Failures and misbehaviour', '', ...res.failures.map((f) => `- ${f.replace(/\n/g, '\n  ')}`));
  }
  return `${lines.join('\n')}\n`;
}

/** A file-name-safe ISO 8601 (basic format) timestamp, e.g. 20261123T113000Z. */
export function fileStamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** Writes `<dir>/<stamp>.json` and `<dir>/<stamp>.md`; returns their paths. */
export function writeReport(dir: string, stamp: string, res: BenchResults, md: string): string[] {
  mkdirSync(dir, { recursive: true });
  const json = path.join(dir, `${stamp}.json`);
  const mdPath = path.join(dir, `${stamp}.md`);
  writeFileSync(json, `${JSON.stringify({ ...res, figures: figureRows(res) }, null, 2)}\n`);
  writeFileSync(mdPath, md);
  return [json, mdPath];
}
