// A real `healthchain-gateway` for the end-to-end tests, and what a client of it does: sign each
// request with its chain key (RFC 9421 style, sr25519, label `hc`), declare the purpose of use,
// and for a retrieve sign its two Consent::record_access extrinsics (release and refusal, one
// account nonce).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, existsSync, rmSync, openSync, closeSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir, homedir } from 'node:os';
import { join, dirname } from 'node:path';
import { freePort } from './node.js';
import { useDevChain } from './suite.js';
import { freshAccount, submit, dev } from './chain.js';

export function gatewayBinary() {
  if (process.env.HEALTHCHAIN_GATEWAY) return process.env.HEALTHCHAIN_GATEWAY;
  if (process.env.HEALTHCHAIN_NODE) {
    const next = join(dirname(process.env.HEALTHCHAIN_NODE), 'healthchain-gateway');
    if (existsSync(next)) return next;
  }
  const target = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache/healthchain/target');
  const bin = join(target, 'debug', 'healthchain-gateway');
  if (!existsSync(bin)) throw new Error(`gateway binary not found at ${bin}: build it (scripts/build.sh does) or set HEALTHCHAIN_GATEWAY`);
  return bin;
}

/**
 * A fresh database for one gateway in the PostgreSQL the test command started
 * (`HEALTHCHAIN_TEST_POSTGRES`, see scripts/with-postgres.sh); returns its URL.
 */
export function freshPostgresDatabase(name) {
  const server = process.env.HEALTHCHAIN_TEST_POSTGRES;
  if (!server) {
    throw new Error('the PostgreSQL gateway tests need HEALTHCHAIN_TEST_POSTGRES: run them through scripts/with-postgres.sh (scripts/test.sh does)');
  }
  const db = `${name}_${randomBytes(6).toString('hex')}`;
  execFileSync('psql', [server, '-q', '-c', `CREATE DATABASE ${db}`]);
  const url = new URL(server);
  url.pathname = `/${db}`;
  return url.toString();
}

/**
 * Start a gateway for `organization` against the node at `chainUrl`, keeping its documents in
 * `backend`: `sqlite` (the embedded file in a fresh directory) or `postgres` (a fresh database).
 * Returns { url, dataDir, database, stop() }.
 */
export async function startGateway({ organization, chainUrl, backend = 'sqlite', maxBody, extraArgs = [] } = {}) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `healthchain-gateway-${organization}-`));
  const database = backend === 'postgres' ? freshPostgresDatabase(`gateway${organization}`) : undefined;
  const logPath = join(dataDir, 'gateway.log');
  const log = openSync(logPath, 'a');
  const args = ['--organization', String(organization), '--chain', chainUrl, '--listen', `127.0.0.1:${port}`, '--data-dir', dataDir];
  if (database) args.push('--database', database);
  if (maxBody) args.push('--max-body', String(maxBody));
  args.push(...extraArgs);
  const child = spawn(gatewayBinary(), args, { stdio: ['ignore', log, log] });
  closeSync(log);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gateway exited with ${child.exitCode}; see ${logPath}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`gateway not ready after 60 s; see ${logPath}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dataDir,
    database,
    logPath,
    child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const result = await exited;
      clearTimeout(timer);
      if (!process.env.HEALTHCHAIN_KEEP_NODE_DIRS) rmSync(dataDir, { recursive: true, force: true });
      return result;
    },
  };
}

export function contentDigest(body) {
  return `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
}

/**
 * The headers that sign a request to `url` by `pair`: Content-Digest for a body, the purpose when
 * given, Signature-Input and Signature. `created` and `nonce` may be forced (to test stale or
 * replayed requests).
 */
export function signRequest(pair, method, url, { body, purpose, created, nonce } = {}) {
  const u = new URL(url);
  const components = ['@method', '@path', '@query'];
  const headers = {};
  const values = { '@method': method.toUpperCase(), '@path': u.pathname, '@query': `?${u.search.replace(/^\?/, '')}` };
  if (body && body.length) {
    headers['content-digest'] = contentDigest(body);
    components.push('content-digest');
    values['content-digest'] = headers['content-digest'];
  }
  if (purpose) {
    headers['x-purpose-of-use'] = purpose;
    components.push('x-purpose-of-use');
    values['x-purpose-of-use'] = purpose;
  }
  const params = `(${components.map((c) => `"${c}"`).join(' ')});created=${created ?? Math.floor(Date.now() / 1000)};`
    + `nonce="${nonce ?? randomBytes(16).toString('hex')}";keyid="${pair.address}";alg="sr25519"`;
  const base = components.map((c) => `"${c}": ${values[c]}`).join('\n') + `\n"@signature-params": ${params}`;
  headers['signature-input'] = `hc=${params}`;
  headers.signature = `hc=:${Buffer.from(pair.sign(base)).toString('base64')}:`;
  return headers;
}

/** A signed request; resolves with { status, headers, body (Buffer), json (if FHIR JSON) }. */
export async function signedFetch(pair, method, url, { body, purpose, headers = {}, created, nonce } = {}) {
  const bytes = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const signed = pair ? signRequest(pair, method, url, { body: bytes, purpose, created, nonce }) : {};
  const res = await fetch(url, {
    method,
    body: bytes,
    headers: { ...(bytes ? { 'content-type': 'application/fhir+json' } : {}), ...signed, ...headers },
  });
  const buf = Buffer.from(await res.arrayBuffer());
  let json;
  if ((res.headers.get('content-type') || '').includes('json')) json = JSON.parse(buf.toString('utf8'));
  return { status: res.status, headers: res.headers, body: buf, json };
}

/**
 * The two access records a retrieve of anchor `anchor` carries: Consent::record_access with
 * Success (X-Access-Record) and with Failure (X-Access-Refusal), signed by `pair` at its next
 * account nonce.
 */
export async function accessRecordHeaders(api, pair, { patient, anchor, category, purpose }) {
  const nonce = (await api.rpc.system.accountNextIndex(pair.address)).toNumber();
  const record = async (outcome) => {
    const tx = api.tx.consent.recordAccess(patient, 'Access', category, null, [], purpose, outcome, anchor, null);
    await tx.signAsync(pair, { nonce });
    return tx.toHex();
  };
  return { 'x-access-record': await record('Success'), 'x-access-refusal': await record('Failure') };
}

/** An ITI-65 Provide Document Bundle of one document about `patient` (SS58). */
export function provideBundle(patient, bytes, { contentType = 'application/fhir+json', anchor } = {}) {
  const doc = {
    resourceType: 'DocumentReference',
    status: 'current',
    subject: { reference: `Patient/${patient}` },
    content: [{ attachment: { contentType, url: 'urn:uuid:5b7a1c7e-0000-4000-8000-000000000002' } }],
  };
  if (anchor !== undefined) doc.identifier = [{ system: 'urn:healthchain:anchor', value: String(anchor) }];
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: 'urn:uuid:5b7a1c7e-0000-4000-8000-000000000001',
        resource: {
          resourceType: 'List', status: 'current', mode: 'working',
          code: { coding: [{ system: 'https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes', code: 'submissionset' }] },
          subject: { reference: `Patient/${patient}` },
          entry: [{ item: { reference: 'urn:uuid:5b7a1c7e-0000-4000-8000-000000000003' } }],
        },
        request: { method: 'POST', url: 'List' },
      },
      { fullUrl: 'urn:uuid:5b7a1c7e-0000-4000-8000-000000000003', resource: doc, request: { method: 'POST', url: 'DocumentReference' } },
      {
        fullUrl: 'urn:uuid:5b7a1c7e-0000-4000-8000-000000000002',
        resource: { resourceType: 'Binary', contentType, data: Buffer.from(bytes).toString('base64') },
        request: { method: 'POST', url: 'Binary' },
      },
    ],
  };
}

/** Alters the stored ciphertext of document `id` behind `gateway`'s back, as a disk fault or an intruder would. */
export function tamper(gateway, id) {
  if (gateway.database) {
    execFileSync('psql', [gateway.database, '-q', '-c',
      `UPDATE documents SET ciphertext = decode(md5(random()::text), 'hex') WHERE id = '${id}'`]);
  } else {
    execFileSync('sqlite3', [join(gateway.dataDir, 'documents.db'),
      `UPDATE documents SET ciphertext = randomblob(length(ciphertext)) WHERE id = '${id}'`]);
  }
}

/**
 * A dev chain for a test file with gateways beside it: `specs` names each gateway's
 * `startGateway` options (without `chainUrl`). Returns `{ chain, gateways }`, filled once the
 * file's `before` hook has run; the gateways stop before the node.
 */
export function useGatewayChain(specs) {
  const gateways = {};
  const chain = useDevChain(undefined, {
    async start({ node }) {
      for (const [name, spec] of Object.entries(specs)) gateways[name] = await startGateway({ ...spec, chainUrl: node.url });
    },
    async stop() {
      for (const g of Object.values(gateways)) await g.stop();
    },
  });
  return { chain, gateways };
}

/** A fresh, funded account that the organisation administered by `admin` (a dev URI) hires as `role`. */
export async function hire(api, admin, role) {
  const who = await freshAccount(api);
  await submit(api, api.tx.organizations.addMember(who.address, role), dev(admin));
  return who;
}
