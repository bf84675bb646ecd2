// Writes docs/compatibility.md from compat/matrix.tsv and compat/notes.md.
// Usage: node gen-doc.mjs MATRIX_TSV NOTES_MD PHASECHECK_VERSION ELAPSED_SECONDS
import { readFileSync } from 'node:fs';
const [matrixFile, notesFile, pcVersion, elapsed] = process.argv.slice(2);
const scenarios = ['chat-follow-up', 'tool-loop', 'hosted-tool', 'reasoning-stateless', 'no-phase-model', 'long-horizon'];
const rows = readFileSync(matrixFile, 'utf8').split('\n').filter(Boolean).map((l) => {
  const [lib, version, variant, scenario, streamed, verdict, reason, recording] = l.split('\t');
  return { lib, version, variant, scenario, streamed, verdict, reason, recording };
});
// notes.md: "## key" sections; "# title" sections before the first "## " are the intro
const notes = {};
let key = '_intro';
for (const line of readFileSync(notesFile, 'utf8').split('\n')) {
  const m = line.match(/^## (\S+)\s*$/);
  if (m) { key = m[1]; continue; }
  notes[key] = (notes[key] ?? '') + line + '\n';
}
const libs = [];
for (const r of rows) if (!libs.includes(r.lib)) libs.push(r.lib);
const order = (notes._order ?? '').split(/\s+/).filter(Boolean);
libs.sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b));

const out = [];
out.push('# Compatibility matrix: which real client libraries keep `phase`');
out.push('');
out.push((notes._intro ?? '').trim());
out.push('');
out.push('## Summary');
out.push('');
out.push('| library | version | variant | verdict over all its cells |');
out.push('|---|---|---|---|');
const footnotes = [];
for (const lib of libs) {
  const lr = rows.filter((r) => r.lib === lib);
  const variants = [...new Set(lr.map((r) => r.variant))];
  for (const v of variants) {
    const vr = lr.filter((r) => r.variant === v);
    const found = new Set();
    let clean = 0, notPossible = 0, failed = 0;
    for (const r of vr) {
      if (r.verdict === 'not possible') { notPossible++; continue; }
      if (r.verdict.startsWith('client failed')) failed++;
      for (const part of r.verdict.split('; ')) {
        if (part === 'clean') clean++;
        else if (!part.startsWith('client failed') && part !== 'no finding' && part !== 'no request sent') part.split(', ').forEach((x) => found.add(x));
      }
    }
    const bits = [];
    if (found.size) bits.push([...found].sort().map((x) => `\`${x}\``).join(', '));
    bits.push(`${clean} clean of ${vr.length - notPossible} played`);
    if (failed) bits.push(`${failed} where the client failed`);
    if (notPossible) bits.push(`${notPossible} not possible`);
    out.push(`| ${title(lib)} | ${vr[0].version} | ${v} | ${bits.join('; ')} |`);
  }
}
out.push('');
for (const lib of libs) {
  const lr = rows.filter((r) => r.lib === lib);
  out.push(`## ${title(lib)} (${lr[0].version})`);
  out.push('');
  const n = (notes[lib] ?? '').trim();
  if (n) { out.push(n); out.push(''); }
  out.push(`| variant | streamed | ${scenarios.join(' | ')} |`);
  out.push(`|---|---|${scenarios.map(() => '---').join('|')}|`);
  const variants = [...new Set(lr.map((r) => r.variant))];
  for (const v of variants) {
    for (const st of ['off', 'on']) {
      const cells = scenarios.map((s) => {
        const r = lr.find((x) => x.variant === v && x.scenario === s && x.streamed === st);
        if (!r) return 'missing: not played (a bug of scripts/compat.sh)';
        let text = r.verdict === 'clean' ? 'clean' : r.verdict.split('; ').map((p) => (/^[a-z-]+(, [a-z-]+)*$/.test(p) && p !== 'clean' ? p.split(', ').map((x) => `**${x}**`).join(', ') : p)).join('; ');
        if (r.reason) {
          footnotes.push(`${title(lib)} / ${v} / ${s} / ${st === 'on' ? 'streamed' : 'not streamed'}: ${r.reason}`);
          text += ` [^${footnotes.length}]`;
        }
        return r.recording ? `[${text}](../${r.recording})` : text;
      });
      out.push(`| ${v} | ${st === 'on' ? 'yes' : 'no'} | ${cells.join(' | ')} |`);
    }
  }
  out.push('');
}
if (notes._after) { out.push(notes._after.trim()); out.push(''); }
if (footnotes.length) {
  footnotes.forEach((f, i) => out.push(`[^${i + 1}]: ${f.replace(/\|/g, '\\|')}`));
  out.push('');
}
out.push('---');
out.push('');
out.push(`Generated on ${new Date().toISOString().slice(0, 10)} by \`scripts/compat.sh\` (${rows.length} cells, ${elapsed} s) with phasecheck ${pcVersion}.`);
console.log(out.join('\n'));

function title(lib) {
  const m = (notes._titles ?? '').match(new RegExp(`^${lib.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*=\\s*(.+)$`, 'm'));
  return m ? m[1].trim() : lib;
}
