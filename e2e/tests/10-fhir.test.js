// FHIR Consent in and out: HL7's published Consent examples (R4 4.0.1 and R5 5.0.0, from their
// registry packages) each imported or refused with the element named, round-tripped to their
// normalisation and validated against the official FHIR JSON schemas; a patient grants a consent
// from a FHIR file with the `healthchain` command-line client, and the runtime API decides as the
// file says; the `health_consentsFhir` RPC returns it as schema-valid FHIR.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { freshAccount, dev, rpcHttp, finalized } from '../lib/chain.js';
import { useDevChain, registeredPatient, scratchDir } from '../lib/suite.js';
import { cli as runCli } from '../lib/cli.js';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const DIRECTORY = join(here, '..', 'fixtures', 'hl7-directory.json');

/** Run the client; resolve to `{ code, json, stderr }` whatever its exit. */
const cli = (...args) => runCli(args);

/**
 * The official FHIR JSON schemas (`openapi/fhir.schema.json` of the HL7 core packages): R4 Consents
 * are checked against R4B's (hl7.fhir.r4b.core 4.3.0; R4B left Consent as R4 had it, and no R4
 * core package ships the schema), R5 against R5's.
 */
function validators() {
  // The official files' `decimal` pattern has a stray `}` that only non-unicode regexps accept.
  const ajv = new Ajv({ strict: false, allErrors: false, validateSchema: false, unicodeRegExp: false });
  const schema = (pkg) => JSON.parse(readFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), 'openapi', 'fhir.schema.json'), 'utf8'));
  const r4 = schema('hl7.fhir.r4b.core');
  const r5 = schema('hl7.fhir.r5.core');
  // Draft-06 documents naming their base with `id`: give ajv the same base as `$id`.
  const ids = { R4: 'http://hl7.org/fhir/json-schema/4.3', R5: 'http://hl7.org/fhir/json-schema/5.0' };
  for (const [s, id] of [[r4, ids.R4], [r5, ids.R5]]) {
    delete s.id; delete s.$schema; s.$id = id;
    ajv.addSchema(s);
  }
  return { R4: ajv.getSchema(`${ids.R4}#/definitions/Consent`), R5: ajv.getSchema(`${ids.R5}#/definitions/Consent`) };
}

function assertValid(validate, resource, what) {
  const ok = validate(resource);
  assert.ok(ok, `${what} is not valid FHIR: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
}

/** HL7's examples and what the chain makes of them: imported, or refused naming the element. */
const EXPECTED = {
  R4: {
    'Consent-consent-example-basic.json': 'imported',
    'Consent-consent-example-Emergency.json': 'imported',
    'Consent-consent-example-grantor.json': 'Consent.provision.actor[1].reference',
    'Consent-consent-example-notAuthor.json': 'imported',
    'Consent-consent-example-notOrg.json': 'imported',
    'Consent-consent-example-notThem.json': 'imported',
    'Consent-consent-example-notThis.json': 'Consent.provision.data[0].meaning',
    'Consent-consent-example-notTime.json': 'imported',
    'Consent-consent-example-Out.json': 'imported',
    'Consent-consent-example-pkb.json': 'Consent.provision.provision[0].type',
    'Consent-consent-example-signature.json': 'Consent.provision.provision[0].class[0]',
    'Consent-consent-example-smartonfhir.json': 'imported',
  },
  R5: {
    'Consent-consent-example-basic.json': 'imported',
    'Consent-consent-example-CDA.json': 'Consent.grantee[0]',
    'Consent-consent-example-Emergency.json': 'imported',
    'Consent-consent-example-grantor.json': 'imported',
    'Consent-consent-example-notAuthor.json': 'imported',
    'Consent-consent-example-notOrg.json': 'imported',
    'Consent-consent-example-notThem.json': 'imported',
    'Consent-consent-example-notThis.json': 'Consent.provision[0].data[0].meaning',
    'Consent-consent-example-notTime.json': 'imported',
    'Consent-consent-example-Out.json': 'imported',
    'Consent-consent-example-pkb.json': 'imported',
    'Consent-consent-example-smartonfhir.json': 'imported',
  },
};

let schemas;
before(() => { schemas = validators(); });

for (const [version, pkg] of [['R4', 'hl7.fhir.r4.examples'], ['R5', 'hl7.fhir.r5.examples']]) {
  test(`HL7's ${version} Consent examples import or are refused by element, and round-trip to their normalisation`, async () => {
    const dir = join(dirname(require.resolve(`${pkg}/package.json`)));
    const files = readdirSync(dir).filter((f) => /^Consent-.*\.json$/.test(f)).sort();
    assert.deepEqual(files, Object.keys(EXPECTED[version]).sort(), 'every published example is listed');
    const report = [];
    for (const f of files) {
      const input = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      assertValid(schemas[version], input, `${version} ${f} (as published)`);
      const r = await cli('fhir', 'roundtrip', '--file', join(dir, f), '--directory', DIRECTORY);
      assert.equal(r.code, 0, r.stderr);
      const outcome = r.json.imported ? 'imported' : r.json.element;
      report.push(`${version} ${f}: ${r.json.imported ? 'imported' : `refused (${r.json.element}: ${r.json.message})`}`);
      assert.equal(outcome, EXPECTED[version][f], `${f}: ${JSON.stringify(r.json).slice(0, 400)}`);
      if (r.json.imported) {
        assert.deepEqual(r.json.output, r.json.normalised, `${f} round trip`);
        assertValid(schemas[version], r.json.output, `${version} ${f} (exported)`);
      }
    }
    console.log(report.join('\n'));
  });
}

// The demo hospital (organisation 0) and its physician //Ferdie//stash.
const HOSPITAL = 0;
const physician = () => dev('//Ferdie//stash');
const chain = useDevChain();

test('a patient grants from a FHIR R4 file with the CLI; the chain decides as the file says; the RPC returns it as FHIR', async () => {
  const p = await registeredPatient(chain.api);
  const url = chain.node.httpUrl;
  const file = join(scratchDir('hc-fhir-'), 'consent.json');
  const consent = {
    resourceType: 'Consent',
    status: 'active',
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
    patient: { reference: `Patient/${p.address}` },
    policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN' }] },
    provision: {
      type: 'permit',
      actor: [{ role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'PRCP' }] }, reference: { reference: `Organization/${HOSPITAL}` } }],
      action: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentaction', code: 'access' }] }],
      purpose: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT' }],
      provision: [{ type: 'deny', securityLabel: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'PSY' }] }],
    },
  };
  assertValid(schemas.R4, consent, 'the file');
  writeFileSync(file, JSON.stringify(consent));
  const granted = await cli('--url', url, 'consent', 'grant', '--file', file, '--suri', p.secretUri);
  assert.equal(granted.code, 0, granted.stderr);
  const id = granted.json.consent;
  const q = (category, labels = []) => chain.api.call.consentApi.checkAccess({
    requester: physician().address, patient: p.address, action: 'Access', category, resourceType: null, labels, purpose: 'TREAT',
  });
  assert.deepEqual((await q('Imaging')).toJSON(), { permit: { consent: id, provision: 0 } });
  assert.deepEqual((await q('PsychiatricNote')).toJSON(), { deny: { consent: id, provision: 1 } }, 'the nested deny of PSY');
  // ETREAT is a specialisation of TREAT: the consent covers it.
  assert.equal((await chain.api.call.consentApi.checkAccess({
    requester: physician().address, patient: p.address, action: 'Access', category: 'LabResult', resourceType: null, labels: [], purpose: 'ETREAT',
  })).toJSON().permit.consent, id);

  // Read back as FHIR: R4 states it; R5 has no form for a constrained root and says so.
  await finalized(chain.api, granted.json.block); // the RPC reads finalized state
  const [r4] = (await rpcHttp(url, 'health_consentsFhir', [p.address, 'R4'])).result;
  assert.equal(r4.id, id);
  assertValid(schemas.R4, r4.resource, 'health_consentsFhir R4');
  assert.equal(r4.resource.provision.provision[0].type, 'deny');
  const [r5] = (await rpcHttp(url, 'health_consentsFhir', [p.address, 'R5'])).result;
  assert.match(r5.error, /^Consent\.provision: /);
  const listed = await cli('--url', url, 'consent', 'list', '--patient', p.address);
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual(listed.json[0].resource, r4.resource);
});

test('the CLI refuses what the chain cannot express, or what the chain refuses, by name and with a non-zero exit', async () => {
  const p = await registeredPatient(chain.api);
  const url = chain.node.httpUrl;
  const dir = scratchDir('hc-fhir-');
  const base = { resourceType: 'Consent', status: 'active', patient: { reference: `Patient/${p.address}` }, provision: { type: 'permit' } };
  const write = (name, v) => { const f = join(dir, name); writeFileSync(f, JSON.stringify(v)); return f; };
  const draft = await cli('--url', url, 'consent', 'grant', '--file', write('draft.json', { ...base, status: 'draft' }), '--suri', p.secretUri);
  assert.notEqual(draft.code, 0);
  assert.match(draft.stderr, /Consent\.status: `draft`/);
  // Someone else's consent: the chain refuses with its named error.
  const stranger = await freshAccount(chain.api);
  const notYours = await cli('--url', url, 'consent', 'grant', '--file', write('p.json', base), '--suri', stranger.secretUri);
  assert.notEqual(notYours.code, 0);
  assert.match(notYours.stderr, /Consent\(NotAuthorizedForPatient\)/);
  const badKey = await cli('--url', url, 'consent', 'grant', '--file', write('q.json', base), '--suri', 'not a key');
  assert.notEqual(badKey.code, 0);
  assert.match(badKey.stderr, /--suri/);
});
