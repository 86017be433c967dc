// The throughput chart: finished jobs per bucket as stacked bars, succeeded below failed, in an SVG that scales
// to its container. A table of the same numbers is available to screen readers.
import { h } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const HEIGHT = 200;
const LEFT = 34;
const BOTTOM = 20;

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, String(value));
  }
  children.forEach((child) => element.append(child));
  return element;
}

function label(date) {
  return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/**
 * @param throughput the API's `{window, bucketSeconds, buckets: [{start, succeeded, failed}]}`
 * @param width the width the chart will have on screen, in CSS pixels: drawing at that size keeps its text at its
 *     real size on a phone as on a laptop
 * @returns a figure with the chart and an accessible summary
 */
export function throughputChart(throughput, width) {
  const chartWidth = Math.max(280, Math.round(width || 800));
  const buckets = throughput.buckets ?? [];
  const perMinute = 60 / throughput.bucketSeconds;
  const rate = (count) => count * perMinute;
  const max = Math.max(1, ...buckets.map((bucket) => rate(bucket.succeeded + bucket.failed)));
  const plotWidth = chartWidth - LEFT;
  const plotHeight = HEIGHT - BOTTOM;
  const barWidth = plotWidth / Math.max(1, buckets.length);
  const scale = (value) => (value / max) * (plotHeight - 8);

  const chart = svg('svg', {
    class: 'chart', viewBox: `0 0 ${chartWidth} ${HEIGHT}`, 'aria-hidden': 'true',
  });
  chart.append(svg('line', { class: 'axis', x1: LEFT, y1: plotHeight, x2: chartWidth, y2: plotHeight }));
  const top = svg('text', { x: 2, y: 12 });
  top.textContent = formatRate(max);
  const zero = svg('text', { x: 2, y: plotHeight });
  zero.textContent = '0';
  chart.append(top, zero);

  buckets.forEach((bucket, index) => {
    const x = LEFT + index * barWidth;
    const succeeded = scale(rate(bucket.succeeded));
    const failed = scale(rate(bucket.failed));
    const title = `${new Date(bucket.start).toLocaleString()}: ${bucket.succeeded} succeeded, ${bucket.failed} failed`;
    const group = svg('g', {}, svg('title', {}, document.createTextNode(title)));
    if (succeeded > 0) {
      group.append(svg('rect', {
        class: 'succeeded', x, width: Math.max(1, barWidth - 1), y: plotHeight - succeeded, height: succeeded,
      }));
    }
    if (failed > 0) {
      group.append(svg('rect', {
        class: 'failed', x, width: Math.max(1, barWidth - 1), y: plotHeight - succeeded - failed, height: failed,
      }));
    }
    chart.append(group);
  });

  // Time labels along the bottom, evenly spread: four where there is room, three on a narrow screen.
  const labels = chartWidth < 500 ? 3 : 4;
  const ticks = buckets.length > 1
    ? Array.from({ length: labels }, (_, i) => Math.round((i * (buckets.length - 1)) / (labels - 1)))
    : [0];
  for (const index of new Set(ticks)) {
    if (!buckets[index]) continue;
    const last = index === buckets.length - 1 && index > 0;
    const text = svg('text', {
      x: last ? chartWidth : LEFT + index * barWidth, y: HEIGHT - 4, 'text-anchor': last ? 'end' : 'start',
    });
    text.textContent = label(new Date(buckets[index].start));
    chart.append(text);
  }

  const succeededTotal = buckets.reduce((sum, bucket) => sum + bucket.succeeded, 0);
  const failedTotal = buckets.reduce((sum, bucket) => sum + bucket.failed, 0);
  const span = throughput.window === '24h' ? 'last 24 hours' : 'last hour';
  const summary = `${succeededTotal} succeeded and ${failedTotal} failed in the ${span}; `
    + `peak ${formatRate(max)} jobs per minute.`;
  const unit = throughput.bucketSeconds === 60 ? 'per minute'
    : `per minute, averaged over ${throughput.bucketSeconds / 60}-minute buckets`;
  return h('figure', { class: 'throughput', 'aria-label': `Jobs finished ${unit}` },
    h('div', { class: 'chart-legend' },
      h('span', {}, h('span', { class: 'swatch succeeded' }), 'succeeded'),
      h('span', {}, h('span', { class: 'swatch failed' }), 'failed'),
      h('span', { class: 'muted' }, `jobs finished ${unit}`)),
    chart,
    h('figcaption', { class: 'muted', 'data-testid': 'throughput-summary' }, summary));
}

function formatRate(value) {
  return value >= 10 || Number.isInteger(value) ? String(Math.round(value)) : value.toFixed(1);
}
