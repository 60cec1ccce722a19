const COLUMNS = ['Benchmark', 'Ours', 'Reference', 'Ratio', 'Target', 'Result'];

/** Rows as a plain-text table with aligned columns, for the terminal. */
export function textTable(rows) {
  const cells = [COLUMNS, ...rows.map(rowCells)];
  const widths = COLUMNS.map((_, column) => Math.max(...cells.map((row) => row[column].length)));
  const line = (row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  return [line(cells[0]), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** Rows as a Markdown table, for docs/performance.md. */
export function markdownTable(rows) {
  const line = (row) => `| ${row.join(' | ')} |`;
  // Figures right-aligned; names, targets and verdicts left.
  const align = COLUMNS.map((_, column) => ([1, 2, 3].includes(column) ? '---:' : '---'));
  return [line(COLUMNS), line(align), ...rows.map((row) => line(rowCells(row)))].join('\n');
}

function rowCells(row) {
  return [row.name, row.ours, row.reference, row.ratio, row.target, row.result];
}
