// chrono-node side of the tag throughput benchmark (see README.md).
//
//   node chrono_bench.mjs NODE_MODULES_DIR TEXTS.jsonl [--repeat N]
//
// TEXTS.jsonl holds one {"id","dct","text"} per document (written by tag_throughput). All of it is
// read and parsed into memory first; then, N times, chrono.parse(text, refDate) is run over every
// document, refDate being the document's creation time. Only those loops are timed. Human-readable
// lines go to stderr; the last line on stdout is a JSON summary for the driver.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const args = process.argv.slice(2);
let repeat = 3;
const positional = [];
for (let i = 0; i < args.length; ++i) {
  if (args[i] === '--repeat') repeat = Number(args[++i]);
  else positional.push(args[i]);
}
if (positional.length !== 2 || !(repeat >= 1)) {
  console.error('usage: node chrono_bench.mjs NODE_MODULES_DIR TEXTS.jsonl [--repeat N]');
  process.exit(2);
}
const [modulesDir, textsPath] = positional;

// chrono-node lives in the build folder's node_modules, not next to this script.
const require = createRequire(path.join(path.resolve(modulesDir), '..', 'noop.js'));
const chrono = require('chrono-node');
// Its package.json is not exported, so read it from the folder.
const version = JSON.parse(
  readFileSync(path.join(modulesDir, 'chrono-node', 'package.json'), 'utf8'),
).version;

// "2024-02-15" or "2024-02-15T13:00" as local time; undefined (chrono uses now) when unknown.
function refDate(dct) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(dct || '');
  if (!m) return undefined;
  return new Date(+m[1], +m[2] - 1, +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0);
}

const docs = [];
let textBytes = 0;
for (const line of readFileSync(textsPath, 'utf8').split('\n')) {
  if (!line) continue;
  const d = JSON.parse(line);
  docs.push({ text: d.text, ref: refDate(d.dct) });
  textBytes += Buffer.byteLength(d.text, 'utf8');
}

const passSeconds = [];
let results = 0;
for (let pass = 0; pass < repeat; ++pass) {
  let found = 0;
  const start = process.hrtime.bigint();
  for (const d of docs) found += chrono.parse(d.text, d.ref).length;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  passSeconds.push(seconds);
  results = found;
  console.error(
    `  pass ${pass + 1}: ${seconds.toFixed(3)} s, ` +
      `${(textBytes / 1e6 / seconds).toFixed(2)} MB/s over text bytes, ${found} results`,
  );
}

console.log(
  JSON.stringify({
    version,
    documents: docs.length,
    text_bytes: textBytes,
    results,
    pass_seconds: passSeconds,
  }),
);
