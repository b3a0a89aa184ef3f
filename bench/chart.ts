/** A grouped bar chart of successful ops/s (log scale), as SVG text. */

/** What the chart reads of a result row (bench/run.ts's Row has more). */
export interface Bar {
  scenario: string;
  target: string;
  limit: boolean;
  latencyMs: number;
  okPerSecond: number;
}

const colors = ['#2b6cb0', '#63b3ed', '#e53e3e', '#38a169', '#805ad5'];

export function chart(rows: Bar[]): string {
  const targets = [...new Set(rows.map((r) => r.target))];
  const groups = [...new Set(rows.map((r) => `${r.scenario}|${r.limit}`))];
  const barW = 18;
  const groupW = targets.length * barW + 24;
  const width = 80 + groups.length * groupW;
  const height = 340;
  const plotH = 220;
  const top = 40;
  const max = Math.max(10, ...rows.map((r) => r.okPerSecond));
  const decades = Math.ceil(Math.log10(max));
  const y = (v: number) => top + plotH - (v <= 1 ? 0 : (Math.log10(v) / decades) * plotH);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<text x="10" y="20" font-size="14">Successful ops/s (log scale); upstream limit and latency under each group</text>`,
  ];
  for (let d = 0; d <= decades; d++) {
    const v = 10 ** d;
    parts.push(`<line x1="60" x2="${width - 10}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/><text x="55" y="${y(v) + 4}" text-anchor="end">${v}</text>`);
  }
  groups.forEach((g, gi) => {
    const [scenario, limit] = g.split('|');
    const x0 = 70 + gi * groupW;
    targets.forEach((t, ti) => {
      const row = rows.find((r) => `${r.scenario}|${r.limit}` === g && r.target === t);
      if (!row) return;
      const x = x0 + ti * barW;
      parts.push(`<rect x="${x}" y="${y(row.okPerSecond)}" width="${barW - 3}" height="${top + plotH - y(row.okPerSecond)}" fill="${colors[ti % colors.length]}"><title>${t}: ${row.okPerSecond.toFixed(1)} ok/s</title></rect>`);
    });
    const latency = rows.find((r) => `${r.scenario}|${r.limit}` === g)?.latencyMs;
    parts.push(`<text x="${x0}" y="${top + plotH + 16}">${scenario}</text><text x="${x0}" y="${top + plotH + 30}">${limit === 'true' ? 'limit 30/s' : 'no limit'}, ${latency} ms</text>`);
  });
  targets.forEach((t, ti) => {
    parts.push(`<rect x="${70 + ti * 190}" y="${height - 22}" width="12" height="12" fill="${colors[ti % colors.length]}"/><text x="${86 + ti * 190}" y="${height - 12}">${t}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
