// docs/errors.md's code tables, generated from core's error catalogue
// (packages/core/src/error-codes). Each table sits between `<!-- codes:AREA -->` and
// `<!-- /codes:AREA -->`; the prose around them is written by hand.

/** The markdown table of one area of the catalogue. */
export function renderArea(codes) {
  const entries = Object.entries(codes);
  const kind = entries[0]?.[1].kind;
  if (kind === 'warning') {
    return table(
      ['code', 'meaning'],
      entries.map(([code, entry]) => [`\`${code}\``, entry.meaning]),
    );
  }
  if (kind === 'lint') {
    return table(
      ['code', 'severity', 'when'],
      entries.map(([code, entry]) => [`\`${code}\``, entry.severity, entry.meaning]),
    );
  }
  return table(
    ['code', 'exit', 'meaning'],
    entries.map(([code, entry]) => [`\`${code}\``, exitColumn(entry), entry.meaning]),
  );
}

function exitColumn(entry) {
  if (entry.reported === 'per-device') return 'per device';
  if (entry.reported === 'per-node') return 'per node';
  return String(entry.exit);
}

function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The catalogue's codes grouped by area, each area's codes in catalogue order. */
export function codesByArea(catalogue) {
  const areas = {};
  for (const [code, entry] of Object.entries(catalogue)) {
    areas[entry.area] ??= {};
    areas[entry.area][code] = entry;
  }
  return areas;
}

/**
 * The document with every marked table replaced by the catalogue's; throws when an area has no
 * markers or markers name an area the catalogue lacks, so no table is silently left stale.
 */
export function renderErrorTables(markdown, catalogue) {
  const areas = codesByArea(catalogue);
  const seen = new Set();
  const updated = markdown.replace(/<!-- codes:([a-z-]+) -->\n[\s\S]*?\n<!-- \/codes:\1 -->/g, (_, area) => {
    if (!(area in areas)) throw new Error(`docs/errors.md: no catalogue area "${area}"`);
    seen.add(area);
    return `<!-- codes:${area} -->\n${renderArea(areas[area])}\n<!-- /codes:${area} -->`;
  });
  const missing = Object.keys(areas).filter((area) => !seen.has(area));
  if (missing.length > 0) throw new Error(`docs/errors.md: no table for ${missing.join(', ')}`);
  return updated;
}
