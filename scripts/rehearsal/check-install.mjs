// Lists every package installed in a project's node_modules (nested ones too) and
// fails if an @gantry/* package is there that was neither asked for nor declared
// (dependencies / peerDependencies) by one that was: "install only what you need".
// Usage: node check-install.mjs PROJECT_DIR NAME[,NAME...]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const [project, requestedList] = process.argv.slice(2);
const requested = requestedList.split(',').filter(Boolean);
const installed = []; // { name, version, path }

function walk(nodeModules) {
  if (!existsSync(nodeModules)) return;
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue;
    const dirs = entry.startsWith('@') ? readdirSync(join(nodeModules, entry)).map((e) => join(entry, e)) : [entry];
    for (const d of dirs) {
      const dir = join(nodeModules, d);
      const file = join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const json = JSON.parse(readFileSync(file, 'utf8'));
      installed.push({ name: json.name, version: json.version, path: relative(project, dir), json });
      walk(join(dir, 'node_modules'));
    }
  }
}
walk(join(project, 'node_modules'));

const byName = new Map();
for (const p of installed) if (!byName.has(p.name)) byName.set(p.name, p);
const allowed = new Set(requested);
for (const queue = [...requested]; queue.length; ) {
  const p = byName.get(queue.shift());
  if (!p) continue;
  for (const dep of Object.keys({ ...p.json.dependencies, ...p.json.peerDependencies })) {
    if (!allowed.has(dep)) {
      allowed.add(dep);
      queue.push(dep);
    }
  }
}

const ours = installed.filter((p) => p.name.startsWith('@gantry/') || p.name.startsWith('@thirdparty/'));
console.log(`installed: ${installed.length} packages in total, of them ${ours.length} @gantry/* or @thirdparty/*:`);
for (const p of ours.sort((a, b) => a.name.localeCompare(b.name))) {
  const why = requested.includes(p.name) ? 'asked for' : allowed.has(p.name) ? 'declared dependency' : 'NOT ASKED FOR';
  console.log(`  ${p.name}@${p.version}  (${why})  ${p.path}`);
}
const errors = [];
for (const name of requested) if (!byName.has(name)) errors.push(`${name} was asked for but is not installed`);
for (const p of ours) if (!allowed.has(p.name)) errors.push(`${p.name} is installed (${p.path}) but neither asked for nor declared by what was`);
const copies = (name) => installed.filter((p) => p.name === name).length;
for (const single of ['@gantry/core', '@tensorflow/tfjs-core', 'tsyringe']) {
  if (copies(single) > 1) errors.push(`${single} is installed ${copies(single)} times (needs exactly one copy)`);
}
if (errors.length) {
  for (const e of errors) console.error(`  PROBLEM ${e}`);
  process.exit(1);
}
console.log(`install check: only the asked-for @gantry packages and their declared dependencies; one copy each of @gantry/core, tfjs-core, tsyringe`);
