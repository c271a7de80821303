// What the chain's checks cost a gateway: deposit and retrieve of SIZE-byte documents (default
// 100 KB) through a gateway that obeys the chain (anchor check on deposit; consent decision and
// the requester's access record accepted by the pool on retrieve) and, in the same run, through
// the same server with those checks switched off (its benchmark baseline), on the same
// documents. Prints documents/s and p50/p99 latency of each, and the ratios; writes them as JSON.
//
//   node bench/gateway.js [--docs 100] [--size 102400] [--concurrency 4] [--out gateway.json]
//
// Run by scripts/bench-gateway.sh, which builds the binaries. Not a test: figures, not verdicts.
import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { startNode } from '../lib/node.js';
import { connect, freshAccount, submit, findEvent, dev, scope, identityCommitment } from '../lib/chain.js';
import { startGateway, signedFetch, accessRecordHeaders, provideBundle } from '../lib/gateway.js';

const { values: opts } = parseArgs({
  options: {
    docs: { type: 'string', default: '100' },
    size: { type: 'string', default: String(100 * 1024) },
    concurrency: { type: 'string', default: '4' },
    out: { type: 'string', default: 'gateway.json' },
  },
});
const DOCS = Number(opts.docs);
const SIZE = Number(opts.size);
const C = Number(opts.concurrency);
const LAB = 1;
const HOSPITAL = 0;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `job(i)` for i in 0..n with `c` at a time; returns {perSecond, p50, p99} of the latencies (ms). */
async function measure(n, c, job) {
  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: c }, async (_, worker) => {
    for (let i = next++; i < n; i = next++) {
      const t = await job(i, worker);
      latencies.push(t);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: n / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function timed(request) {
  const t0 = performance.now();
  const res = await request();
  const t = performance.now() - t0;
  if (res.status !== 200) throw new Error(`gateway answered ${res.status}: ${res.body.toString().slice(0, 300)}`);
  return { res, t };
}

async function main() {
  const node = await startNode({ sealing: process.env.HEALTHCHAIN_SEALING || 'instant' });
  const api = await connect(node.url);
  const enforced = await startGateway({ organization: LAB, chainUrl: node.url, maxBody: 64 * 1024 * 1024 });
  process.env.HEALTHCHAIN_GATEWAY_BENCHMARK = '1';
  const baseline = await startGateway({ organization: LAB, chainUrl: node.url, maxBody: 64 * 1024 * 1024, extraArgs: ['--benchmark-baseline-without-chain-checks'] });
  try {
    console.error(`setting up: ${DOCS} documents of ${SIZE} bytes, ${C} clients`);
    const patient = await freshAccount(api);
    await submit(api, api.tx.patientIdentity.register(identityCommitment('bench', randomBytes(32), patient.address)), patient);
    const grant = (grantee, actions, purposes = []) => submit(api, api.tx.consent.grantConsent(
      patient.address, grantee, { decision: 'Permit', scope: scope({ actions, categories: ['LabResult'], purposes }) },
      [], '0x' + 'ab'.repeat(32), null, null, 'Allowed'), patient);
    await grant({ Organization: LAB }, ['Store']);
    const techs = [];
    const doctors = [];
    for (let w = 0; w < C; w++) {
      const tech = await freshAccount(api);
      await submit(api, api.tx.organizations.addMember(tech.address, 'LabTechnician'), dev('//Eve'));
      techs.push(tech);
      const doctor = await freshAccount(api);
      await submit(api, api.tx.organizations.addMember(doctor.address, 'Physician'), dev('//Dave'));
      await grant({ Member: { account: doctor.address, organization: HOSPITAL } }, ['Access'], ['TREAT']);
      doctors.push(doctor);
    }
    const documents = Array.from({ length: DOCS }, () => randomBytes(SIZE));
    const anchors = [];
    for (const [i, bytes] of documents.entries()) {
      const { events } = await submit(api, api.tx.recordAnchors.anchorRecord(
        { Patient: patient.address }, blake2AsHex(bytes, 256), 'Blake2b256', 'LabResult', 'DiagnosticReport', ['N'],
        '0x', null, 'TREAT', null), techs[i % C]);
      anchors.push(findEvent(events, 'recordAnchors', 'RecordAnchored').data.id.toNumber());
    }

    const results = {};
    for (const [name, gw] of [['chain-checked', enforced], ['baseline (checks off)', baseline]]) {
      const deposit = await measure(DOCS, C, async (i, w) => (await timed(() => signedFetch(techs[w], 'POST', `${gw.url}/fhir`, {
        body: provideBundle(patient.address, documents[i], { contentType: 'application/octet-stream', anchor: anchors[i] }),
      }))).t);
      const retrieve = await measure(DOCS, C, async (i, w) => {
        // Signing the two access records is the client's work, not the gateway's: outside the clock.
        const headers = gw === enforced
          ? await accessRecordHeaders(api, doctors[w], { patient: patient.address, anchor: anchors[i], category: 'LabResult', purpose: 'TREAT' })
          : {};
        const { res, t } = await timed(() => signedFetch(doctors[w], 'GET', `${gw.url}/fhir/Binary/${anchors[i]}`, { purpose: 'TREAT', headers }));
        if (!res.body.equals(documents[i])) throw new Error(`Binary/${anchors[i]}: other bytes`);
        // accountNextIndex counts the pool's ready transactions, so the next records take the next nonce.
        return t;
      });
      results[name] = { deposit, retrieve };
    }
    const [checked, off] = [results['chain-checked'], results['baseline (checks off)']];
    const row = (phase, name, r) => `${phase.padEnd(9)} ${name.padEnd(22)} ${r.perSecond.toFixed(1).padStart(8)} docs/s   p50 ${r.p50.toFixed(1).padStart(7)} ms   p99 ${r.p99.toFixed(1).padStart(7)} ms`;
    console.log(`\ngateway benchmark: ${DOCS} documents of ${SIZE} bytes, ${C} concurrent clients, sealing ${process.env.HEALTHCHAIN_SEALING || 'instant'}`);
    for (const phase of ['deposit', 'retrieve']) {
      console.log(row(phase, 'chain-checked', checked[phase]));
      console.log(row(phase, 'baseline (checks off)', off[phase]));
      console.log(`${''.padEnd(9)} ratio checked/baseline: ${(checked[phase].perSecond / off[phase].perSecond).toFixed(2)}× throughput, ${(checked[phase].p50 / off[phase].p50).toFixed(2)}× p50 latency`);
    }
    writeFileSync(opts.out, JSON.stringify({ docs: DOCS, size: SIZE, concurrency: C, results }, null, 2));
  } finally {
    await enforced.stop();
    await baseline.stop();
    await api.disconnect();
    await node.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
