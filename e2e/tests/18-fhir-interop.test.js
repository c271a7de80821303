// Interoperability: a FHIR client nobody here wrote (npm `fhir-kit-client`) drives the gateway's
// ITI-65, ITI-67 and ITI-68 with IHE's own example Provide Document Bundles (public repository
// IHE/ITI.MHD, `input/examples`, kept in fixtures/ihe-mhd; the XML ones read with the npm `fhir`
// library), the chain's identifiers substituted: the example patient becomes a registered
// patient's account, and each example document is anchored on chain before it is provided.
// The only Healthchain-specific part of the client is its request signer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { Client } from 'fhir-kit-client';
import { blake2AsHex } from '@polkadot/util-crypto';
import { registeredPatient } from '../lib/suite.js';
import { submit, findEvent, scope } from '../lib/chain.js';
import { useGatewayChain, hire, signRequest, accessRecordHeaders } from '../lib/gateway.js';

const require = createRequire(import.meta.url);
const { Fhir } = require('fhir');
const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'ihe-mhd');
const LAB = 1;
const HOSPITAL = 0;

const { chain, gateways } = useGatewayChain({ lab: { organization: LAB } });

/** fhir-kit-client signing every request with `pair`'s chain key for `purpose`. */
function fhirClient(pair, purpose) {
  return new Client({
    baseUrl: `${gateways.lab.url}/fhir`,
    requestSigner: (url, init) => {
      const body = init.body === undefined ? undefined : Buffer.from(init.body);
      for (const [k, v] of Object.entries(signRequest(pair, init.method, url, { body, purpose }))) init.headers.set(k, v);
    },
  });
}

/** IHE's example bundle `name` (XML read by the `fhir` library) with its patient replaced by `patient`. */
function example(name, patient) {
  const text = readFileSync(join(EXAMPLES, name), 'utf8');
  const bundle = name.endsWith('.xml') ? new Fhir().xmlToObj(text) : JSON.parse(text);
  return JSON.parse(JSON.stringify(bundle).replace(/"Patient\/(example|ex-patient)"/g, `"Patient/${patient}"`));
}

/** The canonical JSON of a resource (members sorted, no whitespace): how a FHIR document travelling as a resource is hashed. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The bytes of each document of a Provide Document Bundle, as the gateway will hash them. */
function documents(bundle) {
  const byUrl = new Map(bundle.entry.map((e) => [e.fullUrl, e.resource]));
  return bundle.entry
    .filter((e) => e.resource.resourceType === 'DocumentReference')
    .map((e) => {
      const target = byUrl.get(e.resource.content[0].attachment.url);
      return target.resourceType === 'Binary' ? Buffer.from(target.data, 'base64') : Buffer.from(canonical(target));
    });
}


for (const name of ['pdb-minimalSubmission.xml', 'pdb-ComprehensiveSubmission.xml', 'provide-bundle-with-fhir-document.json']) {
  test(`IHE example ${name}: provided, found and retrieved with fhir-kit-client`, async () => {
    const patient = await registeredPatient(chain.api);
    const grant = (grantee, actions, purposes = []) => submit(chain.api, chain.api.tx.consent.grantConsent(
      patient.address, grantee, { decision: 'Permit', scope: scope({ actions, categories: ['ClinicalNote', 'LabResult'], purposes }) },
      [], '0x' + 'ab'.repeat(32), null, null, 'Allowed'), patient);
    await grant({ Organization: LAB }, ['Store']);
    const tech = await hire(chain.api, '//Eve', 'LabTechnician');
    const bundle = example(name, patient.address);
    const anchors = [];
    for (const bytes of documents(bundle)) {
      const { events } = await submit(chain.api, chain.api.tx.recordAnchors.anchorRecord(
        { Patient: patient.address }, blake2AsHex(bytes, 256), 'Blake2b256', 'LabResult', 'DocumentReference', ['N'],
        '0x', null, 'TREAT', null), tech);
      anchors.push(findEvent(events, 'recordAnchors', 'RecordAnchored').data.id.toNumber());
    }

    // ITI-65: the transaction, as the client sends any FHIR transaction.
    const response = await fhirClient(tech).transaction({ body: bundle });
    assert.equal(response.resourceType, 'Bundle');
    assert.equal(response.type, 'transaction-response');
    assert.equal(response.entry.length, bundle.entry.length);
    assert.ok(response.entry.every((e) => e.response.status === '201 Created'));

    // ITI-67 and ITI-68 by a physician the patient permits.
    const doctor = await hire(chain.api, '//Dave', 'Physician');
    await grant({ Member: { account: doctor.address, organization: HOSPITAL } }, ['Access'], ['TREAT']);
    const client = fhirClient(doctor, 'TREAT');
    const found = await client.search({ resourceType: 'DocumentReference', searchParams: { patient: `Patient/${patient.address}` } });
    assert.equal(found.type, 'searchset');
    assert.deepEqual(found.entry.map((e) => Number(e.resource.id)).sort(), [...anchors].sort());
    const [bytes] = documents(bundle);
    const headers = await accessRecordHeaders(chain.api, doctor, { patient: patient.address, anchor: anchors[0], category: 'LabResult', purpose: 'TREAT' });
    const binary = await client.read({ resourceType: 'Binary', id: String(anchors[0]), options: { headers } });
    assert.equal(binary.resourceType, 'Binary');
    assert.ok(Buffer.from(binary.data, 'base64').equals(bytes), 'the exact bytes of IHE\'s example');

    // A refusal reaches the client as the FHIR error it expects: an OperationOutcome.
    const stranger = await hire(chain.api, '//Dave', 'Physician');
    const refusedHeaders = await accessRecordHeaders(chain.api, stranger, { patient: patient.address, anchor: anchors[0], category: 'LabResult', purpose: 'TREAT' });
    await assert.rejects(
      fhirClient(stranger, 'TREAT').read({ resourceType: 'Binary', id: String(anchors[0]), options: { headers: refusedHeaders } }),
      (e) => e.response.status === 403 && e.response.data.resourceType === 'OperationOutcome',
    );
  });
}
