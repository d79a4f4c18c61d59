// Checks the tarballs the registry now serves for the workspace packages (fetched
// with `npm pack NAME@VERSION`), against the workspace package.json they came from:
//  - no `workspace:` range is left anywhere (pnpm rewrites them on publish);
//  - internal ranges became the real ones (workspace:^ → ^0.1.0, workspace:* → 0.1.0);
//  - `files` includes dist and dist/ is in the tarball;
//  - every `exports` entry resolves, WITHOUT the @gantry/source condition, to a file
//    in the tarball, for `import`/`default` and for `types`;
//  - peerDependencies (and peerDependenciesMeta) are exactly the workspace's.
// Usage: node check-tarballs.mjs PLAN.json TARBALL_DIR
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const [planFile, dir] = process.argv.slice(2);
const plan = JSON.parse(readFileSync(planFile, 'utf8'));
const versions = new Map(plan.publish.map((p) => [p.name, p.version]));
const problems = [];
const notes = new Set();
const tgzName = (name, version) => `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;

// Resolves one exports target for a set of conditions, like Node does (first match
// in object order); ignores conditions not in the set.
function resolveTarget(target, conditions) {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const t of target) {
      const r = resolveTarget(t, conditions);
      if (r) return r;
    }
    return undefined;
  }
  if (target && typeof target === 'object') {
    for (const [key, value] of Object.entries(target)) {
      if (conditions.includes(key)) {
        const r = resolveTarget(value, conditions);
        if (r) return r;
      }
    }
  }
  return undefined;
}

for (const { name, version, dir: wsDir } of plan.publish) {
  const tgz = join(dir, tgzName(name, version));
  const fail = (msg) => problems.push(`${name}@${version}: ${msg}`);
  if (!existsSync(tgz)) {
    fail(`no tarball ${tgz} (was it published?)`);
    continue;
  }
  const out = join(dir, 'x', name);
  mkdirSync(out, { recursive: true });
  execFileSync('tar', ['-xzf', tgz, '-C', out]);
  const pkgDir = join(out, 'package');
  const pub = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const ws = JSON.parse(readFileSync(join(wsDir, 'package.json'), 'utf8'));
  const text = JSON.stringify(pub);

  if (text.includes('workspace:')) fail(`'workspace:' left in package.json: ${text.match(/"[^"]*":"workspace:[^"]*"/g)}`);
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [dep, range] of Object.entries(ws[field] ?? {})) {
      const m = /^workspace:(.*)$/.exec(range);
      if (!m) continue;
      const v = versions.get(dep) ?? '?';
      const want = m[1] === '*' ? v : m[1] === '^' ? `^${v}` : m[1] === '~' ? `~${v}` : m[1];
      if (pub[field]?.[dep] !== want) fail(`${field}.${dep} is '${pub[field]?.[dep]}', expected '${want}' (from '${range}')`);
    }
  }
  if (!Array.isArray(pub.files) || !pub.files.some((f) => f === 'dist' || f.startsWith('dist/'))) fail(`'files' does not include dist: ${JSON.stringify(pub.files)}`);
  const distFiles = existsSync(join(pkgDir, 'dist')) ? readdirSync(join(pkgDir, 'dist'), { recursive: true }) : [];
  if (!distFiles.some((f) => String(f).endsWith('.js'))) fail('the tarball has no dist/*.js');
  // src/ ships on purpose (the source maps in dist point at it); tests never do.
  if (existsSync(join(pkgDir, 'test'))) fail('the tarball ships test/');
  const mapFile = distFiles.map(String).find((f) => f.endsWith('.js.map'));
  if (mapFile) {
    const map = JSON.parse(readFileSync(join(pkgDir, 'dist', mapFile), 'utf8'));
    for (const source of map.sources ?? []) {
      if (!existsSync(join(pkgDir, 'dist', dirname(mapFile), source))) fail(`source map ${mapFile} points at ${source}, which the tarball does not ship`);
    }
  }

  const exp = pub.exports;
  const entries = typeof exp === 'object' && exp && !Array.isArray(exp) && Object.keys(exp).every((k) => k.startsWith('.')) ? exp : { '.': exp };
  if (!exp) fail('no exports');
  for (const [sub, target] of Object.entries(entries)) {
    for (const [label, conditions] of [['import', ['node', 'import', 'default']], ['types', ['types', 'import', 'default']]]) {
      const file = resolveTarget(target, conditions);
      if (!file) {
        if (sub !== './package.json' || label === 'import') fail(`exports['${sub}'] has no target for ${label} without @gantry/source`);
        continue;
      }
      if (!existsSync(join(pkgDir, file))) fail(`exports['${sub}'] (${label}) → ${file}, which is not in the tarball`);
    }
    const source = resolveTarget(target, ['@gantry/source']);
    if (source && !existsSync(join(pkgDir, source))) notes.add(name);
  }
  if (pub.types && !existsSync(join(pkgDir, pub.types))) fail(`types → ${pub.types}, which is not in the tarball`);
  for (const field of ['peerDependencies', 'peerDependenciesMeta']) {
    if (JSON.stringify(pub[field] ?? {}) !== JSON.stringify(ws[field] ?? {})) {
      fail(`${field} changed on publish: ${JSON.stringify(pub[field])} vs workspace ${JSON.stringify(ws[field])}`);
    }
  }
  const deps = Object.entries(pub.dependencies ?? {}).map(([d, r]) => `${d}@${r}`).join(', ') || 'none';
  const peers = Object.keys(pub.peerDependencies ?? {}).join(', ') || 'none';
  console.log(`  ok ${name}@${version}: ${distFiles.length} dist files; deps: ${deps}; peers: ${peers}`);
}
if (notes.size) {
  console.log(
    `  note: ${notes.size} package(s) still list the "@gantry/source" condition (→ ./src/*.ts, not in the tarball) in exports; ` +
      'harmless for consumers (no one sets that condition), but publishConfig.exports could drop it.',
  );
}
if (problems.length) {
  for (const p of problems) console.error(`  PROBLEM ${p}`);
  process.exit(1);
}
console.log(`tarball check: ${plan.publish.length} packages ok`);
