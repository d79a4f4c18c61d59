// Decides what the rehearsal publishes, from the workspace's packages and pnpm's
// build summary (pnpm -r --report-summary). A package is publishable when it is not
// private, built without error, and every workspace package it depends on
// (dependencies / peerDependencies) is publishable too.
// Usage: node publish-plan.mjs WORKSPACE_ROOT BUILD_SUMMARY.json OUT.json
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [root, summaryFile, outFile] = process.argv.slice(2);
const status = JSON.parse(readFileSync(summaryFile, 'utf8')).executionStatus ?? {};
const pkgs = new Map();
for (const dir of readdirSync(join(root, 'packages'))) {
  const file = join(root, 'packages', dir, 'package.json');
  if (!existsSync(file)) continue;
  const json = JSON.parse(readFileSync(file, 'utf8'));
  const path = join(root, 'packages', dir);
  pkgs.set(json.name, { name: json.name, version: json.version, dir: path, private: !!json.private, json, build: status[path]?.status });
}

const reason = new Map();
for (const p of pkgs.values()) {
  if (p.private) reason.set(p.name, 'private');
  else if (!p.json.scripts?.build) reason.set(p.name, 'has no build script');
  else if (p.build === undefined) reason.set(p.name, 'was not built');
  else if (p.build !== 'passed') reason.set(p.name, 'failed to build');
}
// Propagate: a package whose workspace dependency is not published cannot be installed.
for (let changed = true; changed; ) {
  changed = false;
  for (const p of pkgs.values()) {
    if (reason.has(p.name)) continue;
    const deps = { ...p.json.dependencies, ...p.json.peerDependencies };
    const missing = Object.keys(deps).find((d) => pkgs.has(d) && reason.has(d) && reason.get(d) !== 'private');
    if (missing) {
      reason.set(p.name, `depends on ${missing}, which is not published`);
      changed = true;
    }
  }
}
const publish = [...pkgs.values()].filter((p) => !reason.has(p.name));
const skipped = [...pkgs.values()].filter((p) => reason.has(p.name) && reason.get(p.name) !== 'private');
const plan = {
  all: [...pkgs.values()].filter((p) => !p.private).map((p) => p.name).sort(),
  publish: publish.map((p) => ({ name: p.name, version: p.version, dir: p.dir })).sort((a, b) => a.name.localeCompare(b.name)),
  skipped: skipped.map((p) => ({ name: p.name, reason: reason.get(p.name) })).sort((a, b) => a.name.localeCompare(b.name)),
};
writeFileSync(outFile, JSON.stringify(plan, null, 2));
console.log(`publishable: ${plan.publish.length} of ${plan.all.length} public workspace packages`);
for (const s of plan.skipped) console.log(`  not publishable: ${s.name} (${s.reason})`);
