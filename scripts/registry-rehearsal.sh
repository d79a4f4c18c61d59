#!/usr/bin/env bash
# Publish rehearsal ("install only what you need, publish your own plugin").
#
#  1. starts a throwaway npm registry (Verdaccio 6) on 127.0.0.1, proxying the public
#     registry for everything except @gantry/* and @thirdparty/*, which are local only;
#  2. builds the workspace packages and publishes them the release way
#     (`changeset publish`), then checks the published tarballs;
#  3. copies examples/plugin-template like a third-party author would, installs its
#     dev dependencies (our @gantry/core from the registry), tests it, and publishes
#     it as @thirdparty/gantry-plugin-example;
#  4. in a fresh npm project outside the workspace installs ONLY @gantry/core,
#     loss-minimax, arch-mlp, data-toy, backend, the third-party plugin and the tfjs
#     peers, checks nothing else of ours came along, and trains a GAN with
#     scripts/rehearsal/train.mjs (our objective, then the plugin's, by name).
# The registry is always stopped and the temp folder removed at exit (on failure its
# logs/ stay, as <temp folder>.logs). About 4 minutes on the 2-core machine.
#
# Environment:
#   REHEARSAL_STRICT=1        fail if any workspace package fails to build (default:
#                             publish the ones that build, list the others)
#   REHEARSAL_PUBLISH=pnpm    publish with `pnpm -r publish` instead of changesets
#   REHEARSAL_PLUGIN_TESTS=0  skip the plugin template's vitest run
#   REHEARSAL_SKIP_BUILD=1    publish the existing dist/ folders (quicker reruns)
#   REHEARSAL_KEEP=1          keep the temp folder (registry storage, projects, logs)
#   REHEARSAL_UPLINK=URL      registry Verdaccio proxies (default: npm's configured one)
#   TRAIN_STEPS=N             training steps per objective (default 20)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
HELPERS="$ROOT/scripts/rehearsal"
START=$(date +%s)
log() { printf '[rehearsal %3ss] %s\n' "$(($(date +%s) - START))" "$*"; }
die() { log "FAIL: $*"; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/gantry-rehearsal.XXXXXX")"
VERDACCIO_PID=""
INSTALL_PID=""
CHILD_PID=""
cleanup() {
  local code=$?
  set +e
  if [[ -n "$CHILD_PID" ]] && kill -0 "$CHILD_PID" 2>/dev/null; then kill "$CHILD_PID" 2>/dev/null; wait "$CHILD_PID" 2>/dev/null; fi
  if [[ -n "$INSTALL_PID" ]] && kill -0 "$INSTALL_PID" 2>/dev/null; then kill "$INSTALL_PID" 2>/dev/null; wait "$INSTALL_PID" 2>/dev/null; fi
  if [[ -n "$VERDACCIO_PID" ]] && kill -0 "$VERDACCIO_PID" 2>/dev/null; then
    kill "$VERDACCIO_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$VERDACCIO_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$VERDACCIO_PID" 2>/dev/null && kill -9 "$VERDACCIO_PID" 2>/dev/null
    wait "$VERDACCIO_PID" 2>/dev/null
    log "registry stopped (pid $VERDACCIO_PID)"
  fi
  rm -f "$ROOT/pnpm-exec-summary.json"
  if [[ $code == 0 ]]; then log "rehearsal passed in $(($(date +%s) - START)) s"; else log "rehearsal FAILED (exit $code) after $(($(date +%s) - START)) s"; fi
  if [[ "${REHEARSAL_KEEP:-0}" == 1 ]]; then
    log "kept $WORK"
  else
    # On failure keep the logs (small), not the registry storage and node_modules.
    [[ $code != 0 && -d "$WORK/logs" ]] && mv "$WORK/logs" "$WORK.logs" && log "logs kept in $WORK.logs"
    rm -rf "$WORK"
  fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

logs_dir() { if [[ "${REHEARSAL_KEEP:-0}" == 1 ]]; then echo "$WORK/logs"; else echo "$WORK.logs"; fi; }
# npm/pnpm output is long; keep it in files and show the tail on failure.
# Each step runs in the background and is waited for, so that a TERM/INT reaches the
# trap at once (bash runs traps only between foreground commands).
run_quiet() { # name command...  → the command's exit code
  local name=$1 rc=0; shift
  "$@" >"$WORK/logs/$name.log" 2>&1 &
  CHILD_PID=$!
  wait "$CHILD_PID" || rc=$?
  CHILD_PID=""
  return "$rc"
}
run_logged() { # name command...  → dies on failure, showing the log's tail
  local name=$1; shift
  if ! run_quiet "$name" "$@"; then
    tail -n 40 "$WORK/logs/$name.log" | grep -v 'npm warn Unknown' >&2
    die "$name failed (full log: $(logs_dir)/$name.log)"
  fi
}
mkdir -p "$WORK/logs" "$WORK/tarballs"
cd "$ROOT"
log "node $(node --version), npm $(npm --version 2>/dev/null), pnpm $(pnpm --version); work dir $WORK"

# --- 1a. Verdaccio, installed in the background while the workspace builds --------
UPLINK="${REHEARSAL_UPLINK:-$(cd "$WORK" && npm config get registry 2>/dev/null || true)}"
[[ "$UPLINK" == http* ]] || UPLINK="https://registry.npmjs.org/"
mkdir -p "$WORK/verdaccio"
# verdaccio-audit asks for node-fetch's "cjs" dist-tag, which registry mirrors without
# extra dist-tags cannot resolve; 2.7.0 is what that tag names.
echo '{"name":"rehearsal-registry","private":true,"overrides":{"verdaccio-audit":{"node-fetch":"2.7.0"}}}' >"$WORK/verdaccio/package.json"
(cd "$WORK" && npm install --prefix "$WORK/verdaccio" --no-audit --no-fund --loglevel=error verdaccio@6) \
  >"$WORK/logs/verdaccio-install.log" 2>&1 &
INSTALL_PID=$!

# --- 2a. Build ----------------------------------------------------------------------
[[ -d node_modules/.pnpm ]] || run_logged pnpm-install pnpm install --frozen-lockfile
build_ok=1
if [[ "${REHEARSAL_SKIP_BUILD:-0}" == 1 ]]; then
  log "REHEARSAL_SKIP_BUILD=1: publishing the dist/ folders as they are (packages without dist/index.js count as failed)"
  node -e '
    const fs = require("fs"), path = require("path"), root = process.argv[1], status = {};
    for (const d of fs.readdirSync(path.join(root, "packages"))) {
      const dir = path.join(root, "packages", d);
      if (fs.existsSync(path.join(dir, "package.json"))) status[dir] = { status: fs.existsSync(path.join(dir, "dist/index.js")) ? "passed" : "failure" };
    }
    fs.writeFileSync(process.argv[2], JSON.stringify({ executionStatus: status }));
  ' "$ROOT" "$WORK/build-summary.json"
else
  log "building workspace packages (pnpm -r --filter ./packages/* build)"
  rm -f pnpm-exec-summary.json
  run_quiet build pnpm -r --filter "./packages/*" --no-bail --report-summary build || build_ok=0
  [[ -f pnpm-exec-summary.json ]] || { tail -n 30 "$WORK/logs/build.log" >&2; die "pnpm wrote no build summary"; }
  mv pnpm-exec-summary.json "$WORK/build-summary.json"
fi
node "$HELPERS/publish-plan.mjs" "$ROOT" "$WORK/build-summary.json" "$WORK/plan.json" | sed 's/^/  /'
if [[ $build_ok == 0 ]]; then
  grep -E 'error TS|ERROR' "$WORK/logs/build.log" | head -n 20 | sed 's/^/  build: /'
  [[ "${REHEARSAL_STRICT:-0}" == 1 ]] && die "some packages failed to build (REHEARSAL_STRICT=1)"
fi
log "build done"

# --- 1b. Start the registry ---------------------------------------------------------
wait "$INSTALL_PID" || { tail -n 30 "$WORK/logs/verdaccio-install.log" >&2; INSTALL_PID=""; die "npm install verdaccio@6 failed"; }
INSTALL_PID=""
VERDACCIO_BIN="$WORK/verdaccio/node_modules/verdaccio/bin/verdaccio"
[[ -f "$VERDACCIO_BIN" ]] || die "verdaccio was not installed"
PORT="${REHEARSAL_PORT:-$(node "$HELPERS/free-port.mjs")}"
REG="http://127.0.0.1:$PORT/"
cat >"$WORK/verdaccio/config.yaml" <<EOF
# Throwaway registry of the publish rehearsal (loopback only, storage in a temp dir).
storage: $WORK/verdaccio/storage
auth:
  htpasswd:
    file: $WORK/verdaccio/htpasswd
    max_users: 10
uplinks:
  npmjs:
    url: $UPLINK
    timeout: 60s
packages:
  # Ours and the third party's: local only, never proxied (nothing from the public
  # registry can stand in for them), published by the throwaway user.
  '@gantry/*':
    access: \$all
    publish: \$authenticated
    unpublish: \$authenticated
  '@thirdparty/*':
    access: \$all
    publish: \$authenticated
    unpublish: \$authenticated
  # Everything else (tfjs, tsyringe, typescript, vitest, ...) through the uplink; no
  # one may publish other names here.
  '**':
    access: \$all
    publish: no-one
    proxy: npmjs
# JWT tokens: checked with an HMAC per request, where the legacy tokens re-verify the
# bcrypt password hash on every request (seconds each on a busy 2-core machine).
security:
  api:
    legacy: false
    jwt:
      sign:
        expiresIn: 2h
web:
  enable: false
listen: 127.0.0.1:$PORT
log: { type: stdout, format: pretty, level: warn }
EOF
node "$VERDACCIO_BIN" --config "$WORK/verdaccio/config.yaml" >"$WORK/logs/verdaccio.log" 2>&1 &
VERDACCIO_PID=$!
for i in $(seq 1 120); do
  curl -sf "${REG}-/ping" >/dev/null 2>&1 && break
  kill -0 "$VERDACCIO_PID" 2>/dev/null || { cat "$WORK/logs/verdaccio.log" >&2; die "verdaccio exited"; }
  sleep 0.5
done
curl -sf "${REG}-/ping" >/dev/null || die "verdaccio did not answer on $REG within 60 s"
log "registry up: verdaccio $(node -p "require('$WORK/verdaccio/node_modules/verdaccio/package.json').version") at $REG (pid $VERDACCIO_PID, uplink $UPLINK)"

TOKEN="$(node "$HELPERS/create-user.mjs" "$REG" 2>>"$WORK/logs/verdaccio.log")" || die "could not create a registry user"
# All npm/pnpm calls from here on see only this registry and this throwaway token, and
# a cache of their own (nothing stale from earlier runs).
printf 'registry=%s\n//127.0.0.1:%s/:_authToken=%s\n' "$REG" "$PORT" "$TOKEN" >"$WORK/npmrc"
export NPM_CONFIG_USERCONFIG="$WORK/npmrc" npm_config_registry="$REG" npm_config_cache="$WORK/npm-cache"
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
[[ "$(cd "$WORK" && npm whoami 2>/dev/null)" == rehearsal-* ]] || die "npm whoami does not know the throwaway user"

# --- 2b. Publish ----------------------------------------------------------------------
mapfile -t PUBLISH < <(node -e 'for (const p of require(process.argv[1]).publish) console.log(p.name)' "$WORK/plan.json")
mapfile -t SKIPPED < <(node -e 'for (const p of require(process.argv[1]).skipped) console.log(p.name)' "$WORK/plan.json")
[[ ${#PUBLISH[@]} -gt 0 ]] || die "nothing to publish"
for need in @gantry/core @gantry/loss-minimax @gantry/arch-mlp @gantry/data-toy @gantry/backend; do
  printf '%s\n' "${PUBLISH[@]}" | grep -qx "$need" || die "$need cannot be published (see the build errors above)"
done
method="${REHEARSAL_PUBLISH:-changesets}"
if [[ "$method" == changesets && ${#SKIPPED[@]} -gt 0 ]]; then
  log "falling back to 'pnpm -r publish': changeset publish publishes every non-private workspace package and has no filter, so it would also ship the ${#SKIPPED[@]} that did not build (${SKIPPED[*]})"
  method=pnpm
fi
if [[ "$method" == changesets ]]; then
  log "publishing ${#PUBLISH[@]} packages with 'changeset publish --no-git-tag' (pnpm publish underneath) to $REG"
  run_logged publish pnpm exec changeset publish --no-git-tag
else
  filters=()
  for p in "${PUBLISH[@]}"; do filters+=(--filter "$p"); done
  log "publishing ${#PUBLISH[@]} packages with 'pnpm -r publish --no-git-checks' to $REG"
  run_logged publish pnpm -r "${filters[@]}" publish --no-git-checks --access public --registry "$REG"
fi
grep -E 'success|Publishing|^\+ @gantry' "$WORK/logs/publish.log" | head -n 5 | sed 's/^/  /' || true
published=0
for p in "${PUBLISH[@]}"; do
  v="$(cd "$WORK" && npm view "$p" version 2>/dev/null)" || die "$p is not on the registry after publishing (see $(logs_dir)/publish.log)"
  published=$((published + 1))
done
log "published $published packages (all @gantry/* at 0.1.0 on $REG)"

# --- 2c. Check the tarballs the registry serves --------------------------------------
specs=()
while read -r spec; do specs+=("$spec"); done < <(node -e 'for (const p of require(process.argv[1]).publish) console.log(`${p.name}@${p.version}`)' "$WORK/plan.json")
run_logged pack bash -c 'cd "$1" && dest=$2 && shift 2 && npm pack "$@" --pack-destination "$dest"' _ "$WORK" "$WORK/tarballs" "${specs[@]}"
node "$HELPERS/check-tarballs.mjs" "$WORK/plan.json" "$WORK/tarballs" || die "published tarballs are not right"
node -e '
  const p = require(process.argv[1] + "/x/@gantry/loss-minimax/package/package.json");
  console.log("  @gantry/loss-minimax as published: " + JSON.stringify({ exports: p.exports["."], files: p.files, peerDependencies: p.peerDependencies, dependencies: p.dependencies ?? {} }));
  const b = require(process.argv[1] + "/x/@gantry/backend/package/package.json");
  console.log("  @gantry/backend dependencies as published: " + JSON.stringify(b.dependencies));
' "$WORK/tarballs"

# --- 3. A third party's plugin, from the template ---------------------------------------
PLUGIN="$WORK/thirdparty-plugin"
mkdir -p "$PLUGIN"
(cd "$ROOT/examples/plugin-template" && tar --exclude=node_modules --exclude=dist -cf - .) | (cd "$PLUGIN" && tar -xf -)
log "plugin template: npm install (its dev dependencies, @gantry/core from $REG)"
run_logged plugin-install bash -c "cd '$PLUGIN' && npm install --no-audit --no-fund"
if [[ "${REHEARSAL_PLUGIN_TESTS:-1}" == 1 ]]; then
  run_logged plugin-test bash -c "cd '$PLUGIN' && npm test"
  grep -E 'Tests +[0-9]' "$WORK/logs/plugin-test.log" | sed 's/^ */  plugin template /' || true
fi
log "plugin template: npm publish (prepublishOnly builds it with tsc)"
run_logged plugin-publish bash -c "cd '$PLUGIN' && npm publish"
grep -E '^\+ |total files|package size' "$WORK/logs/plugin-publish.log" | sed 's/^npm notice /  /' || true
(cd "$WORK" && npm view @thirdparty/gantry-plugin-example version >/dev/null 2>&1) || die "@thirdparty/gantry-plugin-example is not on the registry"

# --- 4. A fresh project that installs only what it needs --------------------------------
APP="$WORK/app"
mkdir -p "$APP"
# Node looks for node_modules in every parent folder: none may lend the app anything.
d="$(dirname "$APP")"
while [[ "$d" != / ]]; do
  [[ -e "$d/node_modules" ]] && die "$d/node_modules exists: the fresh project would not be isolated (set TMPDIR elsewhere)"
  d="$(dirname "$d")"
done
[[ "$APP" != "$ROOT"* ]] || die "the fresh project is inside the workspace"
WANT=(@gantry/core @gantry/loss-minimax @gantry/arch-mlp @gantry/data-toy @gantry/backend @thirdparty/gantry-plugin-example)
PEERS=(@tensorflow/tfjs-core@4.22.0 @tensorflow/tfjs-layers@4.22.0 @tensorflow/tfjs-backend-cpu@4.22.0)
run_logged app-init bash -c "cd '$APP' && npm init -y"
log "fresh project $APP: npm install ${WANT[*]} ${PEERS[*]}"
run_logged app-install bash -c 'cd "$1" && shift && npm install --no-audit --no-fund "$@"' _ "$APP" "${WANT[@]}" "${PEERS[@]}"
(cd "$APP" && npm ls --depth=0 2>&1 | grep -v 'npm warn' | sed 's/^/  /') || true
wanted_csv="$(IFS=,; echo "${WANT[*]},@tensorflow/tfjs-core,@tensorflow/tfjs-layers,@tensorflow/tfjs-backend-cpu")"
node "$HELPERS/check-install.mjs" "$APP" "$wanted_csv" || die "the fresh project has packages it did not ask for"
cp "$HELPERS/train.mjs" "$APP/train.mjs"
log "fresh project: node train.mjs (cpu backend, ${TRAIN_STEPS:-20} steps per objective)"
train_ok=1
run_quiet train bash -c "cd '$APP' && env -u NODE_PATH -u NODE_OPTIONS node train.mjs" || train_ok=0
grep -v -E '^(=+|Hi, looks like.*|)$' "$WORK/logs/train.log" || true
[[ $train_ok == 1 ]] || die "train.mjs failed"
log "OK: published ${published} @gantry packages + @thirdparty/gantry-plugin-example; a fresh project installed only what it asked for and trained with both objectives"
