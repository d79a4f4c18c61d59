// Creates a throwaway user on the local registry through the CouchDB-style user API
// that `npm adduser` uses (PUT /-/user/org.couchdb.user:NAME) and prints its token.
// `npm adduser`/`npm login` can no longer be driven without a terminal, this can.
// Usage: node create-user.mjs http://127.0.0.1:PORT/
import { randomBytes } from 'node:crypto';

const registry = process.argv[2]?.replace(/\/?$/, '/');
if (!registry) throw new Error('usage: create-user.mjs REGISTRY_URL');
const name = `rehearsal-${randomBytes(4).toString('hex')}`;
const password = randomBytes(16).toString('hex');
const res = await fetch(`${registry}-/user/org.couchdb.user:${name}`, {
  method: 'PUT',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ _id: `org.couchdb.user:${name}`, name, password, type: 'user', roles: [] }),
});
const body = await res.json().catch(() => ({}));
if (!res.ok || typeof body.token !== 'string') {
  console.error(`Could not create a user on ${registry}: HTTP ${res.status} ${JSON.stringify(body)}`);
  process.exit(1);
}
console.error(`created throwaway user '${name}' on ${registry}`);
console.log(body.token);
