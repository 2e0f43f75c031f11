import { chartPanels, type BarKind, type ChartBar, type ChartPanel } from 'bench/chart-data';
import { Raster, lineHeight, type Rgb } from 'bench/chart-raster';
import type { BenchResults } from 'bench/results-types';

const S = 2; // font scale
const WIDTH = 1500;
const MARGIN = 24;
const LABEL_W = 480;
const PLOT_X = MARGIN + LABEL_W + 16;
const PLOT_W = 640;
const VALUE_X = PLOT_X + PLOT_W + 20;
const ROW_H = 34;
const BAR_H = 22;
const HEADER_H = 96;
const PANEL_TITLE_H = 40;
const AXIS_H = 34;
const PANEL_GAP = 28;

const C = {
  bg: [255, 255, 255] as Rgb,
  text: [30, 30, 30] as Rgb,
  muted: [110, 110, 110] as Rgb,
  grid: [225, 225, 225] as Rgb,
  axis: [120, 120, 120] as Rgb,
  baseline: [90, 90, 90] as Rgb,
  met: [20, 140, 60] as Rgb,
  missed: [205, 30, 30] as Rgb,
  notApplicable: [160, 160, 160] as Rgb,
};
const KIND: Record<BarKind, { colour: Rgb; name: string }> = {
  kubepg: { colour: [52, 101, 164], name: 'kubepg' },
  postgres: { colour: [232, 145, 40], name: 'raw Postgres (same server)' },
  etcd: { colour: [140, 90, 175], name: 'etcd' },
};

const fmt = (x: number): string => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: x >= 100 ? 0 : x >= 10 ? 1 : 2 }) : 'n/a');

/** Maps values onto the plot's x range, with the tick values to label. */
interface Axis {
  x(v: number): number;
  ticks: number[];
}

function niceStep(span: number): number {
  const raw = span / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

function axisFor(panel: ChartPanel): Axis {
  const values = panel.bars.flatMap((b) => [b.value, b.target?.value ?? NaN, b.baseline?.value ?? NaN]).filter((v) => Number.isFinite(v) && v > 0);
  const hi = Math.max(1e-3, ...values);
  if (panel.scale === 'log') {
    const lo = 10 ** Math.floor(Math.log10(Math.min(hi, ...values)));
    const top = 10 ** Math.ceil(Math.log10(hi * 1.05));
    const span = Math.log10(top) - Math.log10(lo);
    const ticks: number[] = [];
    for (let d = lo; d <= top * 1.0001; d *= 10) {
      ticks.push(...[d, 2 * d, 5 * d].filter((t) => t <= top * 1.0001));
    }
    return { x: (v) => PLOT_X + (PLOT_W * (Math.log10(Math.max(v, lo)) - Math.log10(lo))) / span, ticks };
  }
  const step = niceStep(hi * 1.05);
  const top = Math.ceil((hi * 1.05) / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= top + step / 2; t += step) {
    ticks.push(t);
  }
  return { x: (v) => PLOT_X + (PLOT_W * Math.max(0, v)) / top, ticks };
}

function targetColour(bar: ChartBar): Rgb {
  const t = bar.target;
  if (!t || !t.applies) {
    return C.notApplicable;
  }
  return (t.op === '<=' ? bar.value <= t.value : bar.value >= t.value) ? C.met : C.missed;
}

/** Draws one bar row: label, bar (and its baseline), target marker, and the value text. */
function drawRow(r: Raster, axis: Axis, bar: ChartBar, y: number, unit: string): void {
  const textY = y + (ROW_H - lineHeight(S)) / 2 + 2;
  const label = bar.label;
  r.text(PLOT_X - 16 - Raster.textWidth(label, S), textY, label, C.text, S);
  const barH = bar.baseline ? BAR_H - 8 : BAR_H;
  const barY = y + (ROW_H - BAR_H) / 2;
  if (Number.isFinite(bar.value)) {
    r.fillRect(PLOT_X, barY, Math.max(1, axis.x(bar.value) - PLOT_X), barH, KIND[bar.kind].colour);
  }
  if (bar.baseline) {
    r.fillRect(PLOT_X, barY + barH + 2, Math.max(1, axis.x(bar.baseline.value) - PLOT_X), 6, C.baseline);
  }
  let vx = VALUE_X;
  for (const [text, colour] of valueTexts(bar, unit)) {
    r.text(vx, textY, text, colour, S);
    vx += Raster.textWidth(text, S) + 14;
  }
  const t = bar.target;
  if (t) {
    r.vline(Math.round(axis.x(t.value)), y + 1, y + ROW_H - 1, targetColour(bar), 3, t.applies ? 0 : 4);
  }
}

/** The pieces of text right of the plot: value, note, baseline, target verdict. */
function valueTexts(bar: ChartBar, unit: string): [string, Rgb][] {
  const out: [string, Rgb][] = [[`${fmt(bar.value)} ${bar.unit ?? unit}`, C.text]];
  if (bar.note) {
    out.push([bar.note, C.muted]);
  }
  if (bar.baseline) {
    out.push([`(${bar.baseline.label} ${fmt(bar.baseline.value)} ${unit})`, C.baseline]);
  }
  const t = bar.target;
  if (t) {
    const colour = targetColour(bar);
    out.push([`${t.label}: ${!t.applies ? 'n/a here' : colour === C.met ? 'met' : 'missed'}`, colour]);
  }
  return out;
}

/** Image width that fits the longest value text. */
function widthFor(panels: ChartPanel[]): number {
  const texts = panels.flatMap((p) => p.bars.map((b) => valueTexts(b, p.unit).reduce((w, [t]) => w + Raster.textWidth(t, S) + 14, 0)));
  return Math.max(WIDTH, VALUE_X + Math.max(0, ...texts) + MARGIN);
}

function panelHeight(p: ChartPanel): number {
  return PANEL_TITLE_H + p.bars.length * ROW_H + AXIS_H + PANEL_GAP;
}

/** Draws a panel with its title, grid, rows and axis labels; returns the y below it. */
function drawPanel(r: Raster, p: ChartPanel, y0: number): number {
  r.text(MARGIN, y0 + 8, p.title, C.text, S + 1);
  const top = y0 + PANEL_TITLE_H;
  const bottom = top + p.bars.length * ROW_H;
  const axis = axisFor(p);
  for (const t of axis.ticks) {
    const x = Math.round(axis.x(t));
    r.vline(x, top, bottom, C.grid);
    const label = fmt(t);
    r.text(x - Raster.textWidth(label, S) / 2, bottom + 8, label, C.muted, S);
  }
  r.fillRect(PLOT_X, top, 1, bottom - top, C.axis);
  r.fillRect(PLOT_X, bottom, PLOT_W + 1, 1, C.axis);
  const last = fmt(axis.ticks[axis.ticks.length - 1] ?? 0);
  r.text(PLOT_X + PLOT_W + Raster.textWidth(last, S) / 2 + 12, bottom + 8, p.axisLabel ?? p.unit, C.muted, S);
  p.bars.forEach((bar, i) => drawRow(r, axis, bar, top + i * ROW_H, p.unit));
  return y0 + panelHeight(p);
}

/** The header: run facts, and a legend of what the panels below contain. */
function drawHeader(r: Raster, res: BenchResults, panels: ChartPanel[]): void {
  const m = res.machine;
  const title = `kubepg benchmark ${res.startedAt.replace(/\.\d+Z$/, 'Z')} (${res.profile} profile, ${res.durationSeconds} s)`;
  r.text(MARGIN, MARGIN, title, C.text, S + 1);
  const git = m.git ? `git ${m.git.commit.slice(0, 12)}${m.git.dirty ? ' (dirty)' : ''}` : 'git unknown';
  const facts = `${m.cpus} × ${m.cpuModel}, ${(m.memoryBytes / 2 ** 30).toFixed(0)} GiB, node ${m.node}, ${git}; bench client on the same machine`;
  r.text(MARGIN, MARGIN + 34, facts, C.muted, S);
  let x = MARGIN;
  const ly = MARGIN + 58;
  const swatch = (colour: Rgb, name: string, h = 14): void => {
    r.fillRect(x, ly + (14 - h) / 2 + 1, 22, h, colour);
    r.text(x + 30, ly, name, C.text, S);
    x += 30 + Raster.textWidth(name, S) + 28;
  };
  const bars = panels.flatMap((p) => p.bars);
  for (const [kind, k] of Object.entries(KIND)) {
    if (bars.some((b) => b.kind === kind)) {
      swatch(k.colour, k.name);
    }
  }
  if (bars.some((b) => b.baseline)) {
    swatch(C.baseline, 'same-run raw PG time', 6);
  }
  const markers = [
    [C.met, 'target met'],
    [C.missed, 'target missed'],
    [C.notApplicable, 'target not at this size'],
  ] as const;
  for (const [colour, name] of markers.filter(([colour]) => bars.some((b) => b.target && targetColour(b) === colour))) {
    r.vline(x + 10, ly, ly + 16, colour, 3);
    r.text(x + 22, ly, name, C.text, S);
    x += 22 + Raster.textWidth(name, S) + 28;
  }
}

/** Renders the results as a PNG: header, legend, and one bar panel per kind of figure present. */
export function renderChart(res: BenchResults): Buffer {
  const panels = chartPanels(res);
  const failures = res.failures.length > 0 ? lineHeight(S) + 8 : 0;
  const empty = panels.length === 0 ? 40 : 0;
  const height = HEADER_H + MARGIN + panels.reduce((h, p) => h + panelHeight(p), 0) + failures + empty;
  const r = new Raster(widthFor(panels), height, C.bg);
  drawHeader(r, res, panels);
  let y = HEADER_H + MARGIN;
  for (const p of panels) {
    y = drawPanel(r, p, y);
  }
  if (empty) {
    r.text(MARGIN, y, 'no figures in these results', C.missed, S);
  }
  if (failures) {
    r.text(MARGIN, y, `${res.failures.length} failure(s) during the run: see the .md report`, C.missed, S);
  }
  return r.toPng();
}
