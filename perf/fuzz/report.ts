import type { FuzzFinding, FuzzReport } from './runner';

const SHOWN_FINDINGS = 20;

/** A status × row table: one row per key of `rows`, one column per status seen. */
function statusTable(rows: Record<string, Record<string, number>>): string {
  const statuses = [...new Set(Object.values(rows).flatMap((counts) => Object.keys(counts)))].sort();
  const names = Object.keys(rows).sort();
  const header = ['', ...statuses, 'total'];
  const lines = names.map((name) => {
    const counts = rows[name];
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    return [name, ...statuses.map((status) => String(counts[status] ?? '')), String(total)];
  });
  const widths = header.map((cell, i) => Math.max(cell.length, ...lines.map((line) => line[i].length)));
  const format = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [format(header), ...lines.map(format)].join('\n');
}

function findings(title: string, list: FuzzFinding[]): string[] {
  if (list.length === 0) return [];
  const shown = list
    .slice(0, SHOWN_FINDINGS)
    .map(
      (f) =>
        `  #${f.index} ${f.method} ${f.path.slice(0, 120)} → ${f.status ?? '-'} (${f.reason})\n    faults: ${f.faults.join(', ')}\n    response: ${f.response.slice(0, 300)}`,
    );
  const more = list.length > SHOWN_FINDINGS ? [`  … and ${list.length - SHOWN_FINDINGS} more`] : [];
  return [`${title}: ${list.length}`, ...shown, ...more];
}

/** The human-readable summary printed before the JSON. */
export function formatSummary(report: FuzzReport): string {
  const rows = report.rows.checked
    ? report.rows.unexplained.length === 0
      ? 'row counts: unchanged (or fully explained by accepted requests)'
      : `row counts: UNEXPLAINED CHANGES ${JSON.stringify(report.rows.unexplained)}`
    : 'row counts: not checked (no database access)';
  return [
    `Fuzz: ${report.sent}/${report.count} bad requests, seed ${report.seed}, concurrency ${report.concurrency}, ` +
      `${(report.durationMs / 1000).toFixed(1)} s (${report.requestsPerSecond} req/s), ${report.setupRequests} set-up requests`,
    '',
    'By status:',
    statusTable({ all: report.byStatus }),
    '',
    'By endpoint family:',
    statusTable(report.byFamily),
    '',
    'By fault category (a request may carry two):',
    statusTable(report.byFault),
    '',
    rows,
    ...findings('5xx responses', report.serverErrors),
    ...findings('Malformed error bodies', report.malformedErrorBodies),
    ...findings('Network errors', report.networkErrors),
    ...findings('Accepted (2xx) bad requests', report.accepted),
    ...(report.timedOut ? ['TIMED OUT before every request was sent'] : []),
    '',
    report.ok ? 'RESULT: PASS' : 'RESULT: FAIL',
  ].join('\n');
}
