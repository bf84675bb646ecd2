// Reads a `phasecheck run -f json` report and the cell status file; prints the cell's verdict:
// "clean", or the rule ids found at warning or above (sorted, comma-separated), prefixed by
// "client failed (exit N)" when the program itself failed. Usage: node verdict.mjs REPORT STATUS
import { readFileSync, existsSync } from 'node:fs';
const [report, status] = process.argv.slice(2);
const atLeastWarning = new Set(['error', 'warning']);
let rules = [];
let exchanges = 0;
if (existsSync(report)) {
  try {
    const d = JSON.parse(readFileSync(report, 'utf8'));
    exchanges = d.summary?.exchanges ?? 0;
    rules = [...new Set((d.findings ?? []).filter((f) => atLeastWarning.has(f.severity)).map((f) => f.rule))].sort();
  } catch (e) {
    console.log(`phasecheck report unreadable: ${e.message}`);
    process.exit(0);
  }
} else {
  console.log('phasecheck wrote no report');
  process.exit(0);
}
let rc = 0;
let reason = '';
if (existsSync(status)) {
  const [a, b] = readFileSync(status, 'utf8').split('\n');
  rc = Number(a);
  reason = (b ?? '').replace(/\t/g, ' ').trim();
}
const parts = [];
if (rc !== 0) parts.push(`client failed (exit ${rc})`);
if (exchanges === 0) parts.push('no request sent');
parts.push(rules.length ? rules.join(', ') : rc === 0 && exchanges > 0 ? 'clean' : 'no finding');
console.log(parts.join('; ') + (rc !== 0 && reason ? `\t${reason}` : '\t'));
